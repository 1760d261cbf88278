import { procedure } from './define';

/** The card room's procedures (see electron/contract.ts). */
export const cardContract = {} satisfies Record<string, ReturnType<typeof procedure>>;
