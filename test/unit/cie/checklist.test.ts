import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bookAppointment, markArrived } from '../../../electron/core/cie/bookings';
import {
  getChecklist,
  markReadyForCieOnline,
  recordCieOnlinePratica,
  recordPhotoFile,
  reopenChecklist,
  updateChecklist,
  type ChecklistPatch,
} from '../../../electron/core/cie/checklist';
import { createStation, setOpeningHours } from '../../../electron/core/cie/stations';
import { openTestDb } from '../../support/db';
import { clerk } from '../../support/actors';

const hasPdftoppm = spawnSync('pdftoppm', ['-v']).status === 0;
const bookingDay = new Date('2026-12-08T08:00:00Z'); // Tuesday 09:00 Rome

async function photoJpeg(dpi: number): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-ckphoto-'));
  try {
    const pt = (v: number) => (v * 72) / 25.4;
    const doc = new PDFDocument({ size: [pt(35), pt(45)], margin: 0 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((r) => doc.on('end', r));
    doc.rect(0, 0, pt(35), pt(45)).fill('#eeeeee').ellipse(pt(17.5), pt(20), pt(8), pt(11)).fill('#b08060');
    doc.end();
    await ended;
    writeFileSync(join(dir, 'p.pdf'), Buffer.concat(chunks));
    execFileSync('pdftoppm', ['-jpeg', '-r', String(dpi), '-singlefile', join(dir, 'p.pdf'), join(dir, 'p')]);
    return readFileSync(join(dir, 'p.jpg'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('issuing checklist', () => {
  let t: ReturnType<typeof openTestDb>;
  let stationId: string;

  beforeEach(() => {
    t = openTestDb();
    stationId = createStation(t.db, clerk, { name: 'Postazione 1', place: 'Piano terra' }).id;
    setOpeningHours(t.db, clerk, stationId, [{ weekday: 2, start: '09:00', end: '12:00' }]);
  });
  afterEach(() => t.cleanup());

  const arrive = (people: { surname: string; givenNames: string; birthDate?: string }[]) => {
    const b = bookAppointment(t.db, clerk, {
      stationId,
      date: '2026-12-08',
      startTime: '09:00',
      people,
      channel: 'counter',
      now: bookingDay,
    });
    markArrived(t.db, clerk, b.id, bookingDay);
    return b;
  };
  // A notice number with aux digit 3: 16-digit prefix, then check digits = prefix mod 93 (pagoPA SANP).
  const prefix = '3022600100000042';
  const nav = prefix + String(BigInt(prefix) % 93n).padStart(2, '0');
  const adultSteps: ChecklistPatch = {
    case: 'renewal',
    oldCardHandedIn: true,
    identity: { method: 'document_seen', documentType: 'carta_identita', documentNumber: 'ca12345ab' },
    registry: { confirmed: true },
    paperPhoto: true,
    photoLooksCompliant: true,
    fingerprints: 'taken',
    organDonation: 'refusal',
    delivery: { mode: 'address', street: 'Via Roma 1', postalCode: '20100', municipality: 'Milano', province: 'mi' },
    fee: { method: 'pagopa', noticeNumber: nav, amountCents: 2221 },
  };

  it('lists every missing step, then reaches "pronto per CIEOnline" and records the CIEOnline pratica', () => {
    const b = arrive([{ surname: 'Rossi', givenNames: 'Anna', birthDate: '1980-01-01' }]);
    const empty = getChecklist(t.db, b.id, 0);
    expect(empty.state).toBe('open');
    expect(empty.missing.map((m) => m.step)).toEqual([
      'case',
      'identity',
      'registry',
      'photo',
      'fingerprints',
      'organDonation',
      'delivery',
      'fee',
    ]);
    expect(() => markReadyForCieOnline(t.db, clerk, b.id, 0)).toThrowError(expect.objectContaining({ code: 'CIE_CHECKLIST_INCOMPLETE' }));
    expect(() => recordCieOnlinePratica(t.db, clerk, b.id, 0, 'A123')).toThrowError(
      expect.objectContaining({ code: 'CIE_CHECKLIST_NOT_READY' }),
    );

    const filled = updateChecklist(t.db, clerk, b.id, 0, adultSteps, bookingDay);
    expect(filled.missing).toEqual([]);
    expect(filled.data.identity).toMatchObject({ documentNumber: 'CA12345AB' });
    const ready = markReadyForCieOnline(t.db, clerk, b.id, 0, bookingDay);
    expect(ready.state).toBe('ready');
    expect(() => updateChecklist(t.db, clerk, b.id, 0, { organDonation: 'consent' })).toThrowError(
      expect.objectContaining({ code: 'CIE_CHECKLIST_CLOSED' }),
    );
    const issued = recordCieOnlinePratica(t.db, clerk, b.id, 0, 'ra1234567');
    expect(issued).toMatchObject({ state: 'issued', cieOnlinePratica: 'RA1234567' });
    const actions = (t.db.prepare(`SELECT action FROM audit_log WHERE entity_id = ? ORDER BY seq`).all(b.id) as { action: string }[]).map(
      (r) => r.action,
    );
    expect(actions).toEqual([
      'cie.booking.create',
      'cie.booking.arrived',
      'cie.checklist.update',
      'cie.checklist.ready',
      'cie.checklist.issued',
    ]);
  });

  it("requires fingerprints from age 12, parents' consent under 18 and no organ choice for minors", () => {
    const b = arrive([
      { surname: 'Verdi', givenNames: 'Ugo', birthDate: '2015-01-10' }, // 11
      { surname: 'Verdi', givenNames: 'Ada', birthDate: '2014-12-08' }, // 12 on the day
    ]);
    const child = getChecklist(t.db, b.id, 0);
    expect(child).toMatchObject({ age: 11, fingerprintsRequired: false, minor: true });
    const teen = getChecklist(t.db, b.id, 1);
    expect(teen).toMatchObject({ age: 12, fingerprintsRequired: true, minor: true });
    const base: ChecklistPatch = {
      ...adultSteps,
      case: 'first_issue',
      oldCardHandedIn: undefined,
      fingerprints: undefined,
      organDonation: undefined,
      fee: { method: 'cash', receiptNumber: 'R-2026/118', amountCents: 2221 },
    };
    const c = updateChecklist(t.db, clerk, b.id, 0, base, bookingDay);
    expect(c.data).toMatchObject({ fingerprints: 'not_required', organDonation: 'not_applicable' });
    expect(c.missing.map((m) => m.code)).toEqual(['CIE_CHECK_PARENTS_CONSENT']);
    const tt = updateChecklist(t.db, clerk, b.id, 1, base, bookingDay);
    expect(tt.missing.map((m) => m.code)).toEqual(['CIE_CHECK_PARENTS_CONSENT', 'CIE_CHECK_FINGERPRINTS']);
    const done = updateChecklist(t.db, clerk, b.id, 1, {
      parentsConsent: { parents: ['Verdi Marco', 'Neri Lia'], how: 'both_present' },
      fingerprints: 'temporarily_impossible',
    });
    expect(done.missing).toEqual([]);
  });

  it('asks for the police report on loss or theft and checks the fee against the duplicate tariff', () => {
    const b = arrive([{ surname: 'Neri', givenNames: 'Eva', birthDate: '1990-05-05' }]);
    let v = updateChecklist(
      t.db,
      clerk,
      b.id,
      0,
      { ...adultSteps, case: 'loss_theft', identity: { method: 'witnesses', witnesses: ['Bianchi Elio', 'Gallo Rita'] } },
      bookingDay,
    );
    expect(v.expectedFeeCents).toBe(2737);
    expect(v.missing.map((m) => m.code)).toEqual(['CIE_CHECK_POLICE_REPORT', 'CIE_CHECK_FEE_AMOUNT']);
    expect(v.missing[1].message).toContain('€ 22,21');
    expect(() =>
      updateChecklist(
        t.db,
        clerk,
        b.id,
        0,
        { policeReport: { number: '12/2026', date: '2026-12-09', authority: 'Carabinieri' } },
        bookingDay,
      ),
    ).toThrowError(expect.objectContaining({ code: 'CIE_CHECK_POLICE_DATE' }));
    v = updateChecklist(
      t.db,
      clerk,
      b.id,
      0,
      {
        policeReport: { number: '12/2026', date: '2026-12-02', authority: 'Carabinieri di Milano' },
        fee: { method: 'pagopa', noticeNumber: nav, amountCents: 2737 },
      },
      bookingDay,
    );
    expect(v.missing).toEqual([]);
    // Witnesses do not identify someone renewing a card.
    v = updateChecklist(
      t.db,
      clerk,
      b.id,
      0,
      { case: 'renewal', fee: { method: 'pagopa', noticeNumber: nav, amountCents: 2221 } },
      bookingDay,
    );
    expect(v.missing.map((m) => m.code)).toEqual(['CIE_CHECK_IDENTITY_WITNESSES']);
    expect(() =>
      updateChecklist(t.db, clerk, b.id, 0, {
        fee: { method: 'pagopa', noticeNumber: nav.slice(0, 17) + ((Number(nav[17]) + 1) % 10), amountCents: 2221 },
      }),
    ).toThrowError(expect.objectContaining({ code: 'CIE_CHECK_NAV' }));
  });

  it('completes a missing birth date when the registry data are confirmed', () => {
    const b = arrive([{ surname: 'Gallo', givenNames: 'Rita' }]);
    expect(getChecklist(t.db, b.id, 0).missing.map((m) => m.code)).toContain('CIE_CHECK_BIRTH_DATE');
    const v = updateChecklist(t.db, clerk, b.id, 0, { registry: { confirmed: true, birthDate: '2001-02-03' } }, bookingDay);
    expect(v.age).toBe(25);
    expect(v.missing.map((m) => m.code)).not.toContain('CIE_CHECK_BIRTH_DATE');
  });

  it.skipIf(!hasPdftoppm)('keeps the photo step open while the file fails the check', async () => {
    const b = arrive([{ surname: 'Rossi', givenNames: 'Anna', birthDate: '1980-01-01' }]);
    updateChecklist(t.db, clerk, b.id, 0, { ...adultSteps, paperPhoto: undefined }, bookingDay);
    const bad = recordPhotoFile(t.db, clerk, b.id, 0, await photoJpeg(200));
    expect(bad.ok).toBe(false);
    expect(getChecklist(t.db, b.id, 0).missing.map((m) => m.code)).toEqual(['CIE_CHECK_PHOTO_INVALID']);
    expect(recordPhotoFile(t.db, clerk, b.id, 0, await photoJpeg(400)).ok).toBe(true);
    expect(markReadyForCieOnline(t.db, clerk, b.id, 0, bookingDay).state).toBe('ready');
    expect(reopenChecklist(t.db, clerk, b.id, 0, 'Foto da rifare').state).toBe('open');
  });
});
