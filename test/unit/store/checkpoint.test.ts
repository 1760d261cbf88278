import { statSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkpointWhenIdle } from '../../../electron/core/store/checkpoint';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { openStore } from '../../../electron/core/store/store';
import { tempDir } from '../../support/tmp';

let cleanup = () => {};
afterEach(() => cleanup());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function store() {
  const t = tempDir();
  const s = openStore(t.dir, keyFileProvider);
  cleanup = () => {
    if (s.db.open) s.db.close();
    t.cleanup();
  };
  s.db.exec('CREATE TABLE filler (x BLOB)');
  return s;
}
/** About 6 MB over 120 commits: more than SQLite's automatic checkpoint lets the WAL hold (1000 pages). */
function write(db: ReturnType<typeof store>['db']) {
  const insert = db.prepare('INSERT INTO filler VALUES (randomblob(50000))');
  for (let i = 0; i < 120; i++) insert.run();
}
const mainFileBytes = (file: string) => statSync(file).size;

describe('WAL checkpoints while the counter is idle', () => {
  it('no commit copies the WAL into the database file; an idle moment does', async () => {
    const s = store();
    const before = mainFileBytes(s.file);
    const c = checkpointWhenIdle(s.db, { idleMs: 100, everyMs: 25 });
    c.activity();
    write(s.db);
    expect(mainFileBytes(s.file)).toBe(before); // SQLite alone would have checkpointed inside a commit
    await sleep(400);
    expect(mainFileBytes(s.file)).toBeGreaterThan(before + 5_000_000);
    c.stop();
    expect(s.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('waits while calls keep coming, and copies anyway after maxWaitMs', () => {
    const s = store();
    const before = mainFileBytes(s.file);
    // The checkpointer's clock and timer are driven by hand: on a loaded machine the writes alone can
    // outlast maxWaitMs, and a late timer can turn a 20 ms pause into idleness.
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    try {
      const c = checkpointWhenIdle(s.db, { idleMs: 100, everyMs: 25, maxWaitMs: 600 });
      write(s.db);
      for (let elapsed = 0; elapsed < 500; elapsed += 20) {
        c.activity();
        vi.advanceTimersByTime(20);
      }
      expect(mainFileBytes(s.file)).toBe(before);
      for (let elapsed = 500; elapsed < 700; elapsed += 20) {
        c.activity();
        vi.advanceTimersByTime(20);
      }
      expect(mainFileBytes(s.file)).toBeGreaterThan(before + 5_000_000);
      c.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
