import { z } from '../core/zod';
import { optionalPersonName } from '../core/forms/names';
import type { ChecklistData, MissingItem } from '../core/cie/checklist';
import type { PhotoCheck } from '../core/cie/photo';
import { Empty, Ok, procedure } from './define';
import { IoStatusView } from './io';

/*
 * Dates `YYYY-MM-DD`, times `HH:MM`: their format and every business rule are checked by
 * core/cie, whose refusals carry an Italian message and the field at fault. The schemas here
 * check shapes and sizes only.
 */
const Id = z.string().min(1).max(64);
const Day = z.string().max(10);
const Time = z.string().max(5);
const Text = (max: number) => z.string().max(max);
const OptText = (max: number) => z.string().max(max).nullable().optional();

const Channel = z.enum(['counter', 'phone', 'online', 'walk_in']);
const Status = z.enum(['booked', 'arrived', 'no_show', 'cancelled', 'released', 'conflict']);
const ToldHow = z.enum(['phone', 'email', 'sms', 'in_person', 'not_reached']);

export const StationView = z.object({
  id: z.string(),
  remoteId: z.string(),
  name: z.string(),
  place: z.string(),
  slotMinutes: z.number(),
  onlineQuotaPercent: z.number(),
  active: z.boolean(),
});

const OpeningRange = z.object({ weekday: z.number().int(), start: z.string(), end: z.string() });

const ClosureView = z.object({
  id: z.string(),
  stationId: z.string().nullable(),
  dateFrom: z.string(),
  dateTo: z.string(),
  fromTime: z.string().nullable(),
  toTime: z.string().nullable(),
  reason: z.string(),
});

const SettingsView = z.object({
  comuneName: z.string(),
  confirmationDays: z.number(),
  feeCents: z.number(),
  duplicateFeeCents: z.number(),
});

const PersonView = z.object({
  idx: z.number(),
  personId: z.string().nullable(),
  codiceFiscale: z.string().nullable(),
  surname: z.string(),
  givenNames: z.string(),
  birthDate: z.string().nullable(),
});

export const BookingView = z.object({
  id: z.string(),
  code: z.string(),
  remoteId: z.string().nullable(),
  channel: Channel,
  stationId: z.string(),
  date: z.string(),
  startTime: z.string(),
  slotCount: z.number(),
  times: z.array(z.string()),
  status: Status,
  confirmBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  revision: z.number(),
  syncState: z.enum(['pending', 'synced', 'attention', 'remote']),
  statusReason: z.string().nullable(),
  people: z.array(PersonView),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ConflictView = z.object({
  id: z.string(),
  bookingId: z.string(),
  stationId: z.string(),
  date: z.string(),
  startTime: z.string(),
  takenByBookingId: z.string().nullable(),
  takenByRemoteId: z.string().nullable(),
  detectedVia: z.enum(['push', 'pull']),
  detectedAt: z.string(),
  status: z.enum(['open', 'resolved']),
  outcome: z.enum(['moved', 'cancelled']).nullable(),
  newStationId: z.string().nullable(),
  newDate: z.string().nullable(),
  newStartTime: z.string().nullable(),
  toldWhom: z.string().nullable(),
  toldHow: ToldHow.nullable(),
  toldAt: z.string().nullable(),
  note: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});

const Proposal = z.object({ stationId: z.string(), date: z.string(), startTime: z.string(), times: z.array(z.string()) });

const Quota = z.object({ total: z.number(), online: z.number(), counter: z.number(), usedOnline: z.number(), usedCounter: z.number() });

const CounterMark = z.object({ number: z.number(), name: z.string(), self: z.boolean() });

const DaySlotView = z.object({
  time: z.string(),
  booking: z
    .object({
      id: z.string(),
      code: z.string(),
      channel: Channel,
      status: Status,
      confirmed: z.boolean(),
      personIdx: z.number(),
      name: z.string(),
      /** With a hub: the counter that booked it (another counter's: no code, surname and initial only). */
      counter: CounterMark.nullable(),
    })
    .nullable(),
});

export const DayViewOut = z.object({
  station: StationView,
  date: z.string(),
  closures: z.array(ClosureView),
  slots: z.array(DaySlotView),
  quota: Quota,
  bookings: z.array(BookingView),
  openConflicts: z.array(ConflictView),
  walkInsWaiting: z.number(),
  /** With a hub: the other counters' bookings of this station and day, as last read from the hub. */
  otherCounters: z.array(
    z.object({ bookingId: z.string(), counter: CounterMark, times: z.array(z.string()), status: z.string(), label: z.string() }),
  ),
  /** Rome's today and the time now, so the screen marks past slots with the back end's clock. */
  today: z.string(),
  nowTime: z.string(),
});

const ChecklistSummary = z.object({
  personIdx: z.number(),
  state: z.enum(['open', 'ready', 'issued']),
  missing: z.number(),
  cieOnlinePratica: z.string().nullable(),
});

export const BookingDetail = z.object({
  booking: BookingView,
  station: StationView,
  conflict: ConflictView.nullable(),
  checklists: z.array(ChecklistSummary),
  /** The booking's IO messages: sent, not on IO (the paper path), uncertain (core/io/status.ts). */
  io: IoStatusView,
});

const PersonInput = z.object({
  personId: OptText(64),
  codiceFiscale: OptText(16),
  surname: optionalPersonName(100),
  givenNames: optionalPersonName(100),
  birthDate: OptText(10),
});

const WalkInView = z.object({
  id: z.string(),
  date: z.string(),
  number: z.number(),
  name: z.string(),
  reason: z.string().nullable(),
  status: z.enum(['waiting', 'called', 'served', 'left']),
  bookingId: z.string().nullable(),
  arrivedAt: z.string(),
  calledAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  /** What the ticket and the queue display show: the Comune's number, or a provisional "<counter>-<n>" until the hub numbered it. */
  label: z.string(),
  /** The number the Comune's hub handed out; null without a hub or until the ticket reached it. */
  comuneNumber: z.number().nullable(),
  /** With a hub: the counter (workstation number) that issued it. */
  counter: z.number().nullable(),
  /** Issued at another counter: no name here. */
  foreign: z.boolean(),
});

export const ChecklistViewOut = z.object({
  bookingId: z.string(),
  personIdx: z.number(),
  state: z.enum(['open', 'ready', 'issued']),
  data: z.custom<ChecklistData>((v) => typeof v === 'object' && v !== null),
  age: z.number().nullable(),
  fingerprintsRequired: z.boolean().nullable(),
  minor: z.boolean().nullable(),
  expectedFeeCents: z.number().nullable(),
  missing: z.array(z.custom<MissingItem>((v) => typeof v === 'object' && v !== null)),
  cieOnlinePratica: z.string().nullable(),
  person: PersonView,
  booking: z.object({ id: z.string(), code: z.string(), date: z.string(), startTime: z.string(), status: Status }),
});

const ChecklistRef = z.object({ bookingId: Id, personIdx: z.number().int().min(0).max(4) });

const Cents = z.number().int();
const ChecklistPatch = z.object({
  case: z.enum(['first_issue', 'renewal', 'loss_theft', 'damage']).optional(),
  policeReport: z
    .object({ number: Text(50), date: Day, authority: Text(120) })
    .nullable()
    .optional(),
  oldCardHandedIn: z.boolean().optional(),
  parentsConsent: z
    .object({
      parents: z.array(Text(120)).max(2),
      how: z.enum(['both_present', 'signed_declaration', 'judge_authorisation']),
    })
    .nullable()
    .optional(),
  identity: z
    .discriminatedUnion('method', [
      z.object({
        method: z.literal('document_seen'),
        documentType: z.enum(['carta_identita', 'passaporto', 'patente', 'altro']),
        documentNumber: Text(30),
      }),
      z.object({ method: z.literal('cie_read'), documentNumber: Text(30), passiveAuthValid: z.boolean() }),
      z.object({ method: z.literal('witnesses'), witnesses: z.tuple([Text(120), Text(120)]) }),
    ])
    .optional(),
  registry: z.object({ confirmed: z.literal(true), birthDate: Day.optional() }).optional(),
  photoLooksCompliant: z.boolean().optional(),
  paperPhoto: z.literal(true).optional(),
  fingerprints: z.enum(['taken', 'temporarily_impossible', 'not_required']).optional(),
  organDonation: z.enum(['consent', 'refusal', 'not_expressed', 'not_applicable']).optional(),
  delivery: z
    .discriminatedUnion('mode', [
      z.object({ mode: z.literal('comune'), delegate: OptText(120) }),
      z.object({
        mode: z.literal('address'),
        street: Text(150),
        postalCode: Text(5),
        municipality: Text(100),
        province: Text(2),
        delegate: OptText(120),
      }),
    ])
    .optional(),
  fee: z
    .discriminatedUnion('method', [
      z.object({ method: z.literal('pagopa'), noticeNumber: Text(40), amountCents: Cents, note: OptText(200) }),
      z.object({ method: z.literal('cash'), receiptNumber: Text(40), amountCents: Cents, note: OptText(200) }),
    ])
    .optional(),
});

const ReminderRow = z.object({
  date: z.string(),
  time: z.string(),
  station: z.string(),
  code: z.string(),
  names: z.string(),
  people: z.number(),
  phone: z.string(),
  email: z.string(),
  confirmed: z.boolean(),
});

const RegistryHit = z.object({
  id: z.string(),
  cognome: z.string().nullable(),
  nome: z.string().nullable(),
  codiceFiscale: z.string().nullable(),
  dataNascita: z.string().nullable(),
  indirizzo: z.string().nullable(),
});

const StationInput = z.object({
  name: Text(100),
  place: Text(200),
  slotMinutes: z.number().int().optional(),
  onlineQuotaPercent: z.number().int().optional(),
  remoteId: OptText(64),
});

/** A file for the citizen, base64 (outputs are plain JSON). */
const Download = z.object({ filename: z.string(), mime: z.string(), base64: z.string() });

/** The cie room's procedures (see electron/contract.ts). */
export const cieContract = {
  // — Configuration (the responsabile) —
  'cie.config.get': procedure({
    input: Empty,
    output: z.object({
      settings: SettingsView,
      stations: z.array(StationView.extend({ hours: z.array(OpeningRange) })),
      closures: z.array(ClosureView),
      /** Station codes the other counters of the Comune book on (read from the hub), for the station form. */
      hubStationCodes: z.array(z.string()),
    }),
    access: 'cie',
  }),
  'cie.settings.update': procedure({
    input: z.object({
      confirmationDays: z.number().int().optional(),
      feeCents: Cents.optional(),
      duplicateFeeCents: Cents.optional(),
      comuneName: Text(100).optional(),
    }),
    output: SettingsView,
    access: 'responsabile',
  }),
  'cie.stations.create': procedure({ input: StationInput, output: StationView, access: 'responsabile' }),
  'cie.stations.update': procedure({
    input: StationInput.partial().extend({ id: Id, active: z.boolean().optional() }),
    output: StationView,
    access: 'responsabile',
  }),
  'cie.hours.set': procedure({
    input: z.object({ stationId: Id, ranges: z.array(z.object({ weekday: z.number().int(), start: Time, end: Time })).max(28) }),
    output: z.array(OpeningRange),
    access: 'responsabile',
  }),
  'cie.closures.add': procedure({
    input: z.object({
      stationId: Id.nullable().optional(),
      dateFrom: Day,
      dateTo: Day.optional(),
      fromTime: Time.nullable().optional(),
      toTime: Time.nullable().optional(),
      reason: Text(200),
    }),
    output: z.object({ closure: ClosureView, affected: z.array(BookingView) }),
    access: 'responsabile',
  }),
  'cie.closures.remove': procedure({ input: z.object({ id: Id }), output: Ok, access: 'responsabile' }),

  // — The counter —
  'cie.day': procedure({ input: z.object({ stationId: Id, date: Day }), output: DayViewOut, access: 'cie' }),
  'cie.freeStarts': procedure({
    input: z.object({
      stationId: Id,
      date: Day,
      people: z.number().int().min(1).max(5),
      ignoreQuota: z.boolean().optional(),
      ownBookingId: Id.optional(),
    }),
    output: z.object({ starts: z.array(z.string()), quota: Quota }),
    access: 'cie',
  }),
  'cie.registry.search': procedure({ input: z.object({ query: Text(80) }), output: z.array(RegistryHit), access: 'cie' }),
  'cie.book': procedure({
    input: z.object({
      stationId: Id,
      date: Day,
      startTime: Time,
      people: z.array(PersonInput).max(5),
      channel: z.enum(['counter', 'phone']),
      contactPhone: OptText(30),
      contactEmail: OptText(254),
      overrideQuota: z.boolean().optional(),
    }),
    output: BookingDetail,
    access: 'cie',
  }),
  'cie.booking.get': procedure({ input: z.object({ id: Id }), output: BookingDetail, access: 'cie' }),
  'cie.booking.findByCode': procedure({
    input: z.object({ code: Text(40) }),
    output: z.object({ id: z.string() }).nullable(),
    access: 'cie',
  }),
  'cie.booking.cancel': procedure({ input: z.object({ id: Id, reason: Text(200) }), output: BookingView, access: 'cie' }),
  'cie.booking.reschedule': procedure({
    input: z.object({ id: Id, stationId: Id.optional(), date: Day, startTime: Time, overrideQuota: z.boolean().optional() }),
    output: BookingView,
    access: 'cie',
  }),
  'cie.booking.arrived': procedure({ input: z.object({ id: Id }), output: BookingView, access: 'cie' }),
  'cie.booking.noShow': procedure({ input: z.object({ id: Id }), output: BookingView, access: 'cie' }),
  'cie.booking.confirm': procedure({
    input: z.object({ id: Id, via: z.enum(['phone', 'email', 'in_person']) }),
    output: BookingView,
    access: 'cie',
  }),
  'cie.booking.receipt': procedure({ input: z.object({ id: Id }), output: Download, access: 'cie' }),
  /** Reads the citizens' online bookings now (also done in the background). */
  'cie.pullNow': procedure({
    input: Empty,
    output: z.object({ reached: z.boolean(), applied: z.number(), conflicts: z.number() }),
    access: 'cie',
  }),

  'cie.walkins.list': procedure({ input: Empty, output: z.array(WalkInView), access: 'cie' }),
  'cie.walkins.add': procedure({
    input: z.object({ name: optionalPersonName(120), reason: OptText(200) }),
    output: WalkInView,
    access: 'cie',
  }),
  'cie.walkins.callNext': procedure({ input: Empty, output: WalkInView.nullable(), access: 'cie' }),
  'cie.walkins.serve': procedure({
    input: z.object({
      id: Id,
      stationId: Id,
      startTime: Time,
      people: z.array(PersonInput).max(5),
      contactPhone: OptText(30),
      contactEmail: OptText(254),
    }),
    /** The booking made, and the checklist of its first person (the screen the clerk goes to). */
    output: z.object({ booking: BookingView, checklist: ChecklistViewOut }),
    access: 'cie',
  }),
  'cie.walkins.left': procedure({ input: z.object({ id: Id }), output: WalkInView, access: 'cie' }),

  'cie.conflicts.list': procedure({
    input: z.object({ status: z.enum(['open', 'resolved']).optional() }),
    output: z.array(z.object({ conflict: ConflictView, booking: BookingView, stationName: z.string() })),
    access: 'cie',
  }),
  'cie.conflicts.propose': procedure({ input: z.object({ id: Id }), output: z.array(Proposal), access: 'cie' }),
  'cie.conflicts.resolve': procedure({
    input: z.object({
      id: Id,
      outcome: z.enum(['moved', 'cancelled']),
      stationId: Id.optional(),
      date: Day.optional(),
      startTime: Time.optional(),
      toldWhom: Text(120),
      toldHow: ToldHow,
      note: OptText(500),
    }),
    output: z.object({ conflict: ConflictView, booking: BookingView }),
    access: 'cie',
  }),

  'cie.checklist.get': procedure({ input: ChecklistRef, output: ChecklistViewOut, access: 'cie' }),
  'cie.checklist.update': procedure({ input: ChecklistRef.extend({ patch: ChecklistPatch }), output: ChecklistViewOut, access: 'cie' }),
  /** The photo file as base64; checked, not stored (CIEOnline acquires the picture). */
  'cie.checklist.photo': procedure({
    input: ChecklistRef.extend({ base64: z.string().max(3_000_000, 'Il file è troppo grande: il massimo è 500 KB.') }),
    output: z.object({ check: z.custom<PhotoCheck>((v) => typeof v === 'object' && v !== null), checklist: ChecklistViewOut }),
    access: 'cie',
  }),
  /** With `patch`, the clerk's last edits are saved first (and stay saved if the checklist is not complete). */
  'cie.checklist.ready': procedure({
    input: ChecklistRef.extend({ patch: ChecklistPatch.optional() }),
    output: ChecklistViewOut,
    access: 'cie',
  }),
  'cie.checklist.reopen': procedure({ input: ChecklistRef.extend({ reason: Text(200) }), output: ChecklistViewOut, access: 'cie' }),
  'cie.checklist.pratica': procedure({ input: ChecklistRef.extend({ pratica: Text(40) }), output: ChecklistViewOut, access: 'cie' }),

  'cie.reminders': procedure({
    input: z.object({ date: Day.optional() }),
    output: z.object({ date: z.string(), rows: z.array(ReminderRow) }),
    access: 'cie',
  }),
  'cie.reminders.csv': procedure({ input: z.object({ date: Day.optional() }), output: Download, access: 'cie' }),

  /**
   * The Comune hub (several counters, one PostgreSQL): the workstations as last read from it, with
   * their last contact (empty without a hub; `lastPullAt` null until the hub was first read).
   */
  'hub.workstations': procedure({
    input: Empty,
    output: z.object({
      workstations: z.array(
        z.object({
          number: z.number(),
          name: z.string(),
          roleName: z.string().nullable(),
          joinedAt: z.string().nullable(),
          lastContactAt: z.string().nullable(),
          removedAt: z.string().nullable(),
          self: z.boolean(),
        }),
      ),
      lastPullAt: z.string().nullable(),
    }),
    access: 'any',
  }),
  /** Reads the hub now (the other counters' bookings and tickets, the workstations). */
  'hub.pullNow': procedure({
    input: Empty,
    output: z.object({ reached: z.boolean(), bookings: z.number(), tickets: z.number() }),
    access: 'cie',
  }),
  /** A new, empty hub: this counter sends it again its current bookings and today's tickets (also done by itself when it sees the hub is new). */
  'hub.resend': procedure({ input: Empty, output: z.object({ bookings: z.number(), tickets: z.number() }), access: 'responsabile' }),
} satisfies Record<string, ReturnType<typeof procedure>>;
