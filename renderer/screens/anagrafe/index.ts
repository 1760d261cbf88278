import type { ScreenDef } from '../registry';

/** The anagrafe room's screens, in menu order. */
export const anagrafeScreens: ScreenDef[] = [];
