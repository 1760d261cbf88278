import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bookAppointment } from '../../../electron/core/cie/bookings';
import { receiptData } from '../../../electron/core/cie/receipt-data';
import { applyOnlineChanges } from '../../../electron/core/cie/pull';
import { createStation, setOpeningHours, updateSettings } from '../../../electron/core/cie/stations';
import { renderBookingReceipt } from '../../../electron/core/print/receipt';
import { openTestDb } from '../../support/db';
import { clerk } from '../../support/actors';

const tools = ['pdftotext', 'pdftoppm', 'pdfinfo', 'zbarimg'].filter((t) => spawnSync(t, ['-v']).error !== undefined);
if (tools.length) console.warn(`receipt tests skipped: missing ${tools.join(', ')}; run scripts/install-system-deps.sh`);

describe.skipIf(tools.length > 0)('booking receipt PDF', () => {
  let t: ReturnType<typeof openTestDb>;
  let dir: string;
  let stationId: string;
  const now = new Date('2026-12-01T08:00:00Z');

  beforeEach(() => {
    t = openTestDb();
    dir = mkdtempSync(join(tmpdir(), 'sportello-receipt-'));
    updateSettings(t.db, clerk, { comuneName: "Fara Gera d'Adda" });
    stationId = createStation(t.db, clerk, {
      name: 'Postazione CIE 2',
      place: 'Ufficio anagrafe, via Roma 1, piano terra',
      remoteId: 'SEDE-2',
    }).id;
    setOpeningHours(t.db, clerk, stationId, [{ weekday: 2, start: '09:00', end: '12:00' }]);
  });
  afterEach(() => {
    t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const text = (pdf: Buffer) => {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  };

  it('prints date, time, place, people, what to bring and a scannable booking code', async () => {
    const b = bookAppointment(t.db, clerk, {
      stationId,
      date: '2026-12-15',
      startTime: '10:20',
      channel: 'counter',
      contactPhone: '3331234567',
      now,
      people: [
        { surname: 'Rossi', givenNames: 'Anna' },
        { surname: 'Rossi', givenNames: 'Luca' },
      ],
    });
    const pdf = await renderBookingReceipt(receiptData(t.db, b.id, now));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const words = text(pdf).replace(/\s+/g, ' ');
    expect(words).toContain("Comune di Fara Gera d'Adda");
    expect(words).toContain('martedì 15 dicembre 2026');
    expect(words).toContain('10:20 Anna Rossi');
    expect(words).toContain('10:40 Luca Rossi');
    expect(words).toContain('Ufficio anagrafe, via Roma 1, piano terra');
    expect(words).toContain(b.code);
    expect(words).toContain('€ 22,21');
    expect(words).toContain('denuncia');
    expect(words).not.toContain('Confermi la prenotazione');
    // The footer sits in the bottom margin and must not push pdfkit onto a second page.
    expect(execFileSync('pdfinfo', [join(dir, 'r.pdf')], { encoding: 'utf8' })).toMatch(/^Pages:\s+1$/m);
    execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', join(dir, 'r.pdf'), join(dir, 'r')]);
    const scanned = execFileSync('zbarimg', ['--quiet', '--raw', join(dir, 'r.png')], { encoding: 'utf8' }).trim();
    expect(scanned).toBe(b.code);
  });

  it('reminds an online citizen to confirm before the deadline', async () => {
    applyOnlineChanges(
      t.db,
      clerk,
      [
        {
          seq: 1,
          type: 'booked',
          at: '2026-12-01T07:00:00.000Z',
          booking: {
            bookingId: 'onl-1',
            code: 'WABC2345',
            stationId: 'SEDE-2',
            date: '2026-12-15',
            times: ['09:00'],
            channel: 'online',
            status: 'booked',
            confirmed: false,
            revision: 1,
            people: [{ surname: 'Verdi', givenNames: 'Carla' }],
          },
        },
      ],
      '1',
    );
    const id = (t.db.prepare(`SELECT id FROM cie_bookings WHERE remote_id = 'onl-1'`).get() as { id: string }).id;
    const words = text(await renderBookingReceipt(receiptData(t.db, id, now))).replace(/\s+/g, ' ');
    expect(words).toContain('Confermi la prenotazione entro sabato 12 dicembre 2026, ore 23:59');
    expect(words).toContain('WABC2345');
  });
});
