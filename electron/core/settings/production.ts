/**
 * The production set-up the responsabile types (issue 15): the Comune, this workstation, and how
 * to reach ANPR, pagoPA GPD and the CIE booking system. Everything lives in the encrypted store;
 * views handed to the UI never carry a secret (subscription key, token, PKCS#12 bytes or password),
 * only whether one is set. Every change is audited with the names of the fields changed, never
 * their secret values.
 */
import { appendAudit } from '../audit/log';
import { configureComune, getComuneSettings } from '../comune/settings';
import { ValidationError } from '../errors';
import { requireCfEnte } from '../pagopa/validate';
import { assignWorkstationSlot, getPagopaSettings, savePagopaSettings, workstationSlot } from '../pagopa/settings';
import { type TxDb, withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { daysLeft, EXPIRY_WARNING_DAYS } from './certificate-expiry';
import type { CertificateInfo, CertificateRole } from './certificates';
import { getSetting, setSetting } from './settings';
import { getComune, getWorkstation, type ComuneInfo, type Workstation } from './workstation';

/** As kept in the settings table under 'platforms' (read by electron/platforms/wiring.ts). */
export interface StoredPlatforms {
  anpr?: {
    endpoint: string;
    tipoInvio: 'TEST' | 'PROD';
    idPostazione: string;
    comuneCertificate?: { p12: string; password: string };
    postazioneCertificate?: { p12: string; password: string };
  };
  gpd?: { endpoint: string; subscriptionKey: string };
  agenda?: { baseUrl: string; token?: string };
}

export interface StoredCertificates {
  comune?: CertificateInfo;
  postazione?: CertificateInfo;
}

export interface SetupView {
  comune: (ComuneInfo & { cap: string | null }) | null;
  workstation: { number: number; name: string; cieStationId: string | null };
  anpr: { endpoint: string; tipoInvio: 'TEST' | 'PROD'; idPostazione: string } | null;
  certificates: StoredCertificates;
  gpd: { endpoint: string; subscriptionKeySet: boolean } | null;
  agenda: { endpoint: string; tokenSet: boolean } | null;
  /** What is still missing before the counter can send to every platform. */
  missing: ('comune' | 'workstation' | 'anpr' | 'certificates' | 'pagopa' | 'gpd' | 'agenda')[];
}

export const platformsOf = (db: Db): StoredPlatforms => getSetting<StoredPlatforms>(db, 'platforms') ?? {};
export const certificatesOf = (db: Db): StoredCertificates => getSetting<StoredCertificates>(db, 'certificates') ?? {};

function audit(db: TxDb, actor: Actor, section: string, fields: string[]): void {
  if (fields.length === 0) return;
  appendAudit(db, actor, { action: 'settings.change', entityType: 'settings', entityId: section, detail: { fields } });
}

function changed<T extends object>(before: Partial<T> | undefined, after: T, keys: (keyof T)[]): string[] {
  return keys.filter((k) => JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after[k] ?? null)).map(String);
}

/** What the home screen warns about: a certificate expiring within EXPIRY_WARNING_DAYS; outside the demo, a set-up not finished. */
export function setupWarnings(db: Db, now: Date, demo: boolean) {
  const certs = certificatesOf(db);
  const certificates = (['comune', 'postazione'] as const).flatMap((role) => {
    const c = certs[role];
    if (!c) return [];
    const left = daysLeft(c, now);
    return left <= EXPIRY_WARNING_DAYS ? [{ role, commonName: c.commonName, notAfter: c.notAfter, daysLeft: left }] : [];
  });
  return { certificates, setupIncomplete: !demo && readSetup(db).missing.length > 0 };
}

export function readSetup(db: Db): SetupView {
  const comune = getComune(db);
  let cap: string | null = null;
  try {
    cap = getComuneSettings(db).cap;
  } catch {
    /* not configured yet */
  }
  const ws = getWorkstation(db) as Workstation & { cieStationId?: string | null; configured?: boolean };
  const p = platformsOf(db);
  const certificates = certificatesOf(db);
  const missing: SetupView['missing'] = [];
  if (!comune?.cfEnte) missing.push('comune');
  if (!ws.configured) missing.push('workstation');
  if (!p.anpr) missing.push('anpr');
  if (!p.anpr?.comuneCertificate || !p.anpr?.postazioneCertificate) missing.push('certificates');
  if (!getPagopaSettings(db)) missing.push('pagopa');
  if (!p.gpd) missing.push('gpd');
  if (!p.agenda) missing.push('agenda');
  return {
    comune: comune ? { ...comune, cap } : null,
    workstation: { number: ws.number, name: ws.name, cieStationId: ws.cieStationId ?? null },
    anpr: p.anpr ? { endpoint: p.anpr.endpoint, tipoInvio: p.anpr.tipoInvio, idPostazione: p.anpr.idPostazione } : null,
    certificates,
    gpd: p.gpd ? { endpoint: p.gpd.endpoint, subscriptionKeySet: p.gpd.subscriptionKey.length > 0 } : null,
    agenda: p.agenda ? { endpoint: p.agenda.baseUrl, tokenSet: Boolean(p.agenda.token) } : null,
    missing,
  };
}

export interface ComuneInput {
  nome: string;
  codiceIstat: string;
  codiceCatastale: string;
  provincia: string;
  cap: string;
  cfEnte: string;
}

/** The Comune served, as chosen from the places table; its codice fiscale is the ente creditore. */
export function saveComune(db: Db, actor: Actor, input: ComuneInput, workstationNumber: number): ComuneInfo {
  const codiceIstat = input.codiceIstat.trim();
  if (!/^\d{6}$/.test(codiceIstat))
    throw new ValidationError(
      'SETUP_ISTAT',
      'Codice ISTAT del Comune non valido: servono 6 cifre, le prime del nome dei certificati ANPR del Comune (per esempio 056003 in 056003-CO-0001).',
      'codiceIstat',
    );
  const codiceCatastale = input.codiceCatastale.trim().toUpperCase();
  if (!/^[A-Z]\d{3}$/.test(codiceCatastale))
    throw new ValidationError('SETUP_CATASTALE', "Scegliere il Comune dall'elenco: il codice catastale manca o non è valido.", 'nome');
  const cap = input.cap.trim();
  if (!/^\d{5}$/.test(cap)) throw new ValidationError('SETUP_CAP', 'CAP non valido: servono 5 cifre.', 'cap');
  const cfEnte = requireCfEnte(input.cfEnte);
  const nome = input.nome.trim();
  if (!nome) throw new ValidationError('SETUP_COMUNE', "Scegliere il Comune dall'elenco.", 'nome');
  const before = getComune(db);
  let capBefore: string | undefined;
  try {
    capBefore = getComuneSettings(db).cap;
  } catch {
    /* first save */
  }
  const comune: ComuneInfo = { nome, codiceIstat, codiceCatastale, provincia: input.provincia.trim().toUpperCase(), cfEnte };
  withTx(db, (tx) => {
    setSetting(db, 'comune', comune);
    configureComune(db, {
      comuneIstat: codiceIstat,
      comuneName: nome.replace(/^Comune di /i, '').toUpperCase(),
      siglaProvincia: comune.provincia,
      belfiore: codiceCatastale,
      cap,
      workstationSlot: workstationNumber,
    });
    const pagopa = getPagopaSettings(db);
    if (pagopa && pagopa.cfEnte !== cfEnte) savePagopaSettings(db, actor, { ...pagopa, cfEnte });
    audit(
      tx,
      actor,
      'comune',
      changed(before && { ...before, cap: capBefore }, { ...comune, cap }, [
        'nome',
        'codiceIstat',
        'codiceCatastale',
        'provincia',
        'cfEnte',
        'cap',
      ]),
    );
    dropCertificatesOfAnotherComune(tx, actor, codiceIstat);
  });
  return comune;
}

/**
 * ANPR certificates belong to one Comune (their CN starts with its ISTAT code, as importCertificate
 * checks): when the Comune changes, those of the previous one are removed, so they can never sign
 * for the new one. The Impostazioni screen then asks for the new Comune's certificates.
 */
function dropCertificatesOfAnotherComune(db: TxDb, actor: Actor, codiceIstat: string): void {
  const p = platformsOf(db);
  const infos = certificatesOf(db);
  const field = { comune: 'comuneCertificate', postazione: 'postazioneCertificate' } as const;
  const stale = (['comune', 'postazione'] as const).filter(
    (role) => (p.anpr?.[field[role]] || infos[role]) && !infos[role]?.commonName.startsWith(`${codiceIstat}-`),
  );
  if (stale.length === 0) return;
  const anpr = p.anpr && { ...p.anpr };
  const kept = { ...infos };
  for (const role of stale) {
    if (anpr) delete anpr[field[role]];
    delete kept[role];
  }
  setSetting(db, 'platforms', { ...p, ...(anpr ? { anpr } : {}) });
  setSetting(db, 'certificates', kept);
  appendAudit(db, actor, {
    action: 'settings.change',
    entityType: 'settings',
    entityId: 'anpr',
    detail: { fields: stale.map((role) => field[role]), reason: 'comune_changed' },
  });
}

export interface WorkstationInput {
  number: number;
  name: string;
  cieStationId: string | null;
}

/**
 * This workstation's number partitions the identifiers it allocates offline: notice numbers
 * (pagoPA slot) and idOperazioneComune / local ids (anagrafe slot). Both follow it.
 */
export function saveWorkstation(db: Db, actor: Actor, input: WorkstationInput): Workstation {
  if (!Number.isInteger(input.number) || input.number < 1 || input.number > 999) {
    throw new ValidationError(
      'SETUP_WORKSTATION_NUMBER',
      'Numero della postazione non valido: indicare un numero da 1 a 999, diverso per ogni PC del Comune.',
      'number',
    );
  }
  const name = input.name.trim();
  if (!name) throw new ValidationError('SETUP_WORKSTATION_NAME', 'Indicare il nome della postazione (per esempio "Anagrafe 1").', 'name');
  const before = getWorkstation(db) as Workstation & { cieStationId?: string | null };
  if (input.cieStationId && !db.prepare('SELECT 1 FROM cie_stations WHERE id = ?').get(input.cieStationId)) {
    throw new ValidationError('SETUP_CIE_STATION', "Postazione CIE non trovata: sceglierla dall'elenco.", 'cieStationId');
  }
  const hub = getSetting<{ number: number }>(db, 'hub');
  if (hub && input.number !== hub.number) {
    throw new ValidationError(
      'SETUP_WORKSTATION_NUMBER_FROM_HUB',
      `Il numero di questa postazione (${hub.number}) è assegnato dal server del Comune e non si può cambiare qui.`,
      'number',
    );
  }
  const next = { ...before, number: input.number, name, cieStationId: input.cieStationId, configured: true };
  withTx(db, (tx) => {
    applyWorkstationNumber(db, actor, before, input.number);
    setSetting(db, 'workstation', next);
    audit(tx, actor, 'workstation', changed(before, next, ['number', 'name', 'cieStationId']));
  });
  return next;
}

/** The number follows into the notice-number slot (pagoPA) and the anagrafe slot; call inside withTx. */
export function applyWorkstationNumber(db: Db, actor: Actor, before: Workstation, number: number): void {
  if (number !== before.number || !hasPagopaSlot(db, before.id)) assignWorkstationSlot(db, actor, before.id, number);
  try {
    const c = getComuneSettings(db);
    if (c.workstationSlot !== number) configureComune(db, { ...c, workstationSlot: number });
  } catch {
    /* the Comune is not set yet: saveComune takes the number then */
  }
}

function hasPagopaSlot(db: Db, workstationId: string): boolean {
  try {
    workstationSlot(db, workstationId);
    return true;
  } catch {
    return false;
  }
}

function requireUrl(value: string, field: string, what: string): string {
  const v = value.trim();
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ValidationError('SETUP_URL', `Indirizzo di ${what} non valido: scriverlo per intero, per esempio https://…`, field);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new ValidationError('SETUP_URL', `Indirizzo di ${what} non valido: deve iniziare con https://`, field);
  return v.replace(/\/+$/, '');
}

export function saveAnpr(db: Db, actor: Actor, input: { endpoint: string; tipoInvio: 'TEST' | 'PROD'; idPostazione: string }): void {
  const idPostazione = input.idPostazione.trim();
  if (!idPostazione || idPostazione.length > 50)
    throw new ValidationError(
      'SETUP_ANPR_WORKSTATION_ID',
      "Indicare l'identificativo della postazione registrato in ANPR.",
      'idPostazione',
    );
  const p = platformsOf(db);
  const next = { ...p.anpr, endpoint: requireUrl(input.endpoint, 'endpoint', 'ANPR'), tipoInvio: input.tipoInvio, idPostazione };
  withTx(db, (tx) => {
    setSetting(db, 'platforms', { ...p, anpr: next });
    audit(tx, actor, 'anpr', changed(p.anpr, next, ['endpoint', 'tipoInvio', 'idPostazione']));
  });
}

/** Checks and keeps a PKCS#12 with its password; returns what may be shown of it. */
export async function importCertificate(
  db: Db,
  actor: Actor,
  role: CertificateRole,
  p12: Buffer,
  password: string,
  now: Date,
): Promise<CertificateInfo> {
  const comune = getComune(db);
  if (!comune) throw new ValidationError('SETUP_COMUNE_FIRST', 'Prima di importare i certificati scegliere il Comune (passo 1).', 'file');
  // node-forge loads on the first import, not at start.
  const { inspectPkcs12 } = await import('./certificates');
  const info = inspectPkcs12(p12, password, { role, codiceIstat: comune.codiceIstat, comuneName: comune.nome, now });
  const p = platformsOf(db);
  if (!p.anpr)
    throw new ValidationError(
      'SETUP_ANPR_FIRST',
      "Prima di importare i certificati salvare l'indirizzo di ANPR e l'identificativo della postazione.",
      'file',
    );
  const field = role === 'comune' ? 'comuneCertificate' : 'postazioneCertificate';
  withTx(db, (tx) => {
    setSetting(db, 'platforms', { ...p, anpr: { ...p.anpr, [field]: { p12: p12.toString('base64'), password } } });
    setSetting(db, 'certificates', { ...certificatesOf(db), [role]: info });
    appendAudit(tx, actor, {
      action: 'settings.change',
      entityType: 'settings',
      entityId: 'anpr',
      detail: { fields: [field], subject: info.subject, notAfter: info.notAfter },
    });
  });
  return info;
}

export function saveGpd(db: Db, actor: Actor, input: { endpoint: string; subscriptionKey: string | null }): void {
  const p = platformsOf(db);
  const subscriptionKey = input.subscriptionKey?.trim() || p.gpd?.subscriptionKey || '';
  if (!subscriptionKey)
    throw new ValidationError(
      'SETUP_GPD_KEY',
      'Indicare la chiave di sottoscrizione (subscription key) ricevuta da PagoPA.',
      'subscriptionKey',
    );
  const next = { endpoint: requireUrl(input.endpoint, 'endpoint', 'pagoPA GPD'), subscriptionKey };
  withTx(db, (tx) => {
    setSetting(db, 'platforms', { ...p, gpd: next });
    audit(tx, actor, 'gpd', changed(p.gpd, next, ['endpoint', 'subscriptionKey']));
  });
}

export function saveAgenda(db: Db, actor: Actor, input: { endpoint: string; token: string | null }): void {
  const p = platformsOf(db);
  const token = input.token?.trim() || p.agenda?.token || undefined;
  const next = { baseUrl: requireUrl(input.endpoint, 'endpoint', 'prenotazione CIE'), ...(token ? { token } : {}) };
  withTx(db, (tx) => {
    setSetting(db, 'platforms', { ...p, agenda: next });
    audit(tx, actor, 'agenda', changed(p.agenda, next, ['baseUrl', 'token']));
  });
}
