/**
 * What a correction of a refused pratica may never change, whatever ANPR's answer was about: the
 * subject it concerns. That is every idSchedaSoggetto (the Comune's and ANPR's record of a person)
 * and the codice fiscale by which an existing person is looked up (generalitaPerRicerca). The data
 * of a person being registered (1001/1002) or the new generalità of a 5008, codice fiscale
 * included, are what a correction is for. The pratica's code is checked by the kind's schema.
 * For the ANPR errors whose subject is clear (anpr.md's error table) only the fields they concern
 * may change (CORRECTABLE); any other answer allows any field but the subject.
 */
const IDENTITY_KEYS = new Set(['idSchedaSoggetto', 'idSchedaSoggettoANPR']);

/** Identity leaves of a pratica payload, by dotted path. */
function identityLeaves(v: unknown, at: string[] = [], out = new Map<string, string>()): Map<string, string> {
  if (typeof v !== 'object' || v === null) return out;
  for (const [k, child] of Object.entries(v)) {
    const path = [...at, k];
    const searched = at.includes('generalitaPerRicerca') && at.at(-1) === 'codiceFiscale' && k === 'codFiscale';
    if ((IDENTITY_KEYS.has(k) || searched) && (typeof child === 'string' || typeof child === 'number'))
      out.set(path.join('.'), String(child));
    else identityLeaves(child, path, out);
  }
  return out;
}

/**
 * The identity paths the refused pratica had and its correction changes or drops. Adding one is
 * allowed: ANPR_ANSWER_SEVERAL_SUBJECTS asks the clerk to name the right subject.
 */
export function identityChanges(original: unknown, corrected: unknown): string[] {
  const before = identityLeaves(original);
  const after = identityLeaves(corrected);
  return [...before].filter(([k, v]) => after.get(k) !== v).map(([k]) => k);
}

/** Per ANPR error code: the elements (at any depth, with what is under them) a correction may change, and their words. */
const DATES = {
  keys: ['dataDecorrenza', 'dataDecorrenzaCancellazione', 'dataDecorrenzaResidenza', 'dataEvento'],
  words: 'le date (decorrenza, evento)',
  // What ANPR compares is the operation's decorrenza (the testata's, when there is one): the other
  // dates repeating it (residence, a member's joining the family) may follow, but are not what the
  // answer names.
  shown: (path: string[], payload: unknown) =>
    (payload as { testata?: { dataDecorrenza?: unknown } } | undefined)?.testata?.dataDecorrenza !== undefined
      ? path.join('.') === 'testata.dataDecorrenza'
      : !path.includes('legameSoggetto'),
};
const CORRECTABLE: Record<string, { keys: string[]; words: string; shown?: (path: string[], payload: unknown) => boolean }> = {
  // decorrenza before the subject's last operation, or dates that must coincide
  EN240: DATES,
  EN389: DATES,
  EN237: DATES,
  EN206: DATES,
  EN207: DATES,
  EN239: DATES,
  EN245: DATES,
  // numero pratica del Comune already used
  EN151: { keys: ['numeroPraticaComune'], words: 'il numero di pratica del Comune' },
  // birthplace not matching the cadastral code in the codice fiscale
  EN339: { keys: ['luogoNascita', 'codFiscale'], words: 'il luogo di nascita e il codice fiscale' },
  EN340: { keys: ['luogoNascita', 'codFiscale'], words: 'il luogo di nascita e il codice fiscale' },
};

function leaves(v: unknown, at: string[] = [], out = new Map<string, string>()): Map<string, string> {
  if (typeof v === 'object' && v !== null) for (const [k, child] of Object.entries(v)) leaves(child, [...at, k], out);
  else if (v !== undefined) out.set(at.join('.'), JSON.stringify(v));
  return out;
}

/** For an ANPR error with a known subject: the changed paths outside it, and what may change. */
export function changesOutsideAnswer(
  code: string | null,
  original: unknown,
  corrected: unknown,
): { paths: string[]; words: string } | null {
  const rule = CORRECTABLE[code ?? ''];
  if (!rule) return null;
  const before = leaves(original);
  const after = leaves(corrected);
  const paths = [...new Set([...before.keys(), ...after.keys()])].filter(
    (k) => before.get(k) !== after.get(k) && !k.split('.').some((seg) => rule.keys.includes(seg)),
  );
  return paths.length ? { paths, words: rule.words } : null;
}

/** Whether a payload path is the subject's identity (never changed by a correction). */
function isIdentityPath(path: string[]): boolean {
  const last = path.at(-1) ?? '';
  return IDENTITY_KEYS.has(last) || (path.includes('generalitaPerRicerca') && path.at(-2) === 'codiceFiscale' && last === 'codFiscale');
}

/**
 * How a field of a refused pratica stands after ANPR's answer `code` (OutboxHandler.correctionScope),
 * by the same rules as identityChanges and changesOutsideAnswer: 'concerned' for what the answer is
 * about, 'editable' for what a correction may still change, 'fixed' otherwise.
 */
export function correctionScope(code: string | null, dotted: string, payload: unknown): 'concerned' | 'editable' | 'fixed' {
  const path = dotted.split('.');
  if (path[0] === 'code' || isIdentityPath(path)) return 'fixed';
  const rule = CORRECTABLE[code ?? ''];
  if (!rule) return 'editable';
  if (!path.some((seg) => rule.keys.includes(seg))) return 'fixed';
  return !rule.shown || rule.shown(path, payload) ? 'concerned' : 'editable';
}
