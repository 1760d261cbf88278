import { procedure } from './define';

/** The anagrafe room's procedures (see electron/contract.ts). */
export const anagrafeContract = {} satisfies Record<string, ReturnType<typeof procedure>>;
