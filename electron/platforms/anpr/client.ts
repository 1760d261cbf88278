/**
 * One ANPR call: build the request element, sign a fresh WS-Security header (five-minute
 * assertion, made now), POST the SOAP envelope, parse the answer. No classification here.
 */
import { SportelloError } from '../../core/errors';
import { assertValidAt, loadPkcs12, type SigningIdentity } from './credentials';
import { DEFAULT_COD_DESTINATARIO, DEFAULT_TIMEOUT_MS, type AnprConfig } from './config';
import { buildRequestElement, type AnprRequest } from './messages/requests';
import type { SenderContext } from './messages/header';
import { parseAnswer, type ParsedAnswer } from './answer';
import { ANPR_SERVICES } from './services';
import { envelopeXml, securityHeaderXml } from './ws-security';
import { tlsRefusal, tlsRefusalText } from '../tls';

export interface CallOptions {
  /** From the outbox item (or the caller's sequence for look-ups): never allocated here. */
  idOperazioneComune: string;
  /** Codice fiscale of the operator on whose behalf the call is made (SAML NameID). */
  operatorCodiceFiscale: string;
  signal?: AbortSignal;
}

export interface CallResult {
  httpStatus: number;
  retryAfter: string | null;
  serverDate: string | null;
  parsed: ParsedAnswer;
}

export interface AnprClientDeps {
  now?: () => Date;
  fetch?: typeof fetch;
}

export interface AnprClient {
  readonly config: AnprConfig;
  /** The signed SOAP envelope exactly as it would be sent (conformance tests, support). */
  buildEnvelope(request: AnprRequest, opts: Omit<CallOptions, 'signal'>): string;
  call(request: AnprRequest, opts: CallOptions): Promise<CallResult>;
  /** Any HTTP answer from the ANPR host counts as reachable. */
  probe(signal: AbortSignal): Promise<{ reachable: boolean; serverDate?: string; latencyMs?: number; error?: string }>;
}

export function createAnprClient(config: AnprConfig, deps: AnprClientDeps = {}): AnprClient {
  const now = deps.now ?? (() => new Date());
  const doFetch = deps.fetch ?? fetch;
  const base = config.endpoint.replace(/\/+$/, '');
  let identities: { comune: SigningIdentity; postazione: SigningIdentity } | null = null;

  function loadIdentities(at: Date) {
    identities ??= {
      comune: loadPkcs12(config.comuneCertificate, 'comune'),
      postazione: loadPkcs12(config.postazioneCertificate, 'postazione'),
    };
    assertValidAt(identities.comune, 'comune', at);
    assertValidAt(identities.postazione, 'postazione', at);
    return identities;
  }

  const sender: SenderContext = {
    codMittente: config.codiceIstatComune,
    codDestinatario: config.codDestinatario ?? DEFAULT_COD_DESTINATARIO,
    tipoInvio: config.tipoInvio,
    software: config.software,
  };

  function buildEnvelope(request: AnprRequest, opts: Omit<CallOptions, 'signal'>): string {
    if (!/^[0-9a-zA-Z]{1,30}$/.test(opts.idOperazioneComune)) {
      throw new SportelloError(
        'ANPR_OPERATION_ID_INVALID',
        "L'identificativo dell'operazione non è valido per ANPR. Segnalare il problema all'assistenza Sportello.",
        { length: opts.idOperazioneComune.length },
      );
    }
    const at = now();
    const ids = loadIdentities(at);
    const element = buildRequestElement(request, sender, {
      idOperazioneComune: opts.idOperazioneComune,
      dataOraRichiesta: at.toISOString(),
    });
    const security = securityHeaderXml({
      operatorCodiceFiscale: opts.operatorCodiceFiscale,
      idSede: config.codiceIstatComune,
      idPostazione: config.idPostazione,
      idApplicazione: config.idApplicazione,
      localIp: config.localIp,
      now: at,
      comune: ids.comune,
      postazione: ids.postazione,
    });
    return envelopeXml(security, element);
  }

  async function call(request: AnprRequest, opts: CallOptions): Promise<CallResult> {
    const envelope = buildEnvelope(request, opts);
    const timeout = AbortSignal.timeout(config.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    let res: Response;
    let text: string;
    try {
      res = await doFetch(base + ANPR_SERVICES[request.code].path, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
        body: envelope,
        signal,
      });
      text = await res.text();
    } catch (cause) {
      if (timeout.aborted)
        throw new SportelloError(
          'ANPR_TIMEOUT',
          'ANPR non ha risposto in tempo: la pratica resta in coda e verrà reinviata con lo stesso identificativo.',
          { service: request.code },
          { cause },
        );
      if (opts.signal?.aborted)
        throw new SportelloError('ANPR_INTERRUPTED', 'Invio ad ANPR interrotto.', { service: request.code }, { cause });
      const tls = tlsRefusal(cause);
      if (tls)
        throw new SportelloError('ANPR_TLS_REFUSED', tlsRefusalText('ANPR', tls), { service: request.code, tls: tls.code }, { cause });
      throw new SportelloError(
        'ANPR_UNREACHABLE',
        'ANPR non è raggiungibile: la pratica resta in coda e verrà inviata appena la rete torna disponibile.',
        { service: request.code },
        { cause },
      );
    }
    return {
      httpStatus: res.status,
      retryAfter: res.headers.get('retry-after'),
      serverDate: res.headers.get('date'),
      parsed: parseAnswer(text),
    };
  }

  async function probe(signal: AbortSignal) {
    const started = Date.now();
    try {
      // HEAD: any answer proves the line and gives the server's clock; an idle counter probes every
      // few seconds, so it must not download ANPR's WSDL each time.
      const res = await doFetch(base + ANPR_SERVICES['3002'].path + '?wsdl', {
        method: 'HEAD',
        signal: AbortSignal.any([signal, AbortSignal.timeout(config.timeoutMs ?? DEFAULT_TIMEOUT_MS)]),
      });
      await res.arrayBuffer();
      return { reachable: true, serverDate: res.headers.get('date') ?? undefined, latencyMs: Date.now() - started };
    } catch (e) {
      return { reachable: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  return { config, buildEnvelope, call, probe };
}
