import type { ScreenDef } from '../screen-def';
import { setupText } from '../../messages/setup';
import { SetupScreen } from './Setup';

export { HomeSetupNotices } from './HomeNotices';

/** The set-up screen, in the menu of the responsabile. */
export const setupScreens: ScreenDef[] = [
  { id: 'setup', title: setupText.nav, role: 'responsabile', component: SetupScreen, group: 'amministrazione' },
];
