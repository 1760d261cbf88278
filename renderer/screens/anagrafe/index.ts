import type { ScreenDef } from '../screen-def';
import { anagrafeText } from '../../messages/anagrafe';
import { certificatesReadyText } from '../../messages/certificates-ready';
import { AnagrafeScreen } from './AnagrafeScreen';
import { ReadyCertificates } from './ReadyCertificates';

/** The anagrafe room's screens, in menu order (search, record and forms inside the first; then the certificates ANPR sent back). */
export const anagrafeScreens: ScreenDef[] = [
  { id: 'anagrafe', title: anagrafeText.menu, role: 'anagrafe', component: AnagrafeScreen, group: 'anagrafe' },
  { id: 'certificati', title: certificatesReadyText.menu, role: 'anagrafe', component: ReadyCertificates, group: 'anagrafe' },
];
