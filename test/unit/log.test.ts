import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type LogRotation } from '../../electron/core/log';

const DAY = 86_400_000;

describe('sportello.log rotation', () => {
  let dataDir: string;
  let clock: number;
  const now = () => new Date(clock);
  const logs = () => join(dataDir, 'logs');
  const files = () => readdirSync(logs()).sort();
  const lines = (name: string) =>
    readFileSync(join(logs(), name), 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sportello-log-'));
    clock = Date.parse('2026-12-06T09:00:00.000Z');
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('moves the file aside before a line would pass maxBytes, losing and reordering no line', () => {
    const rotation: LogRotation = { maxBytes: 400, keep: 10, maxAgeDays: 30 };
    const log = createLogger(dataDir, false, { rotation, now });
    for (let i = 0; i < 20; i++) {
      clock += 1000;
      log.info('sync.item_done', { seq: i });
    }
    const rotated = files().filter((f) => f !== 'sportello.log');
    expect(rotated.length).toBeGreaterThanOrEqual(4);
    expect(rotated[0]).toMatch(/^sportello\.20261206T\d{9}Z\.log$/);
    for (const f of files()) expect(readFileSync(join(logs(), f)).length).toBeLessThanOrEqual(400);
    // Oldest rotated file first, the live file last: every line once, in order.
    const seqs = [...rotated, 'sportello.log'].flatMap((f) => lines(f).map((l) => l.seq));
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('keeps only the newest `keep` rotated files', () => {
    const log = createLogger(dataDir, false, { rotation: { maxBytes: 200, keep: 2, maxAgeDays: 30 }, now });
    for (let i = 0; i < 30; i++) {
      clock += 1000;
      log.warn('host.slow_call', { seq: i, ms: 1234 });
    }
    const rotated = files().filter((f) => f !== 'sportello.log');
    expect(rotated).toHaveLength(2);
    // The newest survive: together with the live file they end with the last line written.
    const seqs = [...rotated, 'sportello.log'].flatMap((f) => lines(f).map((l) => l.seq));
    expect(seqs.at(-1)).toBe(29);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('deletes rotated files older than maxAgeDays, at start-up and at each rotation', () => {
    const rotation: LogRotation = { maxBytes: 200, keep: 100, maxAgeDays: 30 };
    const first = createLogger(dataDir, false, { rotation, now });
    for (let i = 0; i < 6; i++) first.info('day.one', { seq: i, pad: 'x'.repeat(40) });
    const fromDayOne = files().filter((f) => f !== 'sportello.log');
    expect(fromDayOne.length).toBeGreaterThan(0);

    clock += 29 * DAY;
    createLogger(dataDir, false, { rotation, now });
    expect(files()).toEqual(expect.arrayContaining(fromDayOne)); // 29 days: still kept

    clock += 2 * DAY;
    const later = createLogger(dataDir, false, { rotation, now }); // 31 days: gone at start-up
    expect(files().filter((f) => fromDayOne.includes(f))).toEqual([]);

    for (let i = 0; i < 6; i++) later.info('day.thirty_one', { seq: i, pad: 'x'.repeat(40) });
    clock += 31 * DAY;
    later.info('day.sixty_two', { pad: 'x'.repeat(180) }); // this rotation prunes day 31's files
    expect(files().filter((f) => f.startsWith('sportello.2027'))).toHaveLength(1);
    expect(files().filter((f) => f.startsWith('sportello.2026'))).toEqual([]);
  });

  it('continues an existing file and counts its size', () => {
    const rotation: LogRotation = { maxBytes: 300, keep: 5, maxAgeDays: 30 };
    createLogger(dataDir, false, { rotation, now }).info('start', { pad: 'x'.repeat(200) });
    const again = createLogger(dataDir, false, { rotation, now });
    again.info('start', { pad: 'x'.repeat(200) });
    expect(files()).toHaveLength(2);
    expect(lines('sportello.log')).toHaveLength(1);
  });

  it('still masks a codice fiscale in a rotated file', () => {
    const log = createLogger(dataDir, false, { rotation: { maxBytes: 150, keep: 5, maxAgeDays: 30 }, now });
    log.info('anagrafe.saved', { cf: 'RSSMRA80A01H501U', pad: 'x'.repeat(60) });
    log.info('anagrafe.saved', { cf: 'RSSMRA80A01H501U', pad: 'x'.repeat(60) });
    expect(files()).toHaveLength(2);
    const all = files()
      .map((f) => readFileSync(join(logs(), f), 'utf8'))
      .join('');
    expect(all).not.toContain('RSSMRA80A01H501U');
    expect(all).toContain('RSSMRA**********');
  });
});
