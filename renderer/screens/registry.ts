import { t } from '../messages/it';
import { Home } from './Home';
import { Operators } from './Operators';
import { SyncPanel } from './SyncPanel';
import { anagrafeScreens } from './anagrafe';
import { pagopaScreens } from './pagopa';
import { cieScreens } from './cie';
import { demoScreens } from './demo';
import { cardScreens } from './card';
import { setupScreens } from './setup';
import type { ScreenDef } from './screen-def';

/** The screens of the counter, in menu order; Alt+1…9 opens them. Rooms add theirs here. */
export const screens: ScreenDef[] = [
  { id: 'home', title: t.nav.home, role: 'any', component: Home },
  ...anagrafeScreens,
  ...cieScreens,
  ...pagopaScreens,
  { id: 'sync', title: t.nav.sync, role: 'any', component: SyncPanel },
  { id: 'operators', title: t.nav.operators, role: 'responsabile', component: Operators },
  ...setupScreens,
  ...demoScreens,
  ...cardScreens,
];
