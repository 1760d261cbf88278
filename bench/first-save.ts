/**
 * The first saves after the counter opens: the back end's own time (Server-Timing) of the first and
 * of the next saves of four kinds (a civil-status pratica, a pagoPA notice, a CIE booking by phone,
 * a walk-in's number), each host freshly started, with the start-up rehearsal (Sportello) against
 * the baseline of a host started with --skip-rehearsal, measured in the same run.
 *
 *   node --import tsx bench/first-save.ts [starts=4]
 */
import { callHostTimed, serveSportello, simControl } from '../test/support/serve';
import { tempDir } from '../test/support/tmp';
import { romeDate } from '../electron/core/rome-time';

const STARTS = Number(process.argv[2] ?? 4);
const REPEATS = 5;
const KINDS = ['anagrafe.pratica.create', 'pagopa.notices.issue', 'cie.book', 'cie.walkins.add'] as const;
type Kind = (typeof KINDS)[number];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dayAt = (days: number) => romeDate(new Date(Date.now() + days * 86_400_000));

/** One fresh host: per kind, the back end's time of its first save and the median of the next ones. */
async function oneStart(args: string[]): Promise<Record<Kind, { first: number; later: number }>> {
  const data = tempDir('sportello-bench-first-');
  const host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '300', ...args], { timeoutMs: 180_000 });
  try {
    const timed = (name: string, input: unknown) => callHostTimed(host, name, input);
    const call = async (name: string, input: unknown = {}) => (await timed(name, input)).data;
    await call('session.setup', {
      displayName: 'Pietro Sportello',
      username: 'pietro',
      password: 'segreta123',
      codiceFiscale: 'DMEPTR80A01A577B',
    });
    await simControl(host.simUrl!, 'down', { platforms: 'all', down: true }); // offline: nothing is sent meanwhile
    // What the screens read before the saves, so that only the saves are first.
    const hits = (await Promise.all(['ROSSI', 'RUSSO', 'FERRARI', 'BIANCHI'].map((query) => call('anagrafe.search', { query })))).flat();
    // One person per family: a civil-status change waits for an earlier one on the same family.
    const families = new Set<string>();
    const people: any[] = [];
    for (const h of hits as { id: string }[]) {
      const p = await call('anagrafe.person', { id: h.id });
      if (p.status !== 'residente' || !p.family || families.has(p.family.id)) continue;
      families.add(p.family.id);
      people.push(p);
      if (people.length > REPEATS) break;
    }
    const station = (await call('cie.config.get')).stations[0];
    const tomorrow = dayAt(1);
    const free: string[] = (await call('cie.freeStarts', { stationId: station.id, date: tomorrow, people: 1 })).starts;
    if (people.length <= REPEATS || free.length <= REPEATS) throw new Error('not enough demo residents or free slots for the bench');

    const input = (kind: Kind, i: number): unknown => {
      const p = people[i];
      switch (kind) {
        case 'anagrafe.pratica.create':
          return {
            pratica: {
              code: '5008',
              testata: { tipoOperazione: 'C', dataDecorrenza: romeDate(new Date()) },
              richiesta: {
                generalitaPerRicerca: p.generalita,
                statoCivile: { statoCivile: p.statoCivile === '3' ? '4' : '3' },
                datiControllo: { tipoMutazione: ['07'] },
              },
            },
          };
        case 'pagopa.notices.issue':
          return {
            debtor: { fullName: `${p.nome} ${p.cognome}`, codiceFiscale: p.codiceFiscale },
            items: ['SEGRETERIA'],
            dueDate: dayAt(30),
            personId: p.id,
          };
        case 'cie.book':
          return {
            stationId: station.id,
            date: tomorrow,
            startTime: free[i],
            channel: 'phone',
            contactPhone: '333 000 0000',
            people: [{ personId: p.id, codiceFiscale: p.codiceFiscale, surname: p.cognome, givenNames: p.nome, birthDate: p.dataNascita }],
          };
        case 'cie.walkins.add':
          return { name: `${p.nome} ${p.cognome}` };
      }
    };
    const out = {} as Record<Kind, { first: number; later: number }>;
    const times = Object.fromEntries(KINDS.map((k) => [k, [] as number[]])) as Record<Kind, number[]>;
    // Interleaved, as at the counter: one of each kind, then again.
    for (let i = 0; i <= REPEATS; i++) for (const k of KINDS) times[k].push((await timed(k, input(k, i))).ms);
    for (const k of KINDS) out[k] = { first: times[k][0], later: median(times[k].slice(1)) };
    return out;
  } finally {
    await host.stop();
    data.cleanup();
  }
}

async function starts(args: string[]) {
  const all: Record<Kind, { first: number; later: number }>[] = [];
  for (let i = 0; i < STARTS; i++) all.push(await oneStart(args));
  return Object.fromEntries(
    KINDS.map((k) => [k, { first: median(all.map((r) => r[k].first)), later: median(all.map((r) => r[k].later)) }]),
  ) as Record<Kind, { first: number; later: number }>;
}

console.log(
  `first-save: back end's own time (Server-Timing) of the first save of each kind after start, and the median of the next ${REPEATS}; median over ${STARTS} starts each`,
);
const rehearsed = await starts([]);
const baseline = await starts(['--skip-rehearsal']);
const f = (x: number) => `${x.toFixed(2).padStart(6)} ms`;
for (const k of KINDS) {
  const r = rehearsed[k];
  const b = baseline[k];
  console.log(
    `${k.padEnd(24)} rehearsed: first ${f(r.first)}, later ${f(r.later)} | baseline (--skip-rehearsal): first ${f(b.first)}, later ${f(b.later)} | first, rehearsed/baseline ×${(r.first / b.first).toFixed(2)}`,
  );
}
const sum = (x: typeof rehearsed, key: 'first' | 'later') => KINDS.reduce((a, k) => a + x[k][key], 0);
console.log(
  `all four first saves: rehearsed ${f(sum(rehearsed, 'first'))} | baseline ${f(sum(baseline, 'first'))} | ratio ×${(sum(rehearsed, 'first') / sum(baseline, 'first')).toFixed(2)}`,
);
