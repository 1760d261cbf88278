import type { ComponentType } from 'react';
import type { Role } from '../../electron/core/auth/roles';
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

export interface ScreenDef {
  id: string;
  title: string;
  /** Role needed to see it in the menu; 'any' for every operator. */
  role: Role | 'any';
  component: ComponentType;
  /** Shown only in demo mode. */
  demoOnly?: boolean;
}

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
