import { procedure } from './define';

/** The pagopa room's procedures (see electron/contract.ts). */
export const pagopaContract = {} satisfies Record<string, ReturnType<typeof procedure>>;
