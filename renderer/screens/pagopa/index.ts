import type { ScreenDef } from '../registry';

/** The pagopa room's screens, in menu order. */
export const pagopaScreens: ScreenDef[] = [];
