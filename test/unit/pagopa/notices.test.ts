import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listItems } from '../../../electron/core/sync/outbox';
import { listAudit, verifyAudit } from '../../../electron/core/audit/log';
import { isIssuableNav } from '../../../electron/core/pagopa/nav';
import { cancelNotice, getNotice, issueNotice, listNotices, markNoticePaid, splitCents } from '../../../electron/core/pagopa/notices';
import { gpdOutboxHandlers } from '../../../electron/core/pagopa/outbox-handlers';
import { applyGpdPosition, noticesToPoll } from '../../../electron/core/pagopa/status';
import { dailyReconciliation, reconciliationCsv } from '../../../electron/core/pagopa/reconciliation';
import { createCatalogueItem, listCatalogue, updateCatalogueItem } from '../../../electron/core/pagopa/catalogue';
import { assignWorkstationSlot, getPagopaSettings, savePagopaSettings } from '../../../electron/core/pagopa/settings';
import { romeEndOfDayUtc } from '../../../electron/core/pagopa/format';
import type { GpdCreatePayload } from '../../../electron/core/pagopa/gpd-model';
import { clerk, clerkB, DEBTOR, IBAN, responsabile, seed, SETTINGS, type Seeded } from './fixtures';
import { openTestDb, type TestDb } from '../../support/db';
import { withTx } from '../../../electron/core/store/tx';
import { ValidationError } from '../../../electron/core/errors';

const NOW = new Date('2026-03-10T09:30:00Z');
let t: TestDb;
let s: Seeded;
beforeEach(() => {
  t = openTestDb();
  s = seed(t.db);
});
afterEach(() => t.cleanup());

const issueCie = (actor = clerk, extra: Partial<Parameters<typeof issueNotice>[2]> = {}) =>
  issueNotice(
    t.db,
    actor,
    { debtor: DEBTOR, items: [{ catalogueItemId: s.cieState.id }, { catalogueItemId: s.cieComune.id }], dueDate: '2026-04-10', ...extra },
    NOW,
  );

describe('settings and catalogue', () => {
  it('rejects bad settings with Italian messages naming the field', () => {
    expect(() => savePagopaSettings(t.db, responsabile, { ...SETTINGS, segregationCode: '2' })).toThrow(/segregazione/);
    expect(() => savePagopaSettings(t.db, responsabile, { ...SETTINGS, cfEnte: '1234' })).toThrow(/11 cifre/);
    expect(() => savePagopaSettings(t.db, responsabile, { ...SETTINGS, postalAccount: '123456' })).toThrow(/intestatario/);
    expect(() => savePagopaSettings(t.db, responsabile, { ...SETTINGS, logo: Buffer.from('GIF89a') })).toThrow(/PNG o JPEG/);
    expect(getPagopaSettings(t.db)?.segregationCode).toBe('02');
  });

  it('validates IBAN (mod 97), taxonomy and code uniqueness', () => {
    const base = { code: 'X1', description: 'Prova', amountCents: 100, taxonomy: '9/0101108TS/', iban: IBAN };
    expect(() => createCatalogueItem(t.db, responsabile, { ...base, iban: 'IT61X0542811101000000123456' })).toThrow(/IBAN/);
    expect(() => createCatalogueItem(t.db, responsabile, { ...base, taxonomy: '0101108TS' })).toThrow(/tassonomia/);
    expect(() => createCatalogueItem(t.db, responsabile, { ...base, amountCents: 0 })).toThrow(/Importo/);
    expect(() => createCatalogueItem(t.db, responsabile, { ...base, code: 'CIE-STATO' })).toThrow(/già una voce/);
    const item = createCatalogueItem(t.db, responsabile, { ...base, iban: 'IT60 X054 2811 1010 0000 0123 456' });
    expect(item.iban).toBe(IBAN);
    updateCatalogueItem(t.db, responsabile, item.id, { ...base, active: false });
    expect(listCatalogue(t.db).map((i) => i.code)).not.toContain('X1');
    expect(listCatalogue(t.db, { includeInactive: true }).map((i) => i.code)).toContain('X1');
  });

  it('refuses to give one slot to two workstations', () => {
    expect(() => assignWorkstationSlot(t.db, responsabile, 'ws-C', 1)).toThrow(/già usato/);
  });
});

describe('issuing a notice', () => {
  it('writes notice, GPD outbox item and audit entry together', () => {
    const n = issueCie();
    expect(n.totalCents).toBe(16_79 + 5_42);
    expect(n.status).toBe('unpaid');
    expect(n.gpdState).toBe('pending');
    const nav = n.options[0].nav;
    expect(isIssuableNav(nav)).toBe(true);
    expect(nav.slice(0, 3)).toBe('302'); // aux 3 + segregation 02
    expect(nav.slice(3, 16)).toBe('2600100000001'); // year 26, slot 001, first sequence number

    const items = listItems(t.db, { platform: 'gpd' });
    expect(items).toHaveLength(1);
    expect(items[0].kind).toBe('gpd.create');
    expect(items[0].idempotencyKey).toBe(n.iupd);
    expect(n.iupd).toMatch(/^03334231200-[0-9a-f-]{36}$/);
    const p = items[0].payload as GpdCreatePayload;
    expect(p.cfEnte).toBe('03334231200');
    expect(p.position.paymentOption).toHaveLength(1);
    const o = p.position.paymentOption[0];
    expect(o).toMatchObject({ nav, iuv: nav.slice(1), amount: 2221, isPartialPayment: false, dueDate: '2026-04-10T21:59:59Z' });
    expect(o.transfer.map((x) => x.amount)).toEqual([1679, 542]);
    expect(o.transfer.every((x) => x.category === '9/0101108TS/' && x.iban === IBAN)).toBe(true);

    const audit = listAudit(t.db, { entityType: 'pagopa_notice', entityId: n.id });
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).not.toContain('RSSMRA'); // no personal data in the audit detail
    expect(verifyAudit(t.db).ok).toBe(true);
  });

  it('leaves nothing behind when it cannot complete (no slot for this workstation)', () => {
    const before = t.db.prepare('SELECT count(*) AS c FROM pagopa_notice').get() as { c: number };
    expect(() => issueCie({ operatorId: 'op-9', workstationId: 'ws-unknown' })).toThrow(/numero per gli avvisi/);
    expect((t.db.prepare('SELECT count(*) AS c FROM pagopa_notice').get() as { c: number }).c).toBe(before.c);
    expect(listItems(t.db)).toHaveLength(0);
  });

  it('two workstations interleaving never collide, and sequences continue per workstation', () => {
    const navs: string[] = [];
    for (let i = 0; i < 20; i++) navs.push(issueCie(i % 2 ? clerkB : clerk).options[0].nav);
    expect(new Set(navs).size).toBe(20);
    expect(navs.filter((n) => n.slice(5, 8) === '001')).toHaveLength(10);
    expect(navs.filter((n) => n.slice(5, 8) === '002')).toHaveLength(10);
  });

  it('the database refuses a reused, renumbered or deleted notice number', () => {
    const n = issueCie();
    const nav = n.options[0].nav;
    expect(() =>
      t.db
        .prepare(`INSERT INTO pagopa_payment_option (nav, iuv, notice_id, idx, amount_cents, due_date, status)
      VALUES (?, ?, ?, 5, 100, '2026-04-10', 'unpaid')`)
        .run(nav, nav.slice(1) + '', n.id),
    ).toThrow(/UNIQUE/);
    expect(() => t.db.prepare('UPDATE pagopa_payment_option SET nav = ? WHERE nav = ?').run('302000000000000000', nav)).toThrow(
      /never change/,
    );
    expect(() => t.db.prepare('DELETE FROM pagopa_payment_option WHERE nav = ?').run(nav)).toThrow(/never deleted/);
    expect(() => t.db.prepare('DELETE FROM pagopa_notice').run()).toThrow(/never deleted/);
  });

  it('issues 3 instalments: each with its own number, transfers summing to each option', () => {
    const n = issueCie(clerk, { instalments: [{ dueDate: '2026-04-10' }, { dueDate: '2026-05-10' }, { dueDate: '2026-06-10' }] });
    expect(n.options).toHaveLength(4);
    expect(n.options.map((o) => o.amountCents)).toEqual([2221, 741, 740, 740]);
    expect(new Set(n.options.map((o) => o.nav)).size).toBe(4);
    const p = listItems(t.db)[0].payload as GpdCreatePayload;
    for (const o of p.position.paymentOption) {
      expect(o.transfer.reduce((a, x) => a + x.amount, 0)).toBe(o.amount);
      expect(o.isPartialPayment).toBe(o.nav !== n.options[0].nav);
    }
  });

  it('validates the request in Italian', () => {
    expect(() => issueCie(clerk, { dueDate: '2026-03-09' })).toThrow('La data deve essere dal 10/03/2026 in poi.');
    expect(() => issueCie(clerk, { debtor: { ...DEBTOR, codiceFiscale: 'RSSMRA80A01H501X' } })).toThrow(/Codice fiscale del destinatario/);
    expect(() => issueCie(clerk, { instalments: [{ dueDate: '2026-05-01' }] })).toThrow(/da 2 a 9/);
    expect(() =>
      issueCie(clerk, {
        instalments: [
          { dueDate: '2026-05-01', amountCents: 1 },
          { dueDate: '2026-06-01', amountCents: 1 },
        ],
      }),
    ).toThrow(/somma/);
    expect(() => issueCie(clerk, { items: [] })).toThrow(/almeno una voce/);
  });

  it('refuses an empty request with every problem at once, each next to its field', () => {
    let refused: unknown;
    try {
      issueCie(clerk, { debtor: { ...DEBTOR, fullName: '', codiceFiscale: '' }, items: [], dueDate: '2026-03-09' });
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues?.map((i) => i.path)).toEqual([
      'debtor.fullName',
      'debtor.codiceFiscale',
      'dueDate',
      'items',
    ]);
    expect((refused as ValidationError).userMessage).toMatch(/^Ci sono 4 dati da correggere/);
  });

  it('splits cents exactly', () => {
    expect(splitCents(741, [1679, 542])).toEqual([560, 181]);
    expect(splitCents(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });

  it('computes the GPD due date at 23:59:59 Rome time in winter and summer', () => {
    expect(romeEndOfDayUtc('2026-12-31')).toBe('2026-12-31T22:59:59Z');
    expect(romeEndOfDayUtc('2026-07-15')).toBe('2026-07-15T21:59:59Z');
    expect(romeEndOfDayUtc('2026-03-29')).toBe('2026-03-29T21:59:59Z'); // DST starts that night
  });
});

describe('after issuing', () => {
  it('cancels an unpaid notice by queueing an invalidation behind the create', () => {
    const n = issueCie();
    const c = cancelNotice(t.db, clerk, n.id, 'Importo sbagliato');
    expect(c.status).toBe('cancelled');
    expect(c.displayStatus).toBe('cancelled');
    const items = listItems(t.db);
    expect(items.map((i) => i.kind)).toEqual(['gpd.create', 'gpd.invalidate']);
    expect(items[1].orderingKey).toBe(items[0].orderingKey);
    expect(() => cancelNotice(t.db, clerk, n.id, 'di nuovo')).toThrow(/già stato annullato/);
  });

  it('marks paid by hand, and refuses to cancel a paid notice', () => {
    const n = issueCie();
    // Paid tomorrow: refused with the bound the date box shows, in the core (not only the page).
    expect(() => markNoticePaid(t.db, clerk, n.id, { note: 'Ricevuta PSP n. 123', paidAt: '2026-03-11T12:00:00.000Z' }, NOW)).toThrow(
      'La data deve essere fino al 10/03/2026.',
    );
    const p = markNoticePaid(t.db, clerk, n.id, { note: 'Ricevuta PSP n. 123', paidAt: '2026-03-10T12:00:00.000Z' }, NOW);
    expect(p.status).toBe('paid');
    expect(p.paidSource).toBe('manual');
    expect(() => cancelNotice(t.db, clerk, n.id, 'errore')).toThrow(/già pagato/);
  });

  it('applies the GPD status from polling once, with receipt and payment date', () => {
    const n = issueCie();
    const item = listItems(t.db)[0];
    withTx(t.db, (tx) => gpdOutboxHandlers.find((h) => h.kind === 'gpd.create')!.onDone!(tx, item, { status: 'VALID' }));
    expect(getNotice(t.db, n.id)!.gpdState).toBe('published');
    expect(noticesToPoll(t.db, 10).map((x) => x.iupd)).toEqual([n.iupd]);

    const answer = {
      iupd: n.iupd,
      status: 'PAID' as const,
      paymentDate: '2026-03-11T10:15:00',
      paymentOption: [
        {
          iuv: n.options[0].iuv,
          amount: 2221,
          status: 'PO_PAID' as const,
          paymentDate: '2026-03-11T10:15:00',
          idReceipt: 'R-1',
          pspCompany: 'Banca Test',
        },
      ],
    };
    expect(applyGpdPosition(t.db, clerk, answer, NOW)).toEqual({ noticeId: n.id, becamePaid: true, paidOptions: [n.options[0].iuv] });
    expect(applyGpdPosition(t.db, clerk, answer, NOW)).toEqual({ noticeId: n.id, becamePaid: false, paidOptions: [] });
    const paid = getNotice(t.db, n.id)!;
    expect(paid).toMatchObject({ status: 'paid', paidSource: 'gpd', paidAt: '2026-03-11T10:15:00.000Z', displayStatus: 'paid' });
    expect(paid.options[0]).toMatchObject({ status: 'paid', receiptId: 'R-1', pspCompany: 'Banca Test' });
    expect(listAudit(t.db, { entityId: n.id }).filter((a) => a.action === 'pagopa.notice.paid')).toHaveLength(1);
    expect(noticesToPoll(t.db, 10)).toHaveLength(0);
  });

  it('shows an unpaid notice past its due date as expired', () => {
    const n = issueCie();
    expect(getNotice(t.db, n.id, new Date('2026-04-10T20:00:00Z'))!.displayStatus).toBe('unpaid');
    expect(getNotice(t.db, n.id, new Date('2026-04-11T08:00:00Z'))!.displayStatus).toBe('expired');
  });

  it('reconciles a day: issued, paid, outstanding, and exports CSV', () => {
    const a = issueCie();
    const b = issueCie(clerkB, { subject: '=HYPERLINK("x")' });
    const c = issueNotice(t.db, clerk, { debtor: DEBTOR, items: [{ catalogueItemId: s.segreteria.id }], dueDate: '2026-04-10' }, NOW);
    cancelNotice(t.db, clerk, c.id, 'errore');
    applyGpdPosition(
      t.db,
      clerk,
      {
        iupd: a.iupd,
        status: 'PAID',
        paymentOption: [{ iuv: a.options[0].iuv, amount: 2221, status: 'PO_PAID', paymentDate: '2026-03-10T15:00:00Z', idReceipt: 'R-9' }],
      },
      NOW,
    );
    const r = dailyReconciliation(t.db, '2026-03-10', NOW);
    // A day still to come cannot be reconciled: the same bound the date box shows.
    expect(() => dailyReconciliation(t.db, '2026-03-11', NOW)).toThrow('La data deve essere fino al 10/03/2026.');
    expect(r.issued.map((x) => x.noticeId).sort()).toEqual([a.id, b.id].sort());
    expect(r.paid.map((x) => x.noticeId)).toEqual([a.id]);
    expect(r.outstanding.map((x) => x.noticeId)).toEqual([b.id]);
    expect(r.totals).toEqual({
      issuedCents: 4442,
      paidCents: 2221,
      outstandingCents: 2221,
      issuedCount: 2,
      paidCount: 1,
      outstandingCount: 1,
    });
    expect(dailyReconciliation(t.db, '2026-03-09', NOW).issued).toHaveLength(0);
    expect(listNotices(t.db, { issuedOn: '2026-03-10' })).toHaveLength(3);

    const csv = reconciliationCsv(r);
    const lines = csv.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines).toHaveLength(1 + 2 + 1 + 1);
    expect(lines[0]).toContain('"Codice avviso"');
    expect(
      lines.some((l) => l.startsWith('"pagato"') && l.includes(`"${a.options[0].nav}"`) && l.includes('"22.21"') && l.includes('"R-9"')),
    ).toBe(true);
    expect(csv).not.toContain('"=HYPERLINK');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
