/**
 * "Operazioni da verificare" in the clerk's words (core/sync/attention.ts with the rooms'
 * describe / correctionScope): a refused change of address names the person, the pratica and its
 * decorrenza, who recorded it, ANPR's answer explained, and offers only the decorrenza to correct
 * (the dates repeating it follow; the persons' identity is read-only); a refused pagoPA notice
 * offers only pagoPA's allow-list; a refused booking names its day and time and offers nothing.
 * Real SQLite, the rooms' real handlers and rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoComune, type DemoPerson } from '../../../electron/core/anagrafe/demo';
import { anagrafeOutboxHandlers } from '../../../electron/core/anagrafe/outbox-handlers';
import { changesOutsideAnswer, identityChanges } from '../../../electron/core/anagrafe/correction-identity';
import { createPratica } from '../../../electron/core/anagrafe/pratiche';
import { bookAppointment } from '../../../electron/core/cie/bookings';
import { addDays, weekdayOf } from '../../../electron/core/cie/calendar';
import { agendaOutboxHandlers } from '../../../electron/core/cie/outbox-handlers';
import { createStation, setOpeningHours } from '../../../electron/core/cie/stations';
import { gpdOutboxHandlers } from '../../../electron/core/pagopa/outbox-handlers';
import { forbiddenChanges } from '../../../electron/core/pagopa/gpd-payload';
import { romeDate } from '../../../electron/core/rome-time';
import { withTx } from '../../../electron/core/store/tx';
import type { Db } from '../../../electron/core/store/types';
import { attentionView, type AttentionView } from '../../../electron/core/sync/attention';
import { getItem, listItems, markAttention } from '../../../electron/core/sync/outbox';
import type { OutboxHandler } from '../../../electron/core/sync/types';
import { openTestDb } from '../../support/db';
import { clerk } from '../../support/actors';
import { families, move } from '../../unit/anagrafe/payloads';
import { issueCieFee, pagopaStore } from '../../support/pagopa-fixture';
import { tempDir } from '../../support/tmp';
import { systemActor } from '../../../electron/core/settings/workstation';

const handlers: OutboxHandler[] = [...anagrafeOutboxHandlers, ...gpdOutboxHandlers, ...agendaOutboxHandlers(systemActor('ws-test'))];
const view = (db: Db, names: Record<string, string> = {}) =>
  attentionView(db, {
    handler: (k) => handlers.find((h) => h.kind === k),
    operatorName: (id) => names[id] ?? null,
    visible: () => true,
    actor: clerk,
  });

/** What the platform would do: the item needs attention with its code, and the room hears it. */
function refuse(db: Db, outboxId: string, code: string, text: string) {
  const item = getItem(db, outboxId)!;
  withTx(db, (tx) => {
    markAttention(tx, item.id, code, text);
    handlers.find((h) => h.kind === item.kind)?.onAttention?.(tx, item, code, text);
  });
}

const byScope = (v: AttentionView, scope: string) => v.fields.filter((f) => f.scope === scope);

/** The payload with one leaf changed. */
function changed(payload: unknown, path: string): unknown {
  const copy = structuredClone(payload) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[keys.at(-1)!] = `${String(node[keys.at(-1)!])}9`;
  return copy;
}

/** The view offers to change exactly what the room's correction rules let change, field by field. */
function agreesWithCorrectionRules(v: AttentionView, code: string) {
  for (const f of v.fields) {
    const after = changed(v.payload, f.path);
    // The pratica's type is the kind's schema's to refuse; the rest, prepareCorrection's rules.
    const refused =
      f.path === 'code' || identityChanges(v.payload, after).length > 0 || changesOutsideAnswer(code, v.payload, after) !== null;
    expect(refused, `${f.path} is ${f.scope}`).toBe(f.scope === 'fixed');
  }
}

describe('attention view: anagrafe and the booking system', () => {
  const t = openTestDb();
  let persons: DemoPerson[];
  beforeAll(() => {
    persons = seedDemoComune(t.db, { persons: 200 });
  });
  afterAll(() => t.cleanup());

  it('a change of address refused with EN240: person, pratica, decorrenza, operator, ANPR’s answer explained, only the decorrenza to correct', () => {
    const fam = families(persons, 3)[0];
    const r = createPratica(
      t.db,
      clerk,
      move({ familyId: fam[0].familyId, members: fam.map((p) => ({ p, legame: p.codiceLegame })), decorrenza: '2025-09-01' }),
    );
    refuse(t.db, r.outboxId, 'EN240', "La data decorrenza dell'operazione non puo' essere inferiore … 2025-09-10 (EN240)");
    const [v] = view(t.db, { [clerk.operatorId]: 'Maria Bianchi' });
    const main = t.db.prepare('SELECT cognome, nome, codice_fiscale FROM anagrafe_person WHERE id = ?').get(r.personId) as {
      cognome: string;
      nome: string;
      codice_fiscale: string;
    };
    expect(v).toMatchObject({
      kind: 'anpr.5005',
      what: 'Cambio di abitazione o di residenza, con decorrenza dal 01/09/2025',
      person: { name: `${main.cognome} ${main.nome}`, codiceFiscale: main.codice_fiscale },
      operator: 'Maria Bianchi',
      code: 'EN240',
      text: "La data decorrenza dell'operazione non puo' essere inferiore … 10/09/2025",
      correctable: true,
    });
    expect(v.explanation).toMatch(/^ANPR ha già registrato per questa persona .* Correggere la data di decorrenza e reinviare\.$/);
    // The one field ANPR's answer is about, in Italian.
    expect(byScope(v, 'concerned').map((f) => [f.path, f.label, f.value, f.date])).toEqual([
      ['testata.dataDecorrenza', 'Data di decorrenza', '2025-09-01', true],
    ]);
    // Each member's date of joining repeats it: editable, following the correction.
    const follow = v.fields.filter((f) => f.sameAs === 'testata.dataDecorrenza').map((f) => f.path);
    expect(follow).toEqual(fam.map((_, i) => `richiesta.elencoSoggettiFamiglia.${i}.legameSoggetto.dataDecorrenza`));
    // Everything else is read-only after EN240, the persons' identity included; no label is a raw path.
    expect(byScope(v, 'editable').map((f) => f.path)).toEqual(follow);
    const cfs = v.fields.filter((f) => f.path.endsWith('codiceFiscale.codFiscale'));
    expect(cfs.length).toBe(fam.length);
    expect(cfs.every((f) => f.scope === 'fixed')).toBe(true);
    expect(new Set(cfs.map((f) => f.label)).size).toBe(fam.length);
    // Each member named, not numbered; a list of one entry ("nuovo indirizzo 1") not numbered at all.
    expect(cfs[1].label).toMatch(/^Codice fiscale · componenti della famiglia: [A-Z' ]+ [A-Z' ]+$/);
    for (const f of v.fields) expect(f.label, f.path).not.toMatch(/[.]\w|^Dato$|^Persona$| \d+(,|$)/);
    // ANPR's codes read in words: the pratica, each member's sex and family tie, the kind of change.
    const text = (path: string) => v.fields.find((f) => f.path === path)?.text;
    expect(text('code')).toBe('Cambio di abitazione o di residenza');
    expect(text('richiesta.datiControllo.tipoMutazione')).toBe('Cambio di abitazione nel Comune (dimora abituale)');
    expect(text('richiesta.datiControllo.tipoScheda')).toBe('Famiglia esistente');
    expect(text('richiesta.residenzaFamiglia.0.tipoIndirizzo')).toBe('Residenza');
    fam.forEach((p, i) => {
      expect(text(`richiesta.elencoSoggettiFamiglia.${i}.generalita.sesso`)).toBe(p.sesso === 'M' ? 'Maschio' : 'Femmina');
      expect(text(`richiesta.elencoSoggettiFamiglia.${i}.legameSoggetto.codiceLegame`)).toMatch(/^[A-Z][a-z]/);
    });
    expect(text(`richiesta.elencoSoggettiFamiglia.${fam.findIndex((p) => p.codiceLegame === '1')}.legameSoggetto.codiceLegame`)).toBe(
      'Intestatario della scheda',
    );
    // Values that are not codes (a name, a date) have no words of their own.
    expect(text('richiesta.elencoSoggettiFamiglia.0.generalita.cognome')).toBeNull();
    expect(text('testata.dataDecorrenza')).toBeNull();
    agreesWithCorrectionRules(v, 'EN240');
    // Showing the list is a read of the person it names: audited, in the reader's name.
    const read = t.db
      .prepare(`SELECT operator_id AS operatorId, detail FROM audit_log WHERE action = 'sync.attention.read' ORDER BY seq DESC LIMIT 1`)
      .get() as { operatorId: string; detail: string };
    expect(read.operatorId).toBe(clerk.operatorId);
    expect(JSON.parse(read.detail).ids).toContain(v.id);
  });

  it('after an answer Sportello cannot place, any field but the persons’ identity may change, folded, and nothing is "concerned"', () => {
    const fam = families(persons, 2)[5];
    const r = createPratica(
      t.db,
      clerk,
      move({ familyId: fam[0].familyId, members: fam.map((p) => ({ p, legame: p.codiceLegame })), decorrenza: '2025-09-02' }),
    );
    refuse(t.db, r.outboxId, 'EN999', 'Errore generico (EN999)');
    const v = view(t.db).find((x) => getItem(t.db, x.id)!.businessId === r.praticaId)!;
    expect(v.explanation).toBeNull();
    expect(v.operator).toBeNull();
    expect(byScope(v, 'concerned')).toEqual([]);
    expect(byScope(v, 'editable').length).toBeGreaterThan(5);
    expect(byScope(v, 'fixed').map((f) => f.path)).toContain('code');
    agreesWithCorrectionRules(v, 'EN999');
  });

  it('a refused booking: "Prenotazione CIE del <giorno> <ora>", the person booked, nothing to correct', () => {
    const stationId = createStation(t.db, clerk, { name: 'Postazione CIE 1', place: 'Piazza Municipio 1', remoteId: 'SEDE-1' }).id;
    setOpeningHours(t.db, clerk, stationId, [{ weekday: 3, start: '09:00', end: '12:00' }]);
    let day = addDays(romeDate(new Date()), 14);
    while (weekdayOf(day) !== 3) day = addDays(day, 1);
    const b = bookAppointment(t.db, clerk, {
      stationId,
      date: day,
      startTime: '09:20',
      people: [{ surname: 'VERDI', givenNames: 'ANNA', codiceFiscale: 'VRDNNA80A41H501H' }],
      channel: 'counter',
      contactPhone: '3330000001',
      now: new Date(),
    });
    const item = listItems(t.db, { businessId: b.id })[0];
    refuse(t.db, item.id, 'AGENDA_REFUSED_422', 'Il sistema di prenotazione ha rifiutato la prenotazione.');
    const v = view(t.db).find((x) => x.id === item.id)!;
    expect(v.what).toBe(`Prenotazione CIE del ${day.split('-').reverse().join('/')} 09:20 (codice ${b.code})`);
    expect(v.person).toEqual({ name: 'VERDI ANNA', codiceFiscale: 'VRDNNA80A41H501H' });
    expect(v.correctable).toBe(false);
    expect(v.fields.find((f) => f.path === 'people.0.surname')).toMatchObject({ label: 'Cognome', value: 'VERDI', scope: 'fixed' });
  });
});

describe('attention view: pagoPA', () => {
  const dir = tempDir();
  const store = pagopaStore(dir.dir);
  afterAll(() => {
    store.db.close();
    dir.cleanup();
  });

  it('a notice pagoPA refused (GPD_REJECTED): its printed number and debtor; only pagoPA’s allow-list may change', () => {
    const n = issueCieFee(store.db, store.actor, 1);
    const item = listItems(store.db, { businessId: n.id })[0];
    refuse(store.db, item.id, 'GPD_REJECTED', 'pagoPA ha rifiutato i dati dell’avviso.');
    const [v] = view(store.db);
    expect(v.what).toMatch(new RegExp(`^Avviso pagoPA n\\. ${n.options[0].nav} · `));
    expect(v.person).toEqual({ name: 'Cittadino Prova 1', codiceFiscale: 'DMEPTR80A01A577B' });
    const concerned = byScope(v, 'concerned').map((f) => f.label);
    expect(concerned).toContain('Nome e cognome del destinatario');
    expect(concerned).not.toContain('IBAN del versamento 1');
    expect(byScope(v, 'editable')).toEqual([]);
    expect(v.fields.find((f) => f.path === 'position.paymentOption.0.transfer.0.iban')?.scope).toBe('fixed');
    for (const f of v.fields)
      expect(forbiddenChanges('GPD_REJECTED', v.payload, changed(v.payload, f.path)).length > 0, f.path).toBe(f.scope === 'fixed');
  });

  it('an item whose stored data does not parse can only be discarded, and still says which notice it is', () => {
    const n = issueCieFee(store.db, store.actor, 2);
    const item = listItems(store.db, { businessId: n.id })[0];
    store.db.prepare('UPDATE outbox SET payload = ? WHERE id = ?').run(JSON.stringify({ cfEnte: 'x' }), item.id);
    markAttention(store.db, item.id, 'SYNC_PAYLOAD_CORRUPT', 'I dati salvati di questa operazione non sono validi.');
    const v = view(store.db).find((x) => x.id === item.id)!;
    expect(v).toMatchObject({ resendable: false, correctable: false, person: { name: 'Cittadino Prova 2' } });
    expect(v.what).toMatch(new RegExp(`^Avviso pagoPA n\\. ${n.options[0].nav}`));
    expect(v.fields.every((f) => f.scope === 'fixed')).toBe(true);
  });
});
