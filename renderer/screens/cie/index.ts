import type { ScreenDef } from '../registry';

/** The cie room's screens, in menu order. */
export const cieScreens: ScreenDef[] = [];
