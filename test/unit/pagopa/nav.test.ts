import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkDigits,
  checkNoticeNumber,
  groupNav,
  isIssuableNav,
  iuvOf,
  makeBase13,
  makeNav,
  MAX_SEQ,
  navOfIuv,
} from '../../../electron/core/pagopa/nav';

// research/pagopa.md §1.5: public vectors (P1–P4) and computed aux-3 vectors.
const PUBLIC_VALID = [
  { nav: '302032002700000251', aux: '3' }, // P1 io-pagopa-commons
  { nav: '300715700000000032', aux: '3' }, // P2 io-app Poste Data Matrix
  { nav: '002160020399398578', aux: '0' }, // P3 io-app (legacy aux 0)
  { nav: '322201151398574181', aux: '3' }, // P4 io-app
];
const COMPUTED = [
  { seg: '01', base: '0000000000001', nav: '301000000000000144' },
  { seg: '02', base: '0320027000002', nav: '302032002700000251' },
  { seg: '47', base: '0000000012345', nav: '347000000001234592' },
  { seg: '00', base: '2025000000001', nav: '300202500000000140' },
  { seg: '12', base: '9999999999999', nav: '312999999999999957' },
];
const INVALID = ['311111111112222222', '344012345678901233', '470000008800999051', '000000000000000000'];

describe('notice number (NAV) generator', () => {
  it.each(COMPUTED)('makeNav($seg, $base) = $nav', ({ seg, base, nav }) => {
    expect(makeNav(seg, base)).toBe(nav);
    expect(iuvOf(nav)).toBe(nav.slice(1));
    expect(navOfIuv(iuvOf(nav))).toBe(nav);
    expect(isIssuableNav(nav)).toBe(true);
  });

  it.each(PUBLIC_VALID)('accepts public vector $nav', ({ nav, aux }) => {
    expect(checkNoticeNumber(nav)).toEqual({ valid: true, aux });
    expect(isIssuableNav(nav)).toBe(aux === '3');
  });

  it.each(INVALID)('rejects listed invalid number %s for issuing', (nav) => {
    expect(isIssuableNav(nav)).toBe(false);
  });

  it('names why the invalid ones fail', () => {
    expect(checkNoticeNumber('311111111112222222')).toEqual({ valid: false, reason: 'check' });
    expect(checkNoticeNumber('344012345678901233')).toEqual({ valid: false, reason: 'check' });
    expect(checkNoticeNumber('470000008800999051')).toEqual({ valid: false, reason: 'aux' });
    expect(checkNoticeNumber('30203200270000025')).toEqual({ valid: false, reason: 'format' });
    // the correct check digits quoted in §1.5
    expect(checkDigits('3111111111122222')).toBe('47');
    expect(checkDigits('3440123456789012')).toBe('86');
  });

  it('matches an independent digit-by-digit mod-93 long division', () => {
    const longDivision = (digits: string) => [...digits].reduce((r, d) => (r * 10 + Number(d)) % 93, 0);
    fc.assert(
      fc.property(fc.stringMatching(/^3\d{15}$/), (prefix) => checkDigits(prefix) === String(longDivision(prefix)).padStart(2, '0')),
      { numRuns: 10_000 },
    );
  });

  it('groups the code in fours for the notice', () => {
    expect(groupNav('302032002700000251')).toBe('3020 3200 2700 0002 51');
  });

  it('lays out base13 as year, workstation slot and sequence', () => {
    expect(makeBase13(2026, 7, 42)).toBe('2600700000042');
    expect(() => makeBase13(2026, 1000, 1)).toThrow(/postazione/);
    expect(() => makeBase13(2026, 1, MAX_SEQ + 1)).toThrow(/esaurita/);
    expect(() => makeBase13(2026, 1, 0)).toThrow();
  });

  it('property: check digits are always 00–92 and verify', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.bigInt({ min: 0n, max: 9_999_999_999_999n }), (seg, base) => {
        const nav = makeNav(String(seg).padStart(2, '0'), base.toString().padStart(13, '0'));
        const check = Number(nav.slice(16));
        return nav.length === 18 && check >= 0 && check <= 92 && isIssuableNav(nav);
      }),
      { numRuns: 20_000 },
    );
  });

  it('property: any single-digit change of an issued number is detected or changes the aux digit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 1, max: MAX_SEQ }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 9 }),
        (slot, seq, pos, delta) => {
          const nav = makeNav('12', makeBase13(2026, slot, seq));
          const d = (Number(nav[pos]) + delta) % 10;
          const altered = nav.slice(0, pos) + d + nav.slice(pos + 1);
          return !isIssuableNav(altered);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('property: distinct (year, slot, seq) never give the same number', () => {
    const key = fc.record({
      year: fc.integer({ min: 2000, max: 2099 }),
      slot: fc.integer({ min: 0, max: 999 }),
      seq: fc.integer({ min: 1, max: MAX_SEQ }),
    });
    fc.assert(
      fc.property(key, key, (a, b) => {
        fc.pre(a.year !== b.year || a.slot !== b.slot || a.seq !== b.seq);
        return makeNav('05', makeBase13(a.year, a.slot, a.seq)) !== makeNav('05', makeBase13(b.year, b.slot, b.seq));
      }),
      { numRuns: 20_000 },
    );
  });

  it('no collision across workstations over a million numbers', () => {
    // 1,000,000 numbers: 40 workstations interleaved, each continuing its own sequence from a random start.
    const rng = fc.sample(fc.integer({ min: 1, max: MAX_SEQ - 30_000 }), { numRuns: 40, seed: 42 });
    const seen = new Set<string>();
    const next = rng.slice();
    for (let i = 0; i < 1_000_000; i++) {
      const ws = i % 40;
      seen.add(makeNav('07', makeBase13(2026, ws * 7, next[ws]++)));
    }
    expect(seen.size).toBe(1_000_000);
  }, 60_000);
});
