import { describe, expect, it } from 'vitest';
import { samePosition } from '../../../electron/platforms/gpd/adapter';
import { parseRetryAfter, positionsPath } from '../../../electron/platforms/gpd/client';
import type { GpdPosition, GpdPositionResponse } from '../../../electron/core/pagopa/gpd-model';

const sent: GpdPosition = {
  iupd: '03334231200-0b7c',
  type: 'F',
  fiscalCode: 'RSSMRA80A01H501U',
  fullName: 'Mario Rossi',
  switchToExpired: false,
  companyName: 'Comune di Esempio',
  paymentOption: [
    {
      iuv: '02032002700000251',
      nav: '302032002700000251',
      amount: 2221,
      description: 'CIE',
      isPartialPayment: false,
      dueDate: '2026-12-31T22:59:59Z',
      transfer: [
        { idTransfer: '1', amount: 1679, remittanceInformation: 'a', category: '9/0101108TS/', iban: 'IT60X0542811101000000123456' },
        { idTransfer: '2', amount: 542, remittanceInformation: 'b', category: '9/0101108TS/', iban: 'IT60X0542811101000000123456' },
      ],
    },
  ],
};
// What GPD answers: LocalDateTime without zone, no nav echo needed, extra fields, transfers reordered.
const found = (
  over: Partial<NonNullable<GpdPositionResponse['paymentOption']>[number]> = {},
): GpdPositionResponse & { fiscalCode: string } => ({
  iupd: sent.iupd,
  status: 'VALID',
  fiscalCode: 'RSSMRA80A01H501U',
  paymentOption: [
    {
      iuv: '02032002700000251',
      amount: 2221,
      dueDate: '2026-12-31T22:59:59',
      status: 'PO_UNPAID',
      transfer: [
        { idTransfer: '2', amount: 542, iban: 'IT60X0542811101000000123456', category: '9/0101108TS/' },
        { idTransfer: '1', amount: 1679, iban: 'IT60X0542811101000000123456', category: '9/0101108TS/' },
      ],
      ...over,
    },
  ],
});

describe('GPD adapter: is the position found after a 409 the one we sent?', () => {
  it('same codes, amounts, due date (with or without zone) and routing → same', () => {
    expect(samePosition(sent, found())).toBe(true);
  });
  it('any difference in amount, due date, IBAN, debtor or codes → different', () => {
    expect(samePosition(sent, found({ amount: 2222 }))).toBe(false);
    expect(samePosition(sent, found({ dueDate: '2026-12-30T22:59:59' }))).toBe(false);
    expect(samePosition(sent, found({ iuv: '02032002700000262' }))).toBe(false);
    expect(
      samePosition(
        sent,
        found({ transfer: [{ idTransfer: '1', amount: 2221, iban: 'IT60X0542811101000000123456', category: '9/0101108TS/' }] }),
      ),
    ).toBe(false);
    expect(samePosition(sent, { ...found(), fiscalCode: 'VRDGPP80A01H501X' } as GpdPositionResponse)).toBe(false);
  });
});

describe('GPD client helpers', () => {
  it('parses Retry-After in seconds and as an HTTP date', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter(new Date(Date.UTC(2026, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2026, 0, 1, 0, 0, 0))).toBe(30_000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
  it('builds the v1 paths, escaping the iupd', () => {
    expect(positionsPath('03334231200')).toBe('/debt-positions-service/v1/organizations/03334231200/debtpositions');
    expect(positionsPath('03334231200', 'a b', 'invalidate')).toBe(
      '/debt-positions-service/v1/organizations/03334231200/debtpositions/a%20b/invalidate',
    );
  });
});
