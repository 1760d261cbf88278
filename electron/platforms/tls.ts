/**
 * Tells a TLS certificate refusal apart from a network failure. fetch reports both as
 * "fetch failed"; the cause's code says which: an alert from the platform about our client
 * certificate (bad, unknown CA, revoked, expired, required) or our own refusal of the platform's
 * certificate. Either way resending will not help until someone fixes the certificates, so the
 * adapters report it as a credentials failure, not as the network's.
 */
const CLIENT_CERT_ALERT =
  /^ERR_SSL_(SSLV3|TLSV1|TLSV13)_ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED|CERTIFICATE_UNKNOWN|CERTIFICATE_REQUIRED|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED)$/;
const SERVER_CERT_REFUSED = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export type TlsRefusal = { side: 'ours' | 'theirs'; code: string };

/** The TLS certificate problem behind a failed fetch, if that is what it was. */
export function tlsRefusal(e: unknown): TlsRefusal | null {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (CLIENT_CERT_ALERT.test(code)) return { side: 'ours', code };
    if (SERVER_CERT_REFUSED.has(code)) return { side: 'theirs', code };
  }
  return null;
}

/** Italian words for the responsabile, naming the platform ("ANPR", "pagoPA", "il sistema di prenotazione CIE"). */
export function tlsRefusalText(platformName: string, r: TlsRefusal): string {
  const subject = platformName.charAt(0).toUpperCase() + platformName.slice(1);
  return r.side === 'ours'
    ? `${subject} ha rifiutato il certificato di questo Comune (${r.code}). Verificare il certificato nelle Impostazioni: gli invii restano in coda e ripartono da soli quando è a posto.`
    : `Il certificato di ${platformName} non è riconosciuto da questo PC (${r.code}). Verificare l'indirizzo e i certificati nelle Impostazioni: gli invii restano in coda.`;
}
