/**
 * The ANPR simulator's notification feed on its own: the same seed makes the same events (a test
 * can count on them), each event changes the simulator's subject, and ANPR's 180-day window bounds
 * what 3003 returns, by period or by id.
 */
import { describe, expect, it } from 'vitest';
import { createNotificationFeed, type FeedSubject, WINDOW_MS } from '../../../simulators/anpr/notification-feed';

function world(start: number) {
  let t = start;
  let id = 5_000_000_000n;
  const subjects = new Map<string, FeedSubject>();
  const add = (s: { codiceFiscale: string; cognome: string; nome: string; sesso: string; dataNascita: string }) => {
    const subject: FeedSubject = {
      key: s.codiceFiscale,
      idANPR: `A${s.codiceFiscale.slice(0, 8)}`,
      idSchedaSoggettoANPR: String(id++),
      ...s,
      state: 'residente',
    };
    subjects.set(subject.key, subject);
    return subject;
  };
  for (const [i, cf] of ['RSSMRA80A01H501U', 'BNCNNA82C45H501Z', 'VRDLGU75B12H501K', 'NREPLA90M41H501T'].entries())
    add({ codiceFiscale: cf, cognome: `COGNOME${i}`, nome: 'NOME', sesso: 'M', dataNascita: '1980-01-01' });
  const feed = createNotificationFeed({
    comune: () => ({ istat: '058091', nome: 'ROMA', sigla: 'RM' }),
    subjects: () => subjects,
    addSubject: add,
    newId: () => String(id++),
    now: () => new Date(t),
    warn: () => undefined,
  });
  return { feed, subjects, advance: (ms: number) => (t += ms), now: () => t };
}

describe('ANPR simulator notification feed', () => {
  it('makes the same events for the same seed, and different ones for another', () => {
    const a = world(Date.UTC(2026, 2, 1)).feed.generate(12, 7);
    const b = world(Date.UTC(2026, 2, 1)).feed.generate(12, 7);
    const c = world(Date.UTC(2026, 2, 1)).feed.generate(12, 8);
    expect(a.map((e) => [e.tipoOperazione, e.xml])).toEqual(b.map((e) => [e.tipoOperazione, e.xml]));
    expect(c.map((e) => e.xml)).not.toEqual(a.map((e) => e.xml));
  });

  it('changes the subject it notifies about: a death leaves no resident to die again', () => {
    const w = world(Date.UTC(2026, 2, 1));
    const e = w.feed.trigger({ kind: '2001', codiceFiscale: 'RSSMRA80A01H501U' });
    expect(e?.xml).toContain('<datiDecesso>');
    expect(w.subjects.get('RSSMRA80A01H501U')?.state).toBe('deceduto');
    expect(w.feed.trigger({ kind: '2001', codiceFiscale: 'RSSMRA80A01H501U' })).toBeNull();
    const moved = w.feed.trigger({ kind: '5014', codiceFiscale: 'BNCNNA82C45H501Z', cognome: 'ROSSI BIANCHI' });
    expect(moved?.xml).toMatch(/<generalitaPrecedenti>.*COGNOME1.*<\/generalitaPrecedenti><generalitaAttuali>.*ROSSI BIANCHI/);
  });

  it('answers within the period asked and ANPR’s 180 days only', () => {
    const w = world(Date.UTC(2026, 0, 1));
    const old = w.feed.trigger({ kind: '5005', codiceFiscale: 'VRDLGU75B12H501K' })!;
    w.advance(WINDOW_MS + 1000);
    const recent = w.feed.trigger({ kind: '5005', codiceFiscale: 'NREPLA90M41H501T' })!;
    expect(w.feed.inPeriod(undefined, undefined).map((e) => e.idOperazioneANPR)).toEqual([recent.idOperazioneANPR]);
    expect(w.feed.inPeriod(new Date(0).toISOString(), new Date(w.now()).toISOString())).toHaveLength(1);
    expect(w.feed.inPeriod(new Date(w.now() + 1).toISOString(), undefined)).toHaveLength(0);
    expect(w.feed.byId(old.idOperazioneANPR)).toBeUndefined();
    expect(w.feed.byId(recent.idOperazioneANPR)).toBe(recent);
  });

  it('an N010 can bring a whole family: every member in one notification, each made resident', () => {
    const w = world(Date.UTC(2026, 2, 1));
    const before = w.subjects.size;
    const e = w.feed.trigger({ kind: 'N010', members: 3, cognome: 'FAMIGLIA' })!;
    expect(e.xml.match(/<datiSoggetto>/g)).toHaveLength(3);
    expect(e.xml.match(/<codiceLegame>(\d)<\/codiceLegame>/g)?.map((x) => x.replace(/\D/g, ''))).toEqual(['1', '2', '3']);
    const added = [...w.subjects.values()].slice(before);
    expect(added.map((s) => [s.cognome, s.state])).toEqual([
      ['FAMIGLIA', 'residente'],
      ['FAMIGLIA', 'residente'],
      ['FAMIGLIA', 'residente'],
    ]);
    // The generator makes families too, the same for the same seed.
    const sizes = (seed: number) =>
      world(Date.UTC(2026, 2, 1))
        .feed.generate(12, seed, ['N010'])
        .map((x) => x.xml.match(/<datiSoggetto>/g)?.length);
    expect(sizes(5)).toEqual(sizes(5));
    expect(Math.max(...(sizes(5) as number[]))).toBeGreaterThan(1);
  });
});
