/**
 * The issuing checklist, one per person of an appointment. It ends as "pronto per CIEOnline"
 * (state 'ready'); the clerk then issues the card in the Ministry's CIEOnline and records its
 * pratica number here (state 'issued').
 */
import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/log';
import { SportelloError, ValidationError } from '../errors';
import { checkNoticeNumber } from '../pagopa/nav';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { ageOn, isDate } from './calendar';
import { romeDate } from '../rome-time';
import { getBooking } from './booking-store';
import { checkPhoto, type PhotoCheck } from './photo';
import { getSettings } from './stations';
import type { Booking, CieSettings } from './types';
import { requireDate, requireText } from './validate';
import { formatAmountIt } from '../forms/amounts';

export type IssueCase = 'first_issue' | 'renewal' | 'loss_theft' | 'damage';
export type ChecklistState = 'open' | 'ready' | 'issued';

export type IdentityCheck =
  | { method: 'document_seen'; documentType: 'carta_identita' | 'passaporto' | 'patente' | 'altro'; documentNumber: string }
  | { method: 'cie_read'; documentNumber: string; passiveAuthValid: boolean }
  | { method: 'witnesses'; witnesses: [string, string] };

export type PhotoRecord = { source: 'file'; sha256: string; check: PhotoCheck } | { source: 'paper'; requirementsConfirmed: true };

export type Delivery =
  | { mode: 'comune'; delegate?: string | null }
  | { mode: 'address'; street: string; postalCode: string; municipality: string; province: string; delegate?: string | null };

export type FeePayment =
  | { method: 'pagopa'; noticeNumber: string; amountCents: number; note?: string | null }
  | { method: 'cash'; receiptNumber: string; amountCents: number; note?: string | null };

export interface ChecklistData {
  case?: IssueCase;
  policeReport?: { number: string; date: string; authority: string };
  oldCardHandedIn?: boolean;
  parentsConsent?: { parents: string[]; how: 'both_present' | 'signed_declaration' | 'judge_authorisation' };
  identity?: IdentityCheck;
  registryConfirmed?: { at: string; by: string };
  photo?: PhotoRecord;
  /** The clerk saw the photo is recent (under six months) and ICAO-like: face, background, no retouch. */
  photoLooksCompliant?: boolean;
  fingerprints?: 'taken' | 'temporarily_impossible' | 'not_required';
  organDonation?: 'consent' | 'refusal' | 'not_expressed' | 'not_applicable';
  delivery?: Delivery;
  fee?: FeePayment;
}

export interface MissingItem {
  step: 'case' | 'identity' | 'registry' | 'photo' | 'fingerprints' | 'organDonation' | 'delivery' | 'fee' | 'consent' | 'birthDate';
  code: string;
  message: string;
}

export interface ChecklistView {
  bookingId: string;
  personIdx: number;
  state: ChecklistState;
  data: ChecklistData;
  age: number | null;
  /** Fingerprints are taken from age 12. */
  fingerprintsRequired: boolean | null;
  minor: boolean | null;
  expectedFeeCents: number | null;
  missing: MissingItem[];
  cieOnlinePratica: string | null;
}

export const FINGERPRINTS_FROM_AGE = 12;
export const ADULT_AGE = 18;

export function expectedFee(c: IssueCase | undefined, s: CieSettings): number | null {
  if (!c) return null;
  return c === 'loss_theft' || c === 'damage' ? s.duplicateFeeCents : s.feeCents;
}

const euro = (cents: number) => `€ ${formatAmountIt(cents)}`;

/** What is still missing before the person is ready for CIEOnline. Pure. */
export function missingItems(
  d: ChecklistData,
  ctx: { birthDate: string | null; appointmentDate: string; today: string; settings: CieSettings },
): MissingItem[] {
  const out: MissingItem[] = [];
  const miss = (step: MissingItem['step'], code: string, message: string) => out.push({ step, code, message });
  const age = ctx.birthDate ? ageOn(ctx.birthDate, ctx.appointmentDate) : null;

  if (!d.case)
    miss('case', 'CIE_CHECK_CASE', 'Indicare il motivo della richiesta: primo rilascio, rinnovo, furto o smarrimento, deterioramento.');
  if (d.case === 'loss_theft' && !d.policeReport) {
    miss('case', 'CIE_CHECK_POLICE_REPORT', 'Per furto o smarrimento serve la denuncia: registrarne numero, data e ufficio.');
  }
  if ((d.case === 'renewal' || d.case === 'damage') && d.oldCardHandedIn !== true) {
    miss(
      'case',
      'CIE_CHECK_OLD_CARD',
      'Per rinnovo o deterioramento il cittadino deve consegnare il vecchio documento: segnarlo come ritirato.',
    );
  }
  if (age === null) miss('birthDate', 'CIE_CHECK_BIRTH_DATE', 'Manca la data di nascita: confermare i dati anagrafici indicandola.');
  if (age !== null && age < ADULT_AGE && !d.parentsConsent) {
    miss('consent', 'CIE_CHECK_PARENTS_CONSENT', "Per un minore serve l'assenso dei genitori: registrare chi lo ha dato e come.");
  }
  if (!d.identity) {
    miss('identity', 'CIE_CHECK_IDENTITY', "Verificare l'identità: documento visto, lettura della CIE o due testimoni.");
  } else if (d.identity.method === 'witnesses' && d.case !== 'first_issue' && d.case !== 'loss_theft') {
    miss(
      'identity',
      'CIE_CHECK_IDENTITY_WITNESSES',
      "I due testimoni valgono solo per il primo rilascio o dopo furto o smarrimento: verificare l'identità con un documento.",
    );
  } else if (d.identity.method === 'cie_read' && !d.identity.passiveAuthValid) {
    miss(
      'identity',
      'CIE_CHECK_IDENTITY_CIE',
      "La CIE letta non ha superato la verifica di autenticità: verificare l'identità con un altro documento.",
    );
  }
  if (!d.registryConfirmed) miss('registry', 'CIE_CHECK_REGISTRY', 'Confermare con il cittadino i dati anagrafici.');
  if (!d.photo) {
    miss('photo', 'CIE_CHECK_PHOTO', 'Controllare la foto: caricare il file JPG o confermare la foto cartacea.');
  } else if (d.photo.source === 'file' && !d.photo.check.ok) {
    miss('photo', 'CIE_CHECK_PHOTO_INVALID', d.photo.check.problems.map((p) => p.message).join(' '));
  }
  if (d.photo && d.photoLooksCompliant !== true) {
    miss(
      'photo',
      'CIE_CHECK_PHOTO_LOOK',
      'Confermare che la foto è recente (meno di sei mesi), a volto intero, su sfondo chiaro e senza ritocchi.',
    );
  }
  if (age !== null) {
    if (age >= FINGERPRINTS_FROM_AGE && d.fingerprints !== 'taken' && d.fingerprints !== 'temporarily_impossible') {
      miss(
        'fingerprints',
        'CIE_CHECK_FINGERPRINTS',
        "Dai 12 anni le impronte sono obbligatorie: registrarne il rilievo o l'impossibilità temporanea.",
      );
    }
    if (age < FINGERPRINTS_FROM_AGE && d.fingerprints === 'taken') {
      miss('fingerprints', 'CIE_CHECK_FINGERPRINTS_UNDER_12', "Sotto i 12 anni le impronte non si rilevano: togliere l'indicazione.");
    }
    if (age >= ADULT_AGE && !['consent', 'refusal', 'not_expressed'].includes(d.organDonation ?? '')) {
      miss(
        'organDonation',
        'CIE_CHECK_ORGAN_DONATION',
        'Chiedere la scelta sulla donazione di organi: consenso, diniego o nessuna dichiarazione.',
      );
    }
  }
  if (!d.delivery) miss('delivery', 'CIE_CHECK_DELIVERY', 'Indicare dove consegnare la carta: a un indirizzo o ritiro in Comune.');
  const fee = expectedFee(d.case, ctx.settings);
  if (!d.fee) {
    miss('fee', 'CIE_CHECK_FEE', "Registrare il pagamento: numero dell'avviso pagoPA oppure ricevuta del pagamento in contanti.");
  } else if (fee !== null && d.fee.amountCents !== fee && !d.fee.note) {
    miss(
      'fee',
      'CIE_CHECK_FEE_AMOUNT',
      `L'importo pagato (${euro(d.fee.amountCents)}) non è la tariffa prevista (${euro(fee)}): correggerlo o annotarne il motivo.`,
    );
  }
  return out;
}

interface Row {
  booking_id: string;
  person_idx: number;
  state: ChecklistState;
  data: string;
  cieonline_pratica: string | null;
}

/** Creates the open checklists of a booking's people (idempotent). */
export function ensureChecklists(db: Db, b: Booking): void {
  const ins = db.prepare(
    `INSERT OR IGNORE INTO cie_checklists (booking_id, person_idx, state, data, updated_at) VALUES (?, ?, 'open', '{}', ?)`,
  );
  for (const p of b.people) ins.run(b.id, p.idx, new Date().toISOString());
}

export function getChecklist(db: Db, bookingId: string, personIdx: number, now = new Date()): ChecklistView {
  const b = getBooking(db, bookingId);
  const r = db.prepare('SELECT * FROM cie_checklists WHERE booking_id = ? AND person_idx = ?').get(bookingId, personIdx) as Row | undefined;
  if (!r) {
    throw new SportelloError('CIE_CHECKLIST_NOT_FOUND', "Lista di controllo non trovata: registrare prima l'arrivo del cittadino.", {
      bookingId,
      personIdx,
    });
  }
  const person = b.people.find((p) => p.idx === personIdx)!;
  const data = JSON.parse(r.data) as ChecklistData;
  const settings = getSettings(db);
  const age = person.birthDate ? ageOn(person.birthDate, b.date) : null;
  return {
    bookingId,
    personIdx,
    state: r.state,
    data,
    age,
    fingerprintsRequired: age === null ? null : age >= FINGERPRINTS_FROM_AGE,
    minor: age === null ? null : age < ADULT_AGE,
    expectedFeeCents: expectedFee(data.case, settings),
    missing: missingItems(data, { birthDate: person.birthDate, appointmentDate: b.date, today: romeDate(now), settings }),
    cieOnlinePratica: r.cieonline_pratica,
  };
}

/** What a clerk may send for the checklist's steps; each present step is validated and replaces the old one. */
export interface ChecklistPatch {
  case?: IssueCase;
  policeReport?: { number: string; date: string; authority: string } | null;
  oldCardHandedIn?: boolean;
  parentsConsent?: ChecklistData['parentsConsent'] | null;
  identity?: IdentityCheck;
  /** Confirms the registry data; a missing birth date can be completed here. */
  registry?: { confirmed: true; birthDate?: string };
  photoLooksCompliant?: boolean;
  paperPhoto?: true;
  fingerprints?: ChecklistData['fingerprints'];
  organDonation?: ChecklistData['organDonation'];
  delivery?: Delivery;
  fee?: FeePayment;
}

function validatePatch(p: ChecklistPatch, today: string): Partial<ChecklistData> {
  const out: Partial<ChecklistData> = {};
  const oneOf = <T extends string>(v: unknown, allowed: readonly T[], field: string, msg: string): T => {
    if (!allowed.includes(v as T)) throw new ValidationError('CIE_CHECK_VALUE', msg, field);
    return v as T;
  };
  if (p.case !== undefined) {
    out.case = oneOf(p.case, ['first_issue', 'renewal', 'loss_theft', 'damage'] as const, 'case', 'Motivo della richiesta non valido.');
  }
  if (p.policeReport !== undefined) {
    if (p.policeReport === null) out.policeReport = undefined;
    else {
      const date = requireDate(p.policeReport.date, 'policeReport.date', 'Data della denuncia');
      if (date > today)
        throw new ValidationError('CIE_CHECK_POLICE_DATE', 'La data della denuncia è nel futuro: correggerla.', 'policeReport.date');
      out.policeReport = {
        number: requireText(p.policeReport.number, 'policeReport.number', 'Numero della denuncia', 50),
        date,
        authority: requireText(p.policeReport.authority, 'policeReport.authority', 'Ufficio che ha ricevuto la denuncia', 120),
      };
    }
  }
  if (p.oldCardHandedIn !== undefined) out.oldCardHandedIn = p.oldCardHandedIn === true;
  if (p.parentsConsent !== undefined) {
    if (p.parentsConsent === null) out.parentsConsent = undefined;
    else {
      const parents = (p.parentsConsent.parents ?? []).map((n, i) => requireText(n, `parentsConsent.parents.${i}`, 'Genitore', 120));
      if (parents.length < 1 || parents.length > 2) {
        throw new ValidationError(
          'CIE_CHECK_PARENTS',
          "Indicare uno o due genitori (o il tutore) che danno l'assenso.",
          'parentsConsent.parents',
        );
      }
      out.parentsConsent = {
        parents,
        how: oneOf(
          p.parentsConsent.how,
          ['both_present', 'signed_declaration', 'judge_authorisation'] as const,
          'parentsConsent.how',
          "Modalità dell'assenso non valida.",
        ),
      };
    }
  }
  if (p.identity !== undefined) {
    const id = p.identity;
    if (id.method === 'document_seen') {
      out.identity = {
        method: 'document_seen',
        documentType: oneOf(
          id.documentType,
          ['carta_identita', 'passaporto', 'patente', 'altro'] as const,
          'identity.documentType',
          'Tipo di documento non valido.',
        ),
        documentNumber: requireText(id.documentNumber, 'identity.documentNumber', 'Numero del documento', 30).toUpperCase(),
      };
    } else if (id.method === 'cie_read') {
      out.identity = {
        method: 'cie_read',
        documentNumber: requireText(id.documentNumber, 'identity.documentNumber', 'Numero della CIE', 30).toUpperCase(),
        passiveAuthValid: id.passiveAuthValid === true,
      };
    } else if (id.method === 'witnesses') {
      const w = (id.witnesses ?? []).map((n, i) => requireText(n, `identity.witnesses.${i}`, 'Testimone', 120));
      if (w.length !== 2) throw new ValidationError('CIE_CHECK_WITNESSES', 'Servono due testimoni maggiorenni.', 'identity.witnesses');
      out.identity = { method: 'witnesses', witnesses: [w[0], w[1]] };
    } else {
      throw new ValidationError('CIE_CHECK_VALUE', "Modo di verifica dell'identità non valido.", 'identity.method');
    }
  }
  if (p.photoLooksCompliant !== undefined) out.photoLooksCompliant = p.photoLooksCompliant === true;
  if (p.paperPhoto) out.photo = { source: 'paper', requirementsConfirmed: true };
  if (p.fingerprints !== undefined) {
    out.fingerprints = oneOf(
      p.fingerprints,
      ['taken', 'temporarily_impossible', 'not_required'] as const,
      'fingerprints',
      'Indicazione sulle impronte non valida.',
    );
  }
  if (p.organDonation !== undefined) {
    out.organDonation = oneOf(
      p.organDonation,
      ['consent', 'refusal', 'not_expressed', 'not_applicable'] as const,
      'organDonation',
      'Scelta sulla donazione non valida.',
    );
  }
  if (p.delivery !== undefined) {
    const d = p.delivery;
    const delegate = d.delegate ? requireText(d.delegate, 'delivery.delegate', 'Delegato al ritiro', 120) : null;
    if (d.mode === 'comune') out.delivery = { mode: 'comune', delegate };
    else if (d.mode === 'address') {
      const postalCode = requireText(d.postalCode, 'delivery.postalCode', 'CAP', 5);
      if (!/^\d{5}$/.test(postalCode))
        throw new ValidationError('CIE_CHECK_CAP', 'CAP non valido: servono 5 cifre.', 'delivery.postalCode');
      const province = requireText(d.province, 'delivery.province', 'Provincia', 2).toUpperCase();
      if (!/^[A-Z]{2}$/.test(province))
        throw new ValidationError('CIE_CHECK_PROVINCE', 'Sigla della provincia non valida: due lettere, es. MI.', 'delivery.province');
      out.delivery = {
        mode: 'address',
        street: requireText(d.street, 'delivery.street', 'Indirizzo', 150),
        postalCode,
        municipality: requireText(d.municipality, 'delivery.municipality', 'Comune', 100),
        province,
        delegate,
      };
    } else throw new ValidationError('CIE_CHECK_VALUE', 'Modalità di consegna non valida.', 'delivery.mode');
  }
  if (p.fee !== undefined) {
    const f = p.fee;
    if (typeof f.amountCents !== 'number' || !Number.isSafeInteger(f.amountCents) || f.amountCents <= 0) {
      throw new ValidationError('CIE_CHECK_FEE_VALUE', 'Importo pagato non valido: indicarlo in euro con i centesimi.', 'fee.amountCents');
    }
    const note = f.note ? requireText(f.note, 'fee.note', "Nota sull'importo", 200) : null;
    if (f.method === 'pagopa') {
      const nav = String(f.noticeNumber ?? '').replace(/\s/g, '');
      if (!checkNoticeNumber(nav).valid) {
        throw new ValidationError(
          'CIE_CHECK_NAV',
          "Codice avviso pagoPA non valido: controllare le 18 cifre stampate sull'avviso.",
          'fee.noticeNumber',
        );
      }
      out.fee = { method: 'pagopa', noticeNumber: nav, amountCents: f.amountCents, note };
    } else if (f.method === 'cash') {
      out.fee = {
        method: 'cash',
        receiptNumber: requireText(f.receiptNumber, 'fee.receiptNumber', 'Numero della ricevuta', 40),
        amountCents: f.amountCents,
        note,
      };
    } else throw new ValidationError('CIE_CHECK_VALUE', 'Modalità di pagamento non valida.', 'fee.method');
  }
  return out;
}

function openRow(db: Db, bookingId: string, personIdx: number): { row: Row; booking: Booking } {
  const booking = getBooking(db, bookingId);
  const row = db.prepare('SELECT * FROM cie_checklists WHERE booking_id = ? AND person_idx = ?').get(bookingId, personIdx) as
    | Row
    | undefined;
  if (!row) {
    throw new SportelloError('CIE_CHECKLIST_NOT_FOUND', "Lista di controllo non trovata: registrare prima l'arrivo del cittadino.", {
      bookingId,
      personIdx,
    });
  }
  if (row.state !== 'open') {
    throw new ValidationError('CIE_CHECKLIST_CLOSED', 'La lista di controllo è già chiusa: riaprirla per modificarla.');
  }
  return { row, booking };
}

function saveData(db: Db, bookingId: string, personIdx: number, data: ChecklistData): void {
  db.prepare('UPDATE cie_checklists SET data = ?, updated_at = ? WHERE booking_id = ? AND person_idx = ?').run(
    JSON.stringify(data),
    new Date().toISOString(),
    bookingId,
    personIdx,
  );
}

export function updateChecklist(
  db: Db,
  actor: Actor,
  bookingId: string,
  personIdx: number,
  patch: ChecklistPatch,
  now = new Date(),
): ChecklistView {
  const clean = validatePatch(patch, romeDate(now));
  withTx(db, (tx) => {
    const { row, booking } = openRow(db, bookingId, personIdx);
    const data: ChecklistData = { ...(JSON.parse(row.data) as ChecklistData), ...clean };
    if (patch.registry) {
      if (patch.registry.confirmed !== true)
        throw new ValidationError('CIE_CHECK_VALUE', 'Conferma dei dati anagrafici non valida.', 'registry');
      if (patch.registry.birthDate !== undefined) {
        const bd = requireDate(patch.registry.birthDate, 'registry.birthDate', 'Data di nascita');
        if (bd > booking.date)
          throw new ValidationError('CIE_CHECK_BIRTH_DATE', 'La data di nascita è nel futuro: correggerla.', 'registry.birthDate');
        db.prepare('UPDATE cie_booking_people SET birth_date = ? WHERE booking_id = ? AND idx = ?').run(bd, bookingId, personIdx);
      }
      data.registryConfirmed = { at: now.toISOString(), by: actor.operatorId };
    }
    const person = getBooking(db, bookingId).people.find((p) => p.idx === personIdx)!;
    if (person.birthDate && isDate(person.birthDate)) {
      const age = ageOn(person.birthDate, booking.date);
      if (age < FINGERPRINTS_FROM_AGE && data.fingerprints === undefined) data.fingerprints = 'not_required';
      if (age < ADULT_AGE && data.organDonation === undefined) data.organDonation = 'not_applicable';
    }
    saveData(db, bookingId, personIdx, data);
    appendAudit(tx, actor, {
      action: 'cie.checklist.update',
      entityType: 'cie_booking',
      entityId: bookingId,
      detail: { personIdx, steps: Object.keys(patch) },
    });
  });
  return getChecklist(db, bookingId, personIdx, now);
}

/** Checks the photo file and records the outcome (not the picture: CIEOnline acquires it). */
export function recordPhotoFile(db: Db, actor: Actor, bookingId: string, personIdx: number, file: Uint8Array): PhotoCheck {
  const check = checkPhoto(file);
  const sha256 = createHash('sha256').update(file).digest('hex');
  withTx(db, (tx) => {
    const { row } = openRow(db, bookingId, personIdx);
    const data: ChecklistData = { ...(JSON.parse(row.data) as ChecklistData), photo: { source: 'file', sha256, check } };
    saveData(db, bookingId, personIdx, data);
    appendAudit(tx, actor, {
      action: 'cie.checklist.photo',
      entityType: 'cie_booking',
      entityId: bookingId,
      detail: { personIdx, ok: check.ok, problems: check.problems.map((p) => p.code), sha256 },
    });
  });
  return check;
}

/** Closes the checklist as "pronto per CIEOnline"; refuses while anything is missing. */
export function markReadyForCieOnline(db: Db, actor: Actor, bookingId: string, personIdx: number, now = new Date()): ChecklistView {
  withTx(db, (tx) => {
    openRow(db, bookingId, personIdx);
    const view = getChecklist(db, bookingId, personIdx, now);
    if (view.missing.length > 0) {
      throw new ValidationError(
        'CIE_CHECKLIST_INCOMPLETE',
        `Non è ancora pronto per CIEOnline: ${view.missing[0].message}${view.missing.length > 1 ? ` (e altri ${view.missing.length - 1} punti)` : ''}`,
        view.missing[0].step,
        { missing: view.missing.map((m) => m.code) },
      );
    }
    db.prepare(
      `UPDATE cie_checklists SET state = 'ready', ready_at = ?, ready_by = ?, updated_at = ? WHERE booking_id = ? AND person_idx = ?`,
    ).run(now.toISOString(), actor.operatorId, now.toISOString(), bookingId, personIdx);
    appendAudit(tx, actor, { action: 'cie.checklist.ready', entityType: 'cie_booking', entityId: bookingId, detail: { personIdx } });
  });
  return getChecklist(db, bookingId, personIdx, now);
}

/** Reopens a ready checklist (a mistake seen before issuing in CIEOnline). */
export function reopenChecklist(db: Db, actor: Actor, bookingId: string, personIdx: number, reason: string): ChecklistView {
  const why = requireText(reason, 'reason', 'Motivo', 200);
  withTx(db, (tx) => {
    const n = db
      .prepare(
        `UPDATE cie_checklists SET state = 'open', ready_at = NULL, ready_by = NULL, updated_at = ? WHERE booking_id = ? AND person_idx = ? AND state = 'ready'`,
      )
      .run(new Date().toISOString(), bookingId, personIdx).changes;
    if (n === 0)
      throw new ValidationError('CIE_CHECKLIST_NOT_READY', 'Si può riaprire solo una lista pronta per CIEOnline e non ancora emessa.');
    appendAudit(tx, actor, {
      action: 'cie.checklist.reopen',
      entityType: 'cie_booking',
      entityId: bookingId,
      detail: { personIdx, reason: why },
    });
  });
  return getChecklist(db, bookingId, personIdx);
}

/** Records the pratica number CIEOnline gave when the clerk issued the card. */
export function recordCieOnlinePratica(db: Db, actor: Actor, bookingId: string, personIdx: number, pratica: string): ChecklistView {
  const num = requireText(pratica, 'cieOnlinePratica', 'Numero di pratica CIEOnline', 40).toUpperCase();
  if (!/^[A-Z0-9/-]+$/.test(num)) {
    throw new ValidationError(
      'CIE_PRATICA_FORMAT',
      'Numero di pratica non valido: riportarlo come appare in CIEOnline (lettere e cifre).',
      'cieOnlinePratica',
    );
  }
  withTx(db, (tx) => {
    const n = db
      .prepare(
        `UPDATE cie_checklists SET state = 'issued', cieonline_pratica = ?, issued_at = ?, updated_at = ? WHERE booking_id = ? AND person_idx = ? AND state = 'ready'`,
      )
      .run(num, new Date().toISOString(), new Date().toISOString(), bookingId, personIdx).changes;
    if (n === 0) {
      throw new ValidationError(
        'CIE_CHECKLIST_NOT_READY',
        'Prima di registrare la pratica CIEOnline la lista di controllo deve essere «pronto per CIEOnline».',
        'cieOnlinePratica',
      );
    }
    appendAudit(tx, actor, {
      action: 'cie.checklist.issued',
      entityType: 'cie_booking',
      entityId: bookingId,
      detail: { personIdx, cieOnlinePratica: num },
    });
  });
  return getChecklist(db, bookingId, personIdx);
}
