import type { ScreenDef } from '../screen-def';
import { demoText } from '../../messages/demo';
import { DemoDay } from './DemoDay';

/** The demo room's screen: the responsabile replays the day at the counter (demo mode only). */
export const demoScreens: ScreenDef[] = [
  { id: 'demo-day', title: demoText.nav, role: 'responsabile', component: DemoDay, demoOnly: true, group: 'amministrazione' },
];
