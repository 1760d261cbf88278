/** The simulator's 3002 matching (simulators/anpr/consultation.ts), on hand-written request fragments. */
import { describe, expect, it } from 'vitest';
import { subjectsFor3002 } from '../../../simulators/anpr/consultation';
import { parseXml } from '../../../simulators/anpr/xml-read';

const NS = 'http://sogei.it/ANPR/3000consultazione';
const request = (criteri: string, nascita = '') =>
  parseXml(`<ns:Richiesta3002 xmlns:ns="${NS}"><criteriRicerca>${criteri}</criteriRicerca>${nascita}</ns:Richiesta3002>`)!.documentElement!;

const population = [
  {
    idANPR: 'AB12345CD',
    idSchedaSoggettoANPR: '2147484650',
    codiceFiscale: 'RSSMRA80A01H501U',
    cognome: 'ROSSI',
    nome: 'MARIO',
    dataNascita: '1980-01-01',
  },
  {
    idANPR: 'EF67890GH',
    idSchedaSoggettoANPR: '2147484651',
    codiceFiscale: 'RSSMRA80A01F205Z',
    cognome: 'ROSSI',
    nome: 'MARIO',
    dataNascita: '1980-01-01',
  },
  {
    idANPR: 'JK13579LM',
    idSchedaSoggettoANPR: '2147484652',
    codiceFiscale: 'BNCNNA82C45H501Z',
    cognome: "D'ANGELO",
    nome: 'ANNA MARIA',
    dataNascita: '1982-03-05',
  },
];
const cfs = (found: { codiceFiscale?: string }[]) => found.map((s) => s.codiceFiscale);

describe('which subjects a 3002 names', () => {
  it('by codice fiscale (case-insensitive), by ID ANPR, by idSchedaSoggettoANPR', () => {
    expect(cfs(subjectsFor3002(request('<codiceFiscale>rssmra80a01h501u</codiceFiscale>'), population))).toEqual(['RSSMRA80A01H501U']);
    expect(cfs(subjectsFor3002(request('<idANPR>EF67890GH</idANPR>'), population))).toEqual(['RSSMRA80A01F205Z']);
    expect(cfs(subjectsFor3002(request('<idSchedaSoggettoANPR>2147484652</idSchedaSoggettoANPR>'), population))).toEqual([
      'BNCNNA82C45H501Z',
    ]);
  });

  it('by names with the birth date: every homonym; a different date or no date: no one', () => {
    const nato = (d: string) => `<datiNascita><dataEvento>${d}</dataEvento></datiNascita>`;
    expect(cfs(subjectsFor3002(request('<cognome>Rossi</cognome><nome>Mario</nome>', nato('1980-01-01')), population))).toEqual([
      'RSSMRA80A01H501U',
      'RSSMRA80A01F205Z',
    ]);
    expect(subjectsFor3002(request('<cognome>ROSSI</cognome><nome>MARIO</nome>', nato('1980-01-02')), population)).toEqual([]);
    expect(subjectsFor3002(request('<cognome>ROSSI</cognome><nome>MARIO</nome>'), population)).toEqual([]);
    expect(cfs(subjectsFor3002(request("<cognome>D'ANGELO</cognome><nome>ANNA  MARIA</nome>", nato('1982-03-05')), population))).toEqual([
      'BNCNNA82C45H501Z',
    ]);
  });

  it('criteria together must all match (a CF with another person’s ID ANPR finds no one)', () => {
    expect(subjectsFor3002(request('<codiceFiscale>RSSMRA80A01H501U</codiceFiscale><idANPR>EF67890GH</idANPR>'), population)).toEqual([]);
    expect(subjectsFor3002(request('<sesso>M</sesso>'), population)).toEqual([]);
  });
});
