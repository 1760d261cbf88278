import type { ScreenDef } from '../screen-def';
import { anagrafeText } from '../../messages/anagrafe';
import { loadText } from '../../messages/anagrafe-load';
import { AnagrafeScreen } from './AnagrafeScreen';
import { InitialLoad } from './InitialLoad';

/** The anagrafe room's screens, in menu order: the counter (search, record and forms inside), and the responsabile's initial load. */
export const anagrafeScreens: ScreenDef[] = [
  { id: 'anagrafe', title: anagrafeText.menu, role: 'anagrafe', component: AnagrafeScreen, group: 'anagrafe' },
  { id: 'anagrafe-load', title: loadText.menu, role: 'responsabile', component: InitialLoad, group: 'anagrafe' },
];
