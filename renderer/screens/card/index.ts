import { cardText } from '../../messages/card';
import type { ScreenDef } from '../screen-def';
import { CscaSettings } from './CscaSettings';

/** The card room's screens, in menu order (to be spread into renderer/screens/registry.ts). */
export const cardScreens: ScreenDef[] = [
  { id: 'card-csca', title: cardText.csca.title, role: 'responsabile', component: CscaSettings, group: 'amministrazione' },
];
