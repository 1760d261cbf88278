import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { valueText } from '../../../electron/core/anagrafe/vocabulary';

const at = (path: string) => path.split('.');

describe('ANPR’s coded values in words (what "Operazioni da verificare" shows read-only)', () => {
  it('reads a code by the key that holds it, wherever it is in the payload', () => {
    expect(valueText(at('richiesta.elencoSoggettiFamiglia.2.generalita.sesso'), 'F')).toBe('Femmina');
    expect(valueText(at('richiesta.elencoSoggettiFamiglia.0.legameSoggetto.codiceLegame'), '2')).toBe('Coniuge');
    expect(valueText(at('richiesta.elencoSoggettiFamiglia.0.legameSoggetto.tipoLegame'), '3')).toBe('Famiglia');
    expect(valueText(at('richiesta.generalita1002.statoCivile.statoCivile'), '6')).toBe('Unita/o civilmente');
    expect(valueText(at('richiesta.motivoCancellazione.tipoMotivoCancellazione'), '1')).toBe('Morte accertata');
    expect(valueText(at('code'), '1001')).toBe('Iscrizione per nascita');
  });

  it('tells apart the codes whose meaning depends on where they are', () => {
    // 5005: one tipoMutazione of the residence; 5008: a list of kinds of change.
    expect(valueText(at('richiesta.datiControllo.tipoMutazione'), '03')).toBe('Cambio di abitazione nel Comune (dimora abituale)');
    expect(valueText(at('richiesta.datiControllo.tipoMutazione.0'), '07')).toBe('Altri dati (stato civile)');
    // tipoScheda: the 5005's choice (family kept or new) or a family's kind.
    expect(valueText(at('richiesta.datiControllo.tipoScheda'), '2')).toBe('Nuova famiglia');
    expect(valueText(at('richiesta.generalitaSchedaFamiglia.tipoScheda'), '4')).toBe('Convivenza');
  });

  it('leaves alone what is not a known code: names, numbers, a code ANPR’s tables here do not list, a code that is not the pratica’s', () => {
    expect(valueText(at('richiesta.elencoSoggettiFamiglia.0.generalita.cognome'), 'ROSSI')).toBeUndefined();
    expect(valueText(at('richiesta.residenzaFamiglia.0.indirizzo.numeroCivico.numero'), '3')).toBeUndefined();
    expect(valueText(at('richiesta.elencoSoggettiFamiglia.0.legameSoggetto.codiceLegame'), '41')).toBeUndefined();
    expect(valueText(at('richiesta.altro.code'), '1001')).toBeUndefined();
  });
});

describe('ANPR’s code tables are written once (core/anagrafe/code-tables.ts), for the back end and the page alike', () => {
  it('no other source file spells a table’s words as a code’s value', () => {
    const root = join(__dirname, '../../..');
    const sources = (dir: string): string[] =>
      readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
      );
    // A table entry as a literal: "'6': 'Unita/o civilmente'", "M: 'Maschio'".
    const entry = /(?:'\d+'|\b[MF]): '(?:Maschio|Femmina|Celibe \/ nubile|Unita\/o civilmente|Intestatario(?: della scheda)?|Coniuge)'/;
    const spelled = [...sources('electron'), ...sources('renderer')].filter(
      (f) => f !== join('electron', 'core', 'anagrafe', 'code-tables.ts') && entry.test(readFileSync(join(root, f), 'utf8')),
    );
    expect(spelled).toEqual([]);
    expect(entry.test(readFileSync(join(root, 'electron/core/anagrafe/code-tables.ts'), 'utf8'))).toBe(true);
  });
});
