import { t } from '../messages/it';
import { Home } from './Home';
import { Operators } from './Operators';
import { SyncPanel } from './SyncPanel';
import { RiepilogoScreen } from './RiepilogoScreen';
import { statsText } from '../messages/stats';
import { anagrafeScreens } from './anagrafe';
import { pagopaScreens } from './pagopa';
import { cieScreens } from './cie';
import { demoScreens } from './demo';
import { cardScreens } from './card';
import { setupScreens } from './setup';
import { ioScreens } from './io';
import type { ScreenDef } from './screen-def';

/** The screens of the counter; the menu shows them by group (screen-def.ts), in this order within each. Rooms add theirs here. */
export const screens: ScreenDef[] = [
  { id: 'home', title: t.nav.home, role: 'any', component: Home, group: null },
  ...anagrafeScreens,
  ...cieScreens,
  ...pagopaScreens,
  { id: 'sync', title: t.nav.sync, role: 'any', component: SyncPanel, group: 'invii' },
  { id: 'operators', title: t.nav.operators, role: 'responsabile', component: Operators, group: 'amministrazione' },
  { id: 'riepilogo', title: statsText.nav, role: 'responsabile', component: RiepilogoScreen, group: 'amministrazione' },
  ...setupScreens,
  ...ioScreens,
  ...demoScreens,
  ...cardScreens,
];
