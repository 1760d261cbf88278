import { ioText } from '../../messages/io';
import type { ScreenDef } from '../screen-def';
import { IoSettings } from './IoSettings';

/** The IO room's screen: Impostazioni › App IO (the responsabile's). */
export const ioScreens: ScreenDef[] = [
  { id: 'io-settings', title: ioText.settings.nav, role: 'responsabile', component: IoSettings, group: 'amministrazione' },
];
