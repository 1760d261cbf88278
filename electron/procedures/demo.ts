/**
 * "Giornata dimostrativa" (demo mode only): the day of scenario/script.ts replayed by the back end
 * through the same core services the rooms' procedures use, faster than a clerk, with every
 * simulated platform down; at closing the platforms come back on a rural line and the queue
 * drains while the responsabile watches the registry, the notices and "Invii alle piattaforme".
 */
import type { z } from 'zod';
import type { DemoDayStatus, demoContract } from '../contracts/demo';
import { computeCodiceFiscale } from '../core/anagrafe/codice-fiscale';
import { loadPlacesIfEmpty } from '../core/anagrafe/places';
import { createPratica } from '../core/anagrafe/pratiche';
import { bookAppointment, markArrived, markNoShow } from '../core/cie/bookings';
import { romeDate } from '../core/rome-time';
import { markReadyForCieOnline, updateChecklist } from '../core/cie/checklist';
import { freeStarts } from '../core/cie/slots';
import { listStations } from '../core/cie/stations';
import { addWalkIn, serveWalkIn } from '../core/cie/walkins';
import { SportelloError } from '../core/errors';
import { issueNotice } from '../core/pagopa/notices';
import type { Actor } from '../core/store/types';
import { operatorActor } from '../core/settings/workstation';
import type { Procedures } from '../host/dispatch';
import type { PlatformEndpoints } from '../platforms/wiring';
import { buildDay, type Newcomer } from '../../scenario/script';
import type { Resident } from '../../scenario/residents';
import { praticaOf, untouchedResidents } from './demo-visits';
import type { AppServices } from './services';
import { syncStatus } from './sync';

type Status = z.output<typeof DemoDayStatus>;
type DemoProcedures = Pick<Procedures, keyof typeof demoContract>;

const DAY_MS = 86_400_000;
const PAUSE_MS = { short: 700, full: 250 } as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function demoProcedures(s: AppServices, endpoints?: PlatformEndpoints): DemoProcedures {
  const simUrl = endpoints?.demoCredentialsUrl?.replace(/\/_sim\/demo-credentials$/, '') ?? null;
  let status: Status = { phase: 'idle', size: null, served: 0, citizens: 0, last: null, notes: [] };
  const sim = async (path: string, body: unknown) => {
    const r = await fetch(`${simUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`simulator ${path}: HTTP ${r.status}`);
  };

  async function replay(actor: Actor, size: 'short' | 'full') {
    const db = s.db;
    const today = romeDate(new Date());
    const cf = (p: Newcomer) => computeCodiceFiscale(p);
    const day = buildDay(size, untouchedResidents(db), today, cf);
    status = { phase: 'down', size, served: 0, citizens: day.citizens.length, last: null, notes: [] };
    await loadPlacesIfEmpty(db);
    const station = listStations(db).find((x) => x.active);
    if (!station) throw new SportelloError('DEMO_NO_STATION', 'Manca una postazione CIE attiva: crearla in «Impostazioni CIE».');
    const dayAt = (offset: number) => romeDate(new Date(Date.now() + offset * DAY_MS));
    /** The first free start on the first open day from `from` days ahead (the demo station keeps office hours). */
    let reserved: { date: string; time: string } | null = null;
    const nextFree = (from: number, wanted: string | null) => {
      for (let d = from; d < from + 21; d++) {
        // The slot the citizen will take online stays free for the clerk's (contested) booking.
        const starts = freeStarts(db, { stationId: station.id, date: dayAt(d), people: 1, channel: 'counter' })
          .map((r) => r[0])
          .filter((t) => !(reserved && reserved.date === dayAt(d) && reserved.time === t));
        if (starts.length) return { date: dayAt(d), time: wanted && starts.includes(wanted) ? wanted : starts[0] };
      }
      throw new SportelloError('DEMO_NO_SLOT', 'Nessun orario libero nelle prossime tre settimane per la giornata dimostrativa.');
    };
    const people = (r: Resident) => [
      { personId: r.id, codiceFiscale: r.codiceFiscale, surname: r.cognome, givenNames: r.nome, birthDate: r.dataNascita },
    ];

    // The planted errors, then the line drops.
    const plantedSlot = nextFree(1, '10:00');
    reserved = plantedSlot;
    for (const p of day.planted) {
      if (p.kind === 'anpr-last-operation')
        await sim('/anpr/_control/last-operation', { codiceFiscale: p.codiceFiscale, date: dayAt(-p.daysAgo) });
      else
        await sim('/agenda/sim/random', {
          stationId: station.remoteId,
          dates: [plantedSlot.date],
          times: [plantedSlot.time],
          everyMs: 1000,
          max: 1,
        });
    }
    await sim('/_sim/down', { platforms: 'all', down: true });
    s.notifySync();
    const absent: string[] = [];
    for (const c of day.citizens) {
      const v = c.visit;
      const name = (r: Resident) => `${r.nome} ${r.cognome}`;
      if (v.kind === 'notice') {
        issueNotice(db, actor, {
          debtor: { type: 'F', fullName: name(v.debtor), codiceFiscale: v.debtor.codiceFiscale },
          items: v.items.map((code) => ({ catalogueItemId: code })),
          dueDate: dayAt(30),
          personId: v.debtor.id,
        });
        status.last = `Avviso pagoPA per ${name(v.debtor)}`;
      } else if (v.kind === 'booking') {
        const slot = c.planted ? plantedSlot : nextFree(1, v.time);
        bookAppointment(db, actor, {
          stationId: station.id,
          date: slot.date,
          startTime: slot.time,
          people: people(v.person),
          channel: 'phone',
          contactPhone: '333 000 0000',
        });
        status.last = `Prenotazione CIE per ${name(v.person)}: ${slot.date} alle ${slot.time}`;
      } else if (v.kind === 'appointment' || v.kind === 'walkIn' || v.kind === 'noShow') {
        const slot = nextFree(0, null);
        const now = slot.date === today;
        const b =
          v.kind === 'walkIn' && now
            ? serveWalkIn(db, actor, addWalkIn(db, actor, { name: name(v.person) }).id, {
                stationId: station.id,
                startTime: slot.time,
                people: people(v.person),
              })
            : bookAppointment(db, actor, {
                stationId: station.id,
                date: slot.date,
                startTime: slot.time,
                people: people(v.person),
                channel: 'counter',
                contactPhone: '333 000 0000',
              });
        if (v.kind === 'noShow') absent.push(b.id);
        else if (now) {
          // The citizen is here: arrival (walk-ins arrive by being served), the checklist to "pronto per CIEOnline".
          if (v.kind === 'appointment') markArrived(db, actor, b.id);
          const nav =
            v.fee === 'pagopa'
              ? issueNotice(db, actor, {
                  debtor: { type: 'F', fullName: name(v.person), codiceFiscale: v.person.codiceFiscale },
                  items: [{ catalogueItemId: 'CIE-STATO' }, { catalogueItemId: 'CIE-COMUNE' }],
                  dueDate: dayAt(30),
                  personId: v.person.id,
                  appointmentId: b.id,
                }).options[0].nav
              : null;
          const view = updateChecklist(db, actor, b.id, 0, {
            case: 'first_issue',
            identity: { method: 'document_seen', documentType: 'carta_identita', documentNumber: `AX${1000000 + c.n}` },
            registry: { confirmed: true },
            paperPhoto: true,
            photoLooksCompliant: true,
            fingerprints: 'taken',
            organDonation: 'consent',
            delivery: { mode: 'comune', delegate: null },
          });
          const amountCents = view.expectedFeeCents ?? 2221;
          updateChecklist(db, actor, b.id, 0, {
            fee: nav
              ? { method: 'pagopa', noticeNumber: nav, amountCents, note: null }
              : { method: 'cash', receiptNumber: `R-DEMO-${c.n}`, amountCents, note: null },
          });
          markReadyForCieOnline(db, actor, b.id, 0);
        }
        status.last = `CIE: ${name(v.person)}, ${slot.date} alle ${slot.time}`;
      } else {
        createPratica(db, actor, praticaOf(db, v, today, cf));
        status.last = `Pratica ${v.kind === 'birth' ? 'di nascita' : v.kind === 'immigration' ? 'di iscrizione' : v.kind === 'move' ? 'di cambio di abitazione' : v.kind === 'death' ? 'di decesso' : 'di stato civile'} registrata`;
      }
      status.served++;
      s.notifySync();
      await sleep(PAUSE_MS[size]);
    }
    for (const id of absent) {
      try {
        markNoShow(db, actor, id);
      } catch {
        /* the appointment has not begun yet: it stays booked */
      }
    }

    // Closing: the line comes back, a bad rural one.
    await sim('/_sim/faults', { profile: 'rural' });
    await sim('/_sim/down', { platforms: 'all', down: false });
    status.phase = 'back';
    status.last = 'Collegamento tornato (linea rurale): invio delle operazioni in corso.';
    s.notifySync();
    // Until nothing is pending, in flight or waiting for a retry (the planted errors wait for a person).
    for (let waited = 0; waited < 180_000; waited += 1000) {
      await sleep(1000);
      if (syncStatus(s).platforms.every((p) => p.counts.pending + p.counts.inFlight + p.counts.waiting === 0)) break;
    }
    await sim('/_sim/faults', { profile: 'none' });
    status.phase = 'done';
    status.last = 'Le operazioni sono state inviate; quelle qui sotto aspettano una persona.';
    status.notes = [
      'Una variazione di stato civile ha una data di decorrenza precedente all’ultima operazione registrata in ANPR: correggerla in «Invii alle piattaforme».',
      'Un cittadino ha prenotato online lo stesso orario di una prenotazione fatta allo sportello: spostarla in «Conflitti prenotazioni».',
    ];
  }

  return {
    'demo.day.start': ({ size }, ctx) => {
      if (!s.demo || !simUrl)
        throw new SportelloError(
          'DEMO_OFF',
          'La giornata dimostrativa è disponibile solo in modalità dimostrativa, con le piattaforme simulate.',
        );
      if (status.phase === 'down' || status.phase === 'back')
        throw new SportelloError('DEMO_RUNNING', 'La giornata dimostrativa è già in corso: attendere che finisca.');
      const actor = operatorActor(ctx.operator, s.workstation.id);
      status = { phase: 'down', size, served: 0, citizens: 0, last: null, notes: [] };
      void replay(actor, size).catch((e) => {
        // The code only: a message may quote a citizen's data.
        s.log.error('demo.day.failed', {
          code: e instanceof SportelloError ? e.code : e instanceof Error ? e.name : 'unknown',
          served: status.served,
        });
        status = {
          ...status,
          phase: 'failed',
          last: e instanceof SportelloError ? e.userMessage : 'La giornata dimostrativa si è interrotta: vedere il registro degli errori.',
        };
        void sim('/_sim/down', { platforms: 'all', down: false }).catch(() => undefined);
      });
      return status;
    },
    'demo.day.status': () => status,
  };
}
