/**
 * The outbox Adapter for ANPR: sends items of kind 'anpr.<service code>' whose payload is a pratica
 * (core/anagrafe/pratica-model), with the item's idempotencyKey as idOperazioneComune, on behalf of
 * the operator who created the item, and classifies the answer. The engine hands it only items
 * whose payload parsed with their kind's schema.
 */
import type { Adapter, OutboxItem, SendContext, SendOutcome } from '../../core/sync/types';
import { isSportelloError } from '../../core/errors';
import type { PraticaPayload } from '../../core/anagrafe/pratica-model';
import { classifyAnswer } from './answer';
import { createAnprClient, type AnprClient, type AnprClientDeps } from './client';
import type { AnprConfig } from './config';
import { serviceCodeOfKind } from './services';

export interface AnprAdapterDeps extends AnprClientDeps {
  /** The codice fiscale with which the operator is registered in ANPR (SAML NameID). */
  operatorCodiceFiscale(operatorId: string): string | null | undefined;
}

/** Transport failures: the request may or may not have reached ANPR; resending the same id is safe. */
const TRANSIENT_CODES = new Set(['ANPR_TIMEOUT', 'ANPR_UNREACHABLE', 'ANPR_INTERRUPTED']);
/** The Comune's own certificates cannot be used (or TLS refused them): no item can go until fixed. */
const CREDENTIAL_CODES = new Set(['ANPR_CERT_EXPIRED', 'ANPR_CERT_UNREADABLE', 'ANPR_CERT_INCOMPLETE', 'ANPR_TLS_REFUSED']);

export function createAnprAdapter(config: AnprConfig, deps: AnprAdapterDeps): Adapter & { client: AnprClient } {
  const client = createAnprClient(config, deps);

  async function send(item: OutboxItem, ctx: SendContext): Promise<SendOutcome> {
    const code = serviceCodeOfKind(item.kind);
    if (!code) {
      return {
        kind: 'attention',
        code: 'ANPR_SERVICE_UNKNOWN',
        text: `Operazione "${item.kind}" non prevista per ANPR. Segnalare il problema all'assistenza Sportello.`,
      };
    }
    // Already parsed by the engine with the kind's schema (anagrafeOutboxHandlers.payloadSchemas), which
    // also checks that the pratica is of this service: what does not parse never reaches here.
    const pratica = item.payload as PraticaPayload;
    const operatorId = ctx.operatorId ?? item.operatorId;
    const operatorCf = operatorId ? deps.operatorCodiceFiscale(operatorId) : null;
    if (!operatorCf) {
      return {
        kind: 'attention',
        code: 'ANPR_OPERATOR_WITHOUT_CF',
        text: "Per inviare ad ANPR serve il codice fiscale dell'operatore che ha registrato la pratica. Inserirlo nella scheda dell'operatore e reinviare.",
      };
    }
    try {
      const res = await client.call(pratica, {
        idOperazioneComune: item.idempotencyKey,
        operatorCodiceFiscale: operatorCf,
        signal: ctx.signal,
      });
      return classifyAnswer(res.parsed, {
        httpStatus: res.httpStatus,
        idOperazioneComune: item.idempotencyKey,
        retryAfterHeader: res.retryAfter,
      });
    } catch (e) {
      if (isSportelloError(e)) {
        if (TRANSIENT_CODES.has(e.code)) return { kind: 'retry', failure: 'transport', code: e.code, text: e.userMessage };
        if (CREDENTIAL_CODES.has(e.code)) return { kind: 'retry', failure: 'credentials', code: e.code, text: e.userMessage };
        return { kind: 'attention', code: e.code, text: e.userMessage };
      }
      throw e;
    }
  }

  return {
    platform: 'anpr',
    concurrency: config.concurrency ?? 2,
    send,
    probe: (signal) => client.probe(signal),
    client,
  };
}
