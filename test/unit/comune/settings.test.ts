/** The Comune's room: set, read back, refused when wrong, and what the other rooms see before it is set. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allocateIdOperazioneComune, allocateLocalId } from '../../../electron/core/anagrafe/id-operazione';
import { type ComuneSettings, configureComune, getComuneSettings } from '../../../electron/core/comune/settings';
import { openTestDb, type TestDb } from '../../support/db';

const ORVIETO: ComuneSettings = {
  comuneIstat: '055023',
  comuneName: 'ORVIETO',
  siglaProvincia: 'TR',
  belfiore: 'G148',
  cap: '05018',
  workstationSlot: 7,
};

let t: TestDb;
beforeEach(() => {
  t = openTestDb({ prefix: 'sportello-comune-' });
});
afterEach(() => t.cleanup());

describe('comune settings', () => {
  it('before the set-up, every reader is told the Comune is not configured', () => {
    for (const read of [() => getComuneSettings(t.db), () => allocateIdOperazioneComune(t.db, 0), () => allocateLocalId(t.db, 'S')]) {
      expect(read).toThrow(
        expect.objectContaining({ code: 'ANAGRAFE_NOT_CONFIGURED', userMessage: expect.stringContaining('Impostazioni') }),
      );
    }
  });

  it('reads back what was set, and a second set-up keeps the identifier counters going', () => {
    configureComune(t.db, ORVIETO);
    expect(getComuneSettings(t.db)).toEqual(ORVIETO);
    expect(allocateIdOperazioneComune(t.db, 1_735_689_600_000)).toBe('1735689600000007');
    expect(allocateLocalId(t.db, 'S')).toBe('S00700000001');

    configureComune(t.db, { ...ORVIETO, comuneName: 'ORVIETO (TR)', workstationSlot: 8 });
    expect(getComuneSettings(t.db)).toMatchObject({ comuneName: 'ORVIETO (TR)', workstationSlot: 8 });
    // The millisecond part never goes back, even for a clock that did.
    expect(allocateIdOperazioneComune(t.db, 1_735_689_500_000)).toBe('1735689600001008');
    expect(allocateLocalId(t.db, 'F')).toBe('F00800000002');
  });

  it('refuses an ISTAT code that is not 6 digits and a slot outside 0–999', () => {
    expect(() => configureComune(t.db, { ...ORVIETO, comuneIstat: '55023' })).toThrow(
      expect.objectContaining({ code: 'ANAGRAFE_SETTINGS_ISTAT' }),
    );
    expect(() => configureComune(t.db, { ...ORVIETO, workstationSlot: 1000 })).toThrow(
      expect.objectContaining({ code: 'ANAGRAFE_SETTINGS_SLOT' }),
    );
    expect(() => getComuneSettings(t.db)).toThrow(expect.objectContaining({ code: 'ANAGRAFE_NOT_CONFIGURED' }));
  });
});
