/**
 * The error codes renamed to English: a database written before the rename has the old codes in its
 * outbox and pratiche; migrations 104 and 202 rewrite them there and leave the audit log, hash-chained
 * history, exactly as it was. And the code base says only the new names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../electron/core/audit/log';
import { systemActor } from '../../../electron/core/settings/workstation';
import { migrate } from '../../../electron/core/store/migrate';
import { allMigrations } from '../../../electron/core/store/migrations';
import { RENAMED_ERROR_CODES } from '../../../electron/core/store/renamed-error-codes';
import { withTx } from '../../../electron/core/store/tx';
import type { Db } from '../../../electron/core/store/types';
import { openTestDb, type TestDb } from '../../support/db';
import { ROOT } from '../../support/serve';

let t: TestDb | undefined;
afterEach(() => t?.cleanup());

const NEW_MIGRATIONS = [104, 202];
const previousVersion = allMigrations.filter((m) => !NEW_MIGRATIONS.includes(m.version));

function outboxItem(db: Db, n: number, state: string, code: string | null): void {
  db.prepare(
    `INSERT INTO outbox (id, platform, kind, ordering_key, payload, payload_version, idempotency_key, state, attempts,
       last_error_code, last_error_text, created_at, updated_at)
     VALUES (?, 'anpr', 'anpr.1001', ?, '{}', 1, ?, ?, 1, ?, ?, '2026-11-02T09:00:00.000Z', '2026-11-02T09:00:00.000Z')`,
  ).run(`item-${n}`, `key-${n}`, `idem-${n}`, state, code, code ? 'testo italiano' : null);
}

function pratica(db: Db, n: number, code: string | null): void {
  db.prepare(
    `INSERT INTO anagrafe_pratica (id, code, id_operazione_comune, state, payload, operator_id, workstation_id, esito_code, esito_text,
       created_at, updated_at)
     VALUES (?, '1001', ?, 'respinta', '{}', 'op-1', 'ws-1', ?, 'esito', '2026-11-02T09:00:00.000Z', '2026-11-02T09:00:00.000Z')`,
  ).run(`pratica-${n}`, `op-${n}`, code);
}

const column = (db: Db, sql: string) => (db.prepare(sql).all() as { code: string | null }[]).map((r) => r.code);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe('error codes renamed to English', () => {
  it('are rewritten where the outbox and the pratiche store them, and nowhere in the audit log', () => {
    t = openTestDb({ migrations: previousVersion });
    const { db } = t;
    const old = ['ANPR_NON_RAGGIUNGIBILE', 'ANPR_RISPOSTA_MULTIPLA', 'ANPR_ID_OPERAZIONE_NON_VALIDO', 'ANPR_ESITO_3'];
    // Old codes in every state an item can hold one, beside codes that were never renamed (ANPR's own, GPD's) and none.
    outboxItem(db, 1, 'waiting', old[0]);
    outboxItem(db, 2, 'attention', old[1]);
    outboxItem(db, 3, 'discarded', old[2]);
    outboxItem(db, 4, 'attention', old[3]);
    outboxItem(db, 5, 'attention', 'EN151');
    outboxItem(db, 6, 'pending', null);
    outboxItem(db, 7, 'waiting', 'ANPR_TIMEOUT');
    pratica(db, 1, old[1]);
    pratica(db, 2, 'ANPR_INTERROTTO');
    pratica(db, 3, 'EN339');
    pratica(db, 4, null);
    withTx(db, (tx) => {
      for (const code of old)
        appendAudit(tx, systemActor('ws-1'), { action: 'sync.attention', entityType: 'outbox', entityId: code, detail: { code } });
    });
    const auditBefore = db.prepare('SELECT * FROM audit_log ORDER BY seq').all();

    expect(migrate(db, allMigrations).applied).toEqual(NEW_MIGRATIONS);

    expect(column(db, 'SELECT last_error_code AS code FROM outbox ORDER BY seq')).toEqual([
      'ANPR_UNREACHABLE',
      'ANPR_ANSWER_SEVERAL_SUBJECTS',
      'ANPR_OPERATION_ID_INVALID',
      'ANPR_OUTCOME_3',
      'EN151',
      null,
      'ANPR_TIMEOUT',
    ]);
    expect(column(db, 'SELECT last_error_text AS code FROM outbox WHERE seq <= 4')).toEqual(Array(4).fill('testo italiano'));
    expect(column(db, 'SELECT esito_code AS code FROM anagrafe_pratica ORDER BY id')).toEqual([
      'ANPR_ANSWER_SEVERAL_SUBJECTS',
      'ANPR_INTERRUPTED',
      'EN339',
      null,
    ]);
    // The audit log is history: same rows, same codes, same hashes.
    expect(db.prepare('SELECT * FROM audit_log ORDER BY seq').all()).toEqual(auditBefore);
    expect(column(db, "SELECT json_extract(detail, '$.code') AS code FROM audit_log ORDER BY seq")).toEqual(old);
  });

  it('the code base says only the new names (each one is still raised somewhere)', () => {
    const mapFile = 'electron/core/store/renamed-error-codes.ts';
    const files = [...sourceFiles('electron'), ...sourceFiles('renderer'), ...sourceFiles('scenario'), ...sourceFiles('simulators')]
      .filter((f) => f !== mapFile)
      .map((f) => ({ f, text: readFileSync(join(ROOT, f), 'utf8') }));
    const saying = (code: string) => files.filter((x) => new RegExp(`\\b${code}\\b`).test(x.text)).map((x) => x.f);
    for (const [before, after] of Object.entries(RENAMED_ERROR_CODES)) {
      expect(saying(before), before).toEqual([]);
      // ANPR_OUTCOME_<esito> is built from ANPR's esito.
      const raised = /_\d$/.test(after) ? files.some((x) => x.text.includes(`${after.replace(/\d$/, '')}\${`)) : saying(after).length > 0;
      expect(raised, after).toBe(true);
    }
  });
});
