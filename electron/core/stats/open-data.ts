/**
 * The monthly open data: one CSV (UTF-8, RFC 4180: comma, CRLF, no BOM, decimal point) in long
 * form, one row per figure, and its DCAT-AP_IT metadata in JSON-LD. Counts below 3 read "<3";
 * a figure that would reveal one (an amount of a hidden count, a mean over fewer than 3
 * appointments, the one other part of a group with a visible total, a waiting band whose sum
 * would give back a hidden "serviti") reads "n.d." (suppress.ts).
 */
import { recordAudit } from '../audit/log';
import { getComuneSettings } from '../comune/settings';
import { SportelloError } from '../errors';
import { romeDate } from '../rome-time';
import { hubConnectionOf } from '../settings/hub';
import { getComune, getWorkstation } from '../settings/workstation';
import type { Actor, Db } from '../store/types';
import { monthFigures, PRATICA_OUTCOMES, WAIT_BANDS, type MonthFigures } from './month';
import { isSmall, NOT_PUBLISHED, publishGroup } from './suppress';

export const CSV_COLUMNS = ['periodo', 'dataset', 'categoria', 'descrizione_categoria', 'indicatore', 'valore', 'unita_di_misura'] as const;
type Row = [string, string, string, string, string, string, string];

export const LICENSE_URI = 'https://creativecommons.org/licenses/by/4.0/';
export const MONTHLY_URI = 'http://publications.europa.eu/resource/authority/frequency/MONTHLY';
export const THEME_GOVE_URI = 'http://publications.europa.eu/resource/authority/data-theme/GOVE';

const euros = (cents: number) => (cents / 100).toFixed(2);

export function openDataRows(f: MonthFigures): Row[] {
  const rows: Row[] = [];
  const add = (dataset: string, cat: string, desc: string, ind: string, value: string, unit = 'numero') =>
    rows.push([f.month, dataset, cat, desc, ind, value, unit]);

  for (const p of f.pratiche) {
    const g = publishGroup(
      p.total,
      PRATICA_OUTCOMES.map((o) => p.byOutcome[o]),
    );
    add('pratiche_anagrafe', p.code, p.title, 'totale', g.total);
    PRATICA_OUTCOMES.forEach((o, i) => add('pratiche_anagrafe', p.code, p.title, `esito_${o}`, g.parts[i]));
  }

  const c = f.cie;
  const outcomes = publishGroup(c.booked, [c.served, c.noShow, c.cancelled, c.open]);
  const appt = 'Appuntamenti CIE nel mese';
  add('appuntamenti_cie', 'appuntamenti', appt, 'prenotati', outcomes.total);
  ['serviti', 'non_presentati', 'annullati', 'senza_esito'].forEach((ind, i) =>
    add('appuntamenti_cie', 'appuntamenti', appt, ind, outcomes.parts[i]),
  );
  const w = c.wait;
  // The bands add up to the served appointments, published above: they are a group with that total,
  // and when "serviti" is hidden there, one band more is withheld so their sum does not give it back.
  const bands = publishGroup(w.measured, w.bands);
  if (outcomes.hidden[0] && !bands.hidden.some(Boolean) && w.bands.length) {
    const smallest = w.bands.indexOf(Math.min(...w.bands));
    bands.parts[smallest] = NOT_PUBLISHED;
  }
  const wait = 'Giorni di attesa tra prenotazione e appuntamento, appuntamenti serviti';
  WAIT_BANDS.forEach((b, i) => add('appuntamenti_cie', 'attesa', wait, `attesa_${b.id}`, bands.parts[i]));
  const avg = (v: number | null) => (v === null || isSmall(w.measured) ? NOT_PUBLISHED : String(v));
  add('appuntamenti_cie', 'attesa', wait, 'media_giorni', avg(w.meanDays), 'giorni');
  add('appuntamenti_cie', 'attesa', wait, 'mediana_giorni', avg(w.medianDays), 'giorni');

  for (const n of f.notices) {
    const g = publishGroup(n.issued, [n.paid, n.unpaid, n.cancelled]);
    add('avvisi_pagopa', n.code, n.description, 'emessi', g.total);
    ['pagati', 'da_pagare', 'annullati'].forEach((ind, i) => add('avvisi_pagopa', n.code, n.description, ind, g.parts[i]));
    add('avvisi_pagopa', n.code, n.description, 'importo_emesso', isSmall(n.issued) ? NOT_PUBLISHED : euros(n.issuedCents), 'euro');
    add('avvisi_pagopa', n.code, n.description, 'importo_pagato', g.hidden[0] ? NOT_PUBLISHED : euros(n.paidCents), 'euro');
  }
  return rows;
}

const csvCell = (v: string) => {
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function openDataCsv(rows: readonly Row[]): string {
  return [CSV_COLUMNS as readonly string[], ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export interface Publisher {
  name: string;
  /** Codice IPA of the Comune: "c_" and its codice catastale, lower case (the IPA's convention for Comuni). */
  ipa: string;
  codiceFiscale: string | null;
  /**
   * With the Comune hub, the workstation whose figures these are: each counter publishes its own,
   * under its own identifier and file name, and the Comune's figure is the sum of its counters' files.
   */
  counter?: { number: number; name: string };
}

/** The dataset's name within the publisher: the Comune's counter, or one workstation of several. */
const counterSlug = (p: Publisher) => (p.counter ? `-postazione-${p.counter.number}` : '');
const counterLabel = (p: Publisher) => (p.counter ? `, postazione ${p.counter.number} "${p.counter.name}"` : '');

export function publisherOf(db: Db): Publisher {
  const ws = getWorkstation(db);
  const counter = hubConnectionOf(db) ? { counter: { number: ws.number, name: ws.name } } : {};
  const c = getComune(db);
  if (c) return { name: `Comune di ${c.nome}`, ipa: `c_${c.codiceCatastale.toLowerCase()}`, codiceFiscale: c.cfEnte ?? null, ...counter };
  const s = getComuneSettings(db); // throws "not configured" when neither is set
  const name = s.comuneName.charAt(0) + s.comuneName.slice(1).toLowerCase();
  return { name: `Comune di ${name}`, ipa: `c_${s.belfiore.toLowerCase()}`, codiceFiscale: null, ...counter };
}

export interface MetadataInput {
  month: string;
  from: string;
  to: string;
  publisher: Publisher;
  csvFilename: string;
  csvBytes: number;
  issued: string;
  modified: string;
  contactEmail?: string;
}

const date = (v: string) => ({ '@value': v, '@type': 'xsd:date' });
const it = (v: string) => ({ '@language': 'it', '@value': v });

/** The dataset's DCAT-AP_IT description (JSON-LD). */
export function dcatMetadata(m: MetadataInput): Record<string, unknown> {
  const agent = {
    '@type': ['foaf:Agent', 'dcatapit:Agent'],
    'foaf:name': m.publisher.name,
    'dct:identifier': m.publisher.ipa,
    ...(m.publisher.codiceFiscale ? { 'dcatapit:codiceFiscale': m.publisher.codiceFiscale } : {}),
  };
  const p = m.publisher;
  const id = `${p.ipa}:sportello${counterSlug(p)}-attivita-${m.month}`;
  const title = `Attività dello sportello anagrafe${counterLabel(p)}: ${m.month}`;
  const whose = p.counter
    ? `della postazione ${p.counter.number} ("${p.counter.name}") dello sportello del ${p.name}, una delle sue postazioni: il dato ` +
      'del Comune è la somma dei file delle sue postazioni. Gli appuntamenti CIE sono quelli prenotati da questa postazione ' +
      '(non quelli prenotati online sul sistema nazionale né quelli delle altre postazioni)'
    : `dello sportello del ${p.name}`;
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      dcatapit: 'http://dati.gov.it/onto/dcatapit#',
      foaf: 'http://xmlns.com/foaf/0.1/',
      vcard: 'http://www.w3.org/2006/vcard/ns#',
      schema: 'http://schema.org/',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@id': `urn:dcatapit:${id}`,
    '@type': ['dcat:Dataset', 'dcatapit:Dataset'],
    'dct:identifier': id,
    'dct:title': it(title),
    'dct:description': it(
      `Conteggi aggregati del mese ${m.month} (ora di Roma) ${whose}: pratiche anagrafiche ` +
        'per tipo ed esito; appuntamenti per la CIE prenotati, serviti, non presentati, annullati, e giorni di attesa tra ' +
        'prenotazione e appuntamento degli appuntamenti serviti (fasce, media, mediana; 0 giorni per un accesso senza ' +
        'appuntamento); ' +
        'avvisi pagoPA emessi, pagati, da pagare, annullati e importi, per voce del tariffario. Nessun dato personale. ' +
        'I conteggi inferiori a 3 sono pubblicati come "<3"; "n.d." indica un valore non pubblicato perché permetterebbe di ' +
        `ricavarne uno inferiore a 3. Esiti e pagamenti come risultano alla data di aggiornamento (${m.modified}).`,
    ),
    'dct:publisher': agent,
    'dct:rightsHolder': agent,
    'dct:temporal': {
      '@type': 'dct:PeriodOfTime',
      'dcat:startDate': date(m.from),
      'dcat:endDate': date(m.to),
      'schema:startDate': date(m.from),
      'schema:endDate': date(m.to),
    },
    'dct:accrualPeriodicity': { '@id': MONTHLY_URI },
    'dct:issued': date(m.issued),
    'dct:modified': date(m.modified),
    'dct:language': { '@id': 'http://publications.europa.eu/resource/authority/language/ITA' },
    'dcat:theme': { '@id': THEME_GOVE_URI },
    'dcat:keyword': [it('anagrafe'), it('carta d’identità elettronica'), it('pagoPA'), it('sportello')],
    'dcat:contactPoint': {
      '@type': ['vcard:Organization', 'dcatapit:Organization'],
      'vcard:fn': `Servizi demografici, ${m.publisher.name}`,
      ...(m.contactEmail ? { 'vcard:hasEmail': { '@id': `mailto:${m.contactEmail}` } } : {}),
    },
    'dcat:distribution': [
      {
        '@type': ['dcat:Distribution', 'dcatapit:Distribution'],
        'dct:title': it(`${title} (CSV)`),
        'dct:format': { '@id': 'http://publications.europa.eu/resource/authority/file-type/CSV' },
        'dcat:mediaType': 'text/csv',
        'dcat:accessURL': { '@id': m.csvFilename },
        'dcat:downloadURL': { '@id': m.csvFilename },
        'dcat:byteSize': { '@value': String(m.csvBytes), '@type': 'xsd:decimal' },
        'dct:license': {
          '@id': LICENSE_URI,
          '@type': ['dct:LicenseDocument', 'dcatapit:LicenseDocument'],
          'dct:type': { '@id': 'http://purl.org/adms/licencetype/Attribution' },
          'foaf:name': 'Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)',
        },
      },
    ],
  };
}

export interface OpenDataExport {
  month: string;
  csv: { filename: string; text: string };
  metadata: { filename: string; text: string };
  rows: number;
}

const AUDIT_ACTION = 'stats.open_data.export';

/**
 * The responsabile's export of a month: figures, CSV, metadata; audited (who, which month).
 * `dct:issued` is the day of the month's first export (from the audit log), `dct:modified` today.
 */
export function exportOpenData(db: Db, actor: Actor, input: { month: string; contactEmail?: string }, nowMs: number): OpenDataExport {
  const today = romeDate(nowMs);
  if (`${input.month}-01` > today) {
    throw new SportelloError('STATS_MONTH_FUTURE', 'Il mese scelto non è ancora iniziato: scegliere il mese in corso o uno passato.');
  }
  const publisher = publisherOf(db);
  const f = monthFigures(db, input.month, publisher.counter ? 'counter' : 'all');
  const rows = openDataRows(f);
  const text = openDataCsv(rows);
  const base = `dati-aperti-sportello-${publisher.ipa}${counterSlug(publisher)}-${f.month}`;
  const first = db.prepare('SELECT min(at) AS at FROM audit_log WHERE action = ? AND entity_id = ?').get(AUDIT_ACTION, f.month) as {
    at: string | null;
  };
  const meta = dcatMetadata({
    month: f.month,
    from: f.from,
    to: f.to,
    publisher,
    csvFilename: `${base}.csv`,
    csvBytes: Buffer.byteLength(text, 'utf8'),
    issued: first.at ? romeDate(first.at) : today,
    modified: today,
    contactEmail: input.contactEmail,
  });
  recordAudit(db, actor, { action: AUDIT_ACTION, entityType: 'open_data', entityId: f.month, detail: { rows: rows.length } });
  return {
    month: f.month,
    csv: { filename: `${base}.csv`, text },
    metadata: { filename: `${base}.jsonld`, text: `${JSON.stringify(meta, null, 2)}\n` },
    rows: rows.length,
  };
}
