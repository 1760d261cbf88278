/** What the ANPR adapter needs to know; the lead keeps it encrypted in Settings. */
import type { Pkcs12Source } from './credentials';

export interface AnprConfig {
  /** Base URL, e.g. https://ws.anpr.interno.it, or the simulator's http://127.0.0.1:PORT/anpr. */
  endpoint: string;
  /** ISTAT code of the Comune: codMittente and SAML IdSede. */
  codiceIstatComune: string;
  /** Header version selector; 'ANPR05' today. */
  codDestinatario?: string;
  /** Must match the ANPR environment. */
  tipoInvio: 'TEST' | 'PROD';
  /** Workstation id as registered in ANPR (SAML IdPostazione). */
  idPostazione: string;
  idApplicazione?: string;
  software?: { nome?: string; versione?: string; fornitore?: string };
  /** <ISTAT>-CO-nnnn.p12: signs the SAML assertion. */
  comuneCertificate: Pkcs12Source;
  /** <ISTAT>-PC-nnnn.p12: signs IdPostazione. */
  postazioneCertificate: Pkcs12Source;
  /** Address reported as SAML SubjectLocality. */
  localIp?: string;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
  /** Parallel sends; ordering per subject is the scheduler's job. Default 2. */
  concurrency?: number;
}

export const DEFAULT_COD_DESTINATARIO = 'ANPR05';
export const DEFAULT_TIMEOUT_MS = 30_000;
