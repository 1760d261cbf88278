import type { ScreenDef } from '../screen-def';
import { anagrafeText } from '../../messages/anagrafe';
import { AnagrafeScreen } from './AnagrafeScreen';

/** The anagrafe room's screens, in menu order (one entry: search, record and forms inside). */
export const anagrafeScreens: ScreenDef[] = [
  { id: 'anagrafe', title: anagrafeText.menu, role: 'anagrafe', component: AnagrafeScreen, group: 'anagrafe' },
];
