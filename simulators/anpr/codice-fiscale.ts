/**
 * The codice fiscale ANPR attributes when a registration asks for it (gestioneCF = 1): computed from
 * the data as the Agenzia delle Entrate does (DM 23/12/1976), with the birthplace's Belfiore code
 * from the embedded national archive. The simulator's own code: it never shares the client's.
 */
import { belfioreConnector } from '@marketto/belfiore-connector-embedded';

const VOWELS = /[AEIOU]/g;
const MONTHS = 'ABCDEHLMPRST';
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

const letters = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
const consonants = (s: string) => s.replace(VOWELS, '');
const vowels = (s: string) => (s.match(VOWELS) ?? []).join('');

function surnamePart(cognome: string): string {
  const s = letters(cognome);
  return (consonants(s) + vowels(s) + 'XXX').slice(0, 3);
}

function namePart(nome: string): string {
  const s = letters(nome);
  const c = consonants(s);
  if (c.length > 3) return c[0] + c[2] + c[3];
  return (c + vowels(s) + 'XXX').slice(0, 3);
}

function checkChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = first15[i];
    const v = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? ODD[v] : v;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** Belfiore code of an Italian comune by name (and province, when several share the name). */
async function belfioreOf(nomeComune: string, provincia?: string): Promise<string | null> {
  const found = (await belfioreConnector.searchByName(nomeComune)) as unknown as
    | { belfioreCode: string; name: string; province?: string }[]
    | null;
  const exact = (found ?? []).filter((p) => letters(p.name) === letters(nomeComune));
  const place = exact.find((p) => !provincia || p.province === provincia.toUpperCase()) ?? exact[0];
  return place?.belfioreCode ?? null;
}

export interface CfData {
  cognome?: string;
  nome?: string;
  sesso?: string;
  dataNascita?: string;
  comune?: { nome?: string; provincia?: string };
}

/** The codice fiscale of `d`, or null when the data are not enough (no date, sex or Italian birthplace). */
export async function attributeCf(d: CfData): Promise<string | null> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d.dataNascita ?? '');
  if (!m || !d.comune?.nome || (d.sesso !== 'M' && d.sesso !== 'F')) return null;
  const belfiore = await belfioreOf(d.comune.nome, d.comune.provincia);
  if (!belfiore) return null;
  const day = Number(m[3]) + (d.sesso === 'F' ? 40 : 0);
  const first15 = `${surnamePart(d.cognome ?? '')}${namePart(d.nome ?? '')}${m[1].slice(2)}${MONTHS[Number(m[2]) - 1]}${String(day).padStart(2, '0')}${belfiore}`;
  return first15 + checkChar(first15);
}
