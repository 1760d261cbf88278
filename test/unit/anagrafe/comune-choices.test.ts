import { afterEach, describe, expect, it } from 'vitest';
import { comuneChoices, titleCase } from '../../../electron/core/anagrafe/comune-choices';
import { openTestDb, type TestDb } from '../../support/db';

describe('the Comuni offered by the production set-up', () => {
  let t: TestDb | undefined;
  afterEach(() => t?.cleanup());

  it('names a Comune as its letterhead does: particles lower case, after an apostrophe or hyphen a capital', () => {
    expect(titleCase('BAGNOREGIO')).toBe('Bagnoregio');
    expect(titleCase('SAN GIOVANNI IN FIORE')).toBe('San Giovanni in Fiore');
    expect(titleCase("SANT'ANGELO DEI LOMBARDI")).toBe("Sant'Angelo dei Lombardi");
    expect(titleCase('DI NOLA')).toBe('Di Nola');
  });

  it('loads the places on first use and offers the Comuni in force, with their codes', async () => {
    t = openTestDb();
    const found = await comuneChoices(t.db, 'bagnore', '2026-01-01');
    expect(found).toContainEqual(expect.objectContaining({ nome: 'Comune di Bagnoregio', provincia: 'VT', codiceCatastale: 'A577' }));
    expect(found.every((c) => c.nome.startsWith('Comune di '))).toBe(true);
    expect(await comuneChoices(t.db, '', '2026-01-01')).toEqual([]);
  });
});
