import type { ScreenDef } from '../screen-def';
import { pagopaMessages as P } from '../../messages/pagopa';
import { IssueNotice } from './IssueNotice';
import { Notices } from './Notices';
import { Reconciliation } from './Reconciliation';
import { PagopaSettings } from './Settings';
import './pagopa.css';

export { IssueNoticeButton, type IssueNoticeButtonProps } from './IssueNoticeButton';
export { issueParam } from './draft';

/** The pagopa room's screens, in menu order. */
export const pagopaScreens: ScreenDef[] = [
  { id: 'pagopa-issue', title: P.nav.issue, role: 'cassa', component: IssueNotice, group: 'pagopa' },
  { id: 'pagopa-notices', title: P.nav.notices, role: 'cassa', component: Notices, group: 'pagopa' },
  { id: 'pagopa-reconciliation', title: P.nav.reconciliation, role: 'cassa', component: Reconciliation, group: 'pagopa' },
  { id: 'pagopa-settings', title: P.nav.settings, role: 'responsabile', component: PagopaSettings, group: 'amministrazione' },
];
