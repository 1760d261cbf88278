import type { ScreenDef } from '../screen-def';
import { setupText } from '../../messages/setup';
import { SetupScreen } from './Setup';
import { StationsScreen } from './Stations';

export { HomeSetupNotices } from './HomeNotices';

/** The set-up screen and the Comune's workstations (with a hub), in the menu of the responsabile. */
export const setupScreens: ScreenDef[] = [
  { id: 'setup', title: setupText.nav, role: 'responsabile', component: SetupScreen, group: 'amministrazione' },
  { id: 'hub-stations', title: setupText.stations.nav, role: 'responsabile', component: StationsScreen, group: 'amministrazione' },
];
