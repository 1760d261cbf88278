/**
 * What a correction of a refused pratica may never change, whatever ANPR's answer was about: the
 * subject it concerns. That is every idSchedaSoggetto (the Comune's and ANPR's record of a person)
 * and the codice fiscale by which an existing person is looked up (generalitaPerRicerca). The data
 * of a person being registered (1001/1002) or the new generalità of a 5008, codice fiscale
 * included, are what a correction is for. The pratica's code is checked by the kind's schema.
 */
const IDENTITY_KEYS = new Set(['idSchedaSoggetto', 'idSchedaSoggettoANPR']);

/** Identity leaves of a pratica payload, by dotted path. */
function identityLeaves(v: unknown, at: string[] = [], out = new Map<string, string>()): Map<string, string> {
  if (typeof v !== 'object' || v === null) return out;
  for (const [k, child] of Object.entries(v)) {
    const path = [...at, k];
    const searched = at.includes('generalitaPerRicerca') && at.at(-1) === 'codiceFiscale' && k === 'codFiscale';
    if ((IDENTITY_KEYS.has(k) || searched) && (typeof child === 'string' || typeof child === 'number')) out.set(path.join('.'), String(child));
    else identityLeaves(child, path, out);
  }
  return out;
}

/**
 * The identity paths the refused pratica had and its correction changes or drops. Adding one is
 * allowed: ANPR_RISPOSTA_MULTIPLA asks the clerk to name the right subject.
 */
export function identityChanges(original: unknown, corrected: unknown): string[] {
  const before = identityLeaves(original);
  const after = identityLeaves(corrected);
  return [...before].filter(([k, v]) => after.get(k) !== v).map(([k]) => k);
}
