import type { ScreenDef } from '../screen-def';
import { cieText } from '../../messages/cie';
import { AgendaScreen } from './Agenda';
import { ConflictsScreen } from './Conflicts';
import { RemindersScreen } from './Reminders';
import { SettingsScreen } from './Settings';
import { WalkInsScreen } from './WalkIns';

/** The cie room's screens, in menu order. */
export const cieScreens: ScreenDef[] = [
  { id: 'cie-agenda', title: cieText.nav.agenda, role: 'cie', component: AgendaScreen, group: 'cie' },
  { id: 'cie-walkins', title: cieText.nav.walkIns, role: 'cie', component: WalkInsScreen, group: 'cie' },
  { id: 'cie-conflicts', title: cieText.nav.conflicts, role: 'cie', component: ConflictsScreen, group: 'cie' },
  { id: 'cie-reminders', title: cieText.nav.reminders, role: 'cie', component: RemindersScreen, group: 'cie' },
  { id: 'cie-settings', title: cieText.nav.settings, role: 'responsabile', component: SettingsScreen, group: 'amministrazione' },
];
