import type { ScreenDef } from '../screen-def';
import { anagrafeText } from '../../messages/anagrafe';
import { loadText } from '../../messages/anagrafe-load';
import { certificatesReadyText } from '../../messages/certificates-ready';
import { AnagrafeScreen } from './AnagrafeScreen';
import { InitialLoad } from './InitialLoad';
import { ReadyCertificates } from './ReadyCertificates';

/**
 * The anagrafe room's screens, in menu order: the counter (search, record and forms inside), the
 * certificates ANPR sent back, and the responsabile's initial load.
 */
export const anagrafeScreens: ScreenDef[] = [
  { id: 'anagrafe', title: anagrafeText.menu, role: 'anagrafe', component: AnagrafeScreen, group: 'anagrafe' },
  { id: 'certificati', title: certificatesReadyText.menu, role: 'anagrafe', component: ReadyCertificates, group: 'anagrafe' },
  { id: 'anagrafe-load', title: loadText.menu, role: 'responsabile', component: InitialLoad, group: 'anagrafe' },
];
