/** The request header every ANPR service takes (tipoTestataRichiesta, anpr.md §1.3). */
import { el, txt } from '../xml-build';
import type { AnprServiceCode } from '../services';

/** Who sends, to which environment: from the adapter configuration. */
export interface SenderContext {
  /** ISTAT code of the Comune (codMittente). */
  codMittente: string;
  /** Version selector, 'ANPR05' today (changelog 2024-07-01). */
  codDestinatario: string;
  /** 'TEST' or 'PROD'; must match the ANPR environment. */
  tipoInvio: string;
  software?: { nome?: string; versione?: string; fornitore?: string };
}

/** Per-operation header fields that come from the pratica. */
export interface HeaderFields {
  /** C richiesta del cittadino, V correzione di errori, R rettifica di una precedente operazione. */
  tipoOperazione: 'C' | 'V' | 'R';
  protocolloComune?: string;
  dataProtocolloComune?: string;
  dataDecorrenza?: string;
  dataDefinizionePratica?: string;
}

export interface HeaderInput extends HeaderFields {
  /** From the outbox item's idempotencyKey: allocated once when the pratica was saved. */
  idOperazioneComune: string;
  operazioneRichiesta: AnprServiceCode;
  /** Send instant, UTC ISO. */
  dataOraRichiesta: string;
}

export function testataRichiestaXml(sender: SenderContext, h: HeaderInput): string {
  return el(
    'testataRichiesta',
    txt('idOperazioneComune', h.idOperazioneComune),
    txt('codMittente', sender.codMittente),
    txt('codDestinatario', sender.codDestinatario),
    txt('operazioneRichiesta', h.operazioneRichiesta),
    txt('dataOraRichiesta', h.dataOraRichiesta),
    txt('tipoOperazione', h.tipoOperazione),
    txt('protocolloComune', h.protocolloComune),
    txt('dataProtocolloComune', h.dataProtocolloComune),
    txt('tipoInvio', sender.tipoInvio),
    txt('dataDecorrenza', h.dataDecorrenza),
    txt('dataDefinizionePratica', h.dataDefinizionePratica),
    txt('nomeApplicativo', sender.software?.nome),
    txt('versioneApplicativo', sender.software?.versione),
    txt('fornitoreApplicativo', sender.software?.fornitore),
  );
}
