/** The Comune's pagoPA data and the workstation's block of notice numbers. */
import { appendAudit } from '../audit/log';
import { isSportelloError, SportelloError, ValidationError } from '../errors';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { isSegregationCode, MAX_SLOT } from './nav';
import { optionalText, requireCfEnte, requireText } from './validate';

export interface PagopaSettings {
  cfEnte: string;
  enteName: string;
  officeName: string | null;
  enteInfo: string | null;
  segregationCode: string;
  cbill: string | null;
  /** "presso lo sportello del Comune" etc.: printed under "PAGA SUL TERRITORIO". */
  physicalChannel: string | null;
  /** One of the Avvisi 3.x forms, e.g. "sul sito di Comune di Esempio,". */
  onlineChannel: string | null;
  /** c/c postale: when set, notices carry the Bollettino Postale PA with its Data Matrix. */
  postalAccount: string | null;
  postalHolder: string | null;
  posteAuthorization: string | null;
  logo: Buffer | null;
  logoMime: 'image/png' | 'image/jpeg' | null;
}

export type PagopaSettingsInput = Omit<PagopaSettings, 'logoMime'>;

const MAX_LOGO_BYTES = 1_000_000;

function logoMime(logo: Buffer): 'image/png' | 'image/jpeg' {
  if (logo.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (logo[0] === 0xff && logo[1] === 0xd8) return 'image/jpeg';
  throw new ValidationError('PAGOPA_LOGO_FORMAT', "Il logo deve essere un'immagine PNG o JPEG.", 'logo');
}

export function validateSettings(input: PagopaSettingsInput): PagopaSettings {
  const segregationCode = String(input.segregationCode ?? '').trim();
  if (!isSegregationCode(segregationCode)) {
    throw new ValidationError(
      'PAGOPA_SEGREGATION',
      "Codice di segregazione non valido: indicare le due cifre assegnate da PagoPA all'intermediario.",
      'segregationCode',
    );
  }
  const cbill = optionalText(input.cbill, 'cbill', 'Codice CBILL', 10)?.toUpperCase() ?? null;
  if (cbill && !/^[A-Z0-9]{1,10}$/.test(cbill)) {
    throw new ValidationError('PAGOPA_CBILL', 'Codice CBILL non valido: solo lettere e cifre.', 'cbill');
  }
  const postalAccount = optionalText(input.postalAccount, 'postalAccount', 'Conto corrente postale', 12);
  if (postalAccount && !/^\d{1,12}$/.test(postalAccount)) {
    throw new ValidationError(
      'PAGOPA_POSTAL_ACCOUNT',
      'Numero di conto corrente postale non valido: solo cifre, al massimo 12.',
      'postalAccount',
    );
  }
  const postalHolder = optionalText(input.postalHolder, 'postalHolder', 'Intestatario del conto postale', 50);
  const posteAuthorization = optionalText(input.posteAuthorization, 'posteAuthorization', 'Autorizzazione Poste', 60);
  if (postalAccount && (!postalHolder || !posteAuthorization)) {
    throw new ValidationError(
      'PAGOPA_POSTE_INCOMPLETE',
      "Con il conto corrente postale servono anche l'intestatario del conto e il testo dell'autorizzazione di Poste Italiane.",
      postalHolder ? 'posteAuthorization' : 'postalHolder',
    );
  }
  const logo = input.logo && input.logo.length > 0 ? input.logo : null;
  if (logo && logo.length > MAX_LOGO_BYTES) {
    throw new ValidationError('PAGOPA_LOGO_SIZE', "Il logo è troppo grande: usare un'immagine sotto 1 MB.", 'logo');
  }
  return {
    cfEnte: requireCfEnte(input.cfEnte),
    enteName: requireText(input.enteName, 'enteName', "Nome dell'ente", 50),
    officeName: optionalText(input.officeName, 'officeName', 'Settore', 50),
    enteInfo: optionalText(input.enteInfo, 'enteInfo', 'Informazioni di contatto', 100),
    segregationCode,
    cbill,
    physicalChannel: optionalText(input.physicalChannel, 'physicalChannel', 'Canale fisico', 50),
    onlineChannel: optionalText(input.onlineChannel, 'onlineChannel', 'Canale online', 80),
    postalAccount,
    postalHolder,
    posteAuthorization,
    logo,
    logoMime: logo ? logoMime(logo) : null,
  };
}

export function savePagopaSettings(db: Db, actor: Actor, input: PagopaSettingsInput): PagopaSettings {
  const s = validateSettings(input);
  withTx(db, (tx) => {
    db.prepare(
      `INSERT INTO pagopa_settings (id, cf_ente, ente_name, office_name, ente_info, segregation_code, cbill, physical_channel,
         online_channel, postal_account, postal_holder, poste_authorization, logo, logo_mime, updated_at, updated_by)
       VALUES (1, @cfEnte, @enteName, @officeName, @enteInfo, @segregationCode, @cbill, @physicalChannel, @onlineChannel,
         @postalAccount, @postalHolder, @posteAuthorization, @logo, @logoMime, @now, @by)
       ON CONFLICT (id) DO UPDATE SET cf_ente = excluded.cf_ente, ente_name = excluded.ente_name,
         office_name = excluded.office_name, ente_info = excluded.ente_info, segregation_code = excluded.segregation_code,
         cbill = excluded.cbill, physical_channel = excluded.physical_channel, online_channel = excluded.online_channel,
         postal_account = excluded.postal_account, postal_holder = excluded.postal_holder,
         poste_authorization = excluded.poste_authorization, logo = excluded.logo, logo_mime = excluded.logo_mime,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ).run({ ...s, now: new Date().toISOString(), by: actor.operatorId });
    appendAudit(tx, actor, {
      action: 'pagopa.settings.save',
      entityType: 'pagopa_settings',
      entityId: '1',
      detail: { cfEnte: s.cfEnte, segregationCode: s.segregationCode, poste: s.postalAccount !== null },
    });
  });
  return s;
}

interface SettingsRow {
  cf_ente: string;
  ente_name: string;
  office_name: string | null;
  ente_info: string | null;
  segregation_code: string;
  cbill: string | null;
  physical_channel: string | null;
  online_channel: string | null;
  postal_account: string | null;
  postal_holder: string | null;
  poste_authorization: string | null;
  logo: Buffer | null;
  logo_mime: string | null;
}

export function getPagopaSettings(db: Db): PagopaSettings | null {
  const r = db.prepare('SELECT * FROM pagopa_settings WHERE id = 1').get() as SettingsRow | undefined;
  if (!r) return null;
  return {
    cfEnte: r.cf_ente,
    enteName: r.ente_name,
    officeName: r.office_name,
    enteInfo: r.ente_info,
    segregationCode: r.segregation_code,
    cbill: r.cbill,
    physicalChannel: r.physical_channel,
    onlineChannel: r.online_channel,
    postalAccount: r.postal_account,
    postalHolder: r.postal_holder,
    posteAuthorization: r.poste_authorization,
    logo: r.logo,
    logoMime: r.logo_mime as PagopaSettings['logoMime'],
  };
}

export function requirePagopaSettings(db: Db): PagopaSettings {
  const s = getPagopaSettings(db);
  if (!s) {
    throw new SportelloError(
      'PAGOPA_NOT_CONFIGURED',
      "pagoPA non è ancora configurato: il responsabile deve inserire i dati dell'ente nelle impostazioni pagoPA.",
    );
  }
  return s;
}

/**
 * Gives a workstation its block of notice numbers. Each PC keeps its own database, so the
 * responsabile must give every counter of the Comune a different number (0–999).
 */
export function assignWorkstationSlot(db: Db, actor: Actor, workstationId: string, slot: number): void {
  if (!Number.isInteger(slot) || slot < 0 || slot > MAX_SLOT) {
    throw new ValidationError('PAGOPA_NAV_SLOT', 'Numero della postazione non valido: indicare un numero da 0 a 999.', 'slot');
  }
  withTx(db, (tx) => {
    const taken = db.prepare('SELECT workstation_id FROM pagopa_workstation WHERE slot = ?').get(slot) as
      | { workstation_id: string }
      | undefined;
    if (taken && taken.workstation_id !== workstationId) {
      throw new ValidationError(
        'PAGOPA_NAV_SLOT_TAKEN',
        "Questo numero di postazione è già usato da un'altra postazione: sceglierne un altro.",
        'slot',
      );
    }
    const current = db.prepare('SELECT slot FROM pagopa_workstation WHERE workstation_id = ?').get(workstationId) as
      | { slot: number }
      | undefined;
    if (current && current.slot !== slot) {
      const used = db.prepare('SELECT 1 FROM pagopa_nav_counter WHERE slot = ?').get(current.slot);
      if (used) {
        throw new ValidationError(
          'PAGOPA_NAV_SLOT_LOCKED',
          'Questa postazione ha già emesso avvisi con il suo numero: non si può cambiare.',
          'slot',
        );
      }
    }
    db.prepare(
      `INSERT INTO pagopa_workstation (workstation_id, slot) VALUES (?, ?)
       ON CONFLICT (workstation_id) DO UPDATE SET slot = excluded.slot`,
    ).run(workstationId, slot);
    appendAudit(tx, actor, { action: 'pagopa.workstation.slot', entityType: 'workstation', entityId: workstationId, detail: { slot } });
  });
}

export function workstationSlot(db: Db, workstationId: string): number {
  const r = db.prepare('SELECT slot FROM pagopa_workstation WHERE workstation_id = ?').get(workstationId) as { slot: number } | undefined;
  if (!r) {
    throw new SportelloError(
      'PAGOPA_NO_SLOT',
      'Questa postazione non ha ancora un numero per gli avvisi pagoPA: chiedere al responsabile di assegnarlo.',
      { workstationId },
    );
  }
  return r.slot;
}

/** This workstation's notice-number slot, or null while the responsabile has not assigned one. */
export function currentWorkstationSlot(db: Db, workstationId: string): number | null {
  try {
    return workstationSlot(db, workstationId);
  } catch (e) {
    if (isSportelloError(e) && e.code === 'PAGOPA_NO_SLOT') return null;
    throw e;
  }
}

/** The set-up screen's save: the Comune's pagoPA settings and this workstation's slot, together. */
export function savePagopaSetup(db: Db, actor: Actor, workstationId: string, input: PagopaSettingsInput, slot: number): void {
  withTx(db, () => {
    savePagopaSettings(db, actor, input);
    if (currentWorkstationSlot(db, workstationId) !== slot) assignWorkstationSlot(db, actor, workstationId, slot);
  });
}
