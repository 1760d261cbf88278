import { procedure } from './define';

/** The cie room's procedures (see electron/contract.ts). */
export const cieContract = {} satisfies Record<string, ReturnType<typeof procedure>>;
