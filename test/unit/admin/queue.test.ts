import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { issueCieFee, pagopaStore } from '../../support/pagopa-fixture';
import { ROOT } from '../../support/serve';
import { tempDir } from '../../support/tmp';

const run = promisify(execFile);
let cleanup = () => {};
afterEach(() => cleanup());

describe('sportello-admin queue', () => {
  it('lists the open outbox items, as text and as JSON without payloads', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const s = pagopaStore(t.dir);
    issueCieFee(s.db, s.actor, 1);
    issueCieFee(s.db, s.actor, 2);
    s.db.close();
    const json = JSON.parse(
      (await run(process.execPath, ['bin/sportello-admin.mjs', 'queue', '--json', '--data', t.dir], { cwd: ROOT })).stdout,
    );
    expect(json).toHaveLength(2);
    expect(json[0]).toMatchObject({ platform: 'gpd', kind: 'gpd.create', state: 'pending', attempts: 0 });
    expect(json[0].payload).toBeUndefined(); // personal data stays out of the listing
    const text = (await run(process.execPath, ['bin/sportello-admin.mjs', 'queue', '--data', t.dir], { cwd: ROOT })).stdout;
    expect(text).toMatch(/^2 operazioni in coda\./);
    expect(text).not.toMatch(/Cittadino Prova/);
  });
});
