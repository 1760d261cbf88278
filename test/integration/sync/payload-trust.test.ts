/**
 * The outbox trusts nothing it reads back: a stored payload that is not JSON, does not match its
 * kind's schema, or has a payloadVersion nobody knows is set aside as corrupt (state 'attention',
 * typed code), never sent and never handed to a room's handler, while the rest of the queue
 * drains. A clerk's correction (sync.resend) is parsed with the kind's schema like a new item and
 * may change only what the platform's answer concerns (GPD: an allow-list per answer code).
 * Real encrypted SQLite, real HTTP to the GPD simulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../electron/core/errors';
import { createLogger } from '../../../electron/core/log';
import { gpdOutboxHandlers } from '../../../electron/core/pagopa/outbox-handlers';
import type { GpdCreatePayload } from '../../../electron/core/pagopa/gpd-model';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { countByState, getItem, listItems, markAttention } from '../../../electron/core/sync/outbox';
import { syncContract } from '../../../electron/contracts/sync';
import { DEMO_CF_ENTE } from '../../../electron/demo';
import { createGpdAdapter } from '../../../electron/platforms/gpd/adapter';
import { createGpdSimulator } from '../../../simulators/gpd';
import { startSimulators } from '../../../simulators/server';
import { issueCieFee, pagopaStore } from '../../support/pagopa-fixture';
import { tempDir } from '../../support/tmp';
import { systemActor } from '../../../electron/core/settings/workstation';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function until(what: () => string, cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function setup() {
  const t = tempDir();
  cleanup.push(() => t.cleanup());
  const store = pagopaStore(t.dir);
  cleanup.push(() => {
    store.db.close();
  });
  const sims = await startSimulators({ simulators: [createGpdSimulator({ rateLimit: { calls: 10_000, perMs: 10_000 } })] });
  cleanup.push(() => sims.close());
  const engine = new SyncEngine(
    store.db,
    [createGpdAdapter({ endpoint: `${sims.url}/gpd`, subscriptionKey: 'k', cfEnte: DEMO_CF_ENTE })],
    gpdOutboxHandlers,
    {
      log: createLogger(null),
      systemActor: systemActor('sync'),
      backoff: { baseMs: 10, capMs: 50 },
      probeDownMs: 100,
    },
  );
  cleanup.push(() => engine.stop());
  return { store, sims, engine };
}

const itemOf = (db: Parameters<typeof listItems>[0], noticeId: string) => listItems(db, { businessId: noticeId })[0];

describe('payloads are parsed when loaded', () => {
  it('sets aside a non-JSON, a schema-breaking and an unknown-version payload; sends the rest', { timeout: 60_000 }, async () => {
    const { store, sims, engine } = await setup();
    const notices = Array.from({ length: 5 }, (_, i) => issueCieFee(store.db, store.actor, i));
    const [notJson, badIban, badVersion] = notices.map((n) => itemOf(store.db, n.id));
    // What a damaged disk, a bad migration or a hand-edited database would leave behind.
    store.db.prepare('UPDATE outbox SET payload = ? WHERE id = ?').run('{"cfEnte": "800044', notJson.id);
    const tampered = structuredClone(badIban.payload as GpdCreatePayload);
    tampered.position.paymentOption[0].transfer[0].iban = 'IT00X0000000000000000000000';
    store.db.prepare('UPDATE outbox SET payload = ? WHERE id = ?').run(JSON.stringify(tampered), badIban.id);
    store.db.prepare('UPDATE outbox SET payload_version = 9 WHERE id = ?').run(badVersion.id);

    engine.start();
    await until(
      () => JSON.stringify(countByState(store.db).gpd),
      () => {
        const c = countByState(store.db).gpd;
        return c.done === 2 && c.attention === 3;
      },
    );
    expect(getItem(store.db, notJson.id)).toMatchObject({ state: 'attention', lastErrorCode: 'SYNC_PAYLOAD_CORRUPT' });
    expect(getItem(store.db, badIban.id)).toMatchObject({ state: 'attention', lastErrorCode: 'SYNC_PAYLOAD_CORRUPT' });
    // In the clerk's words: the field by its name, never a JSON path.
    expect(getItem(store.db, badIban.id)!.lastErrorText).toMatch(/IBAN del versamento 1: IBAN non valido/);
    expect(getItem(store.db, badIban.id)!.lastErrorText).not.toMatch(/position|paymentOption|\.0\./);
    const corruptAudit = store.db
      .prepare(`SELECT detail FROM audit_log WHERE action = 'sync.corrupt' AND entity_id = ?`)
      .get(notices[1].id) as { detail: string };
    expect(JSON.parse(corruptAudit.detail)).toMatchObject({ field: 'position.paymentOption.0.transfer.0.iban' });
    expect(getItem(store.db, badVersion.id)).toMatchObject({ state: 'attention', lastErrorCode: 'SYNC_PAYLOAD_VERSION' });
    expect(sims.stats().gpd.applied).toBe(2); // the three were never sent
    // No room handler ran on them: their notices are not marked refused by pagoPA.
    const state = (id: string) =>
      (store.db.prepare('SELECT gpd_state FROM pagopa_notice WHERE id = ?').get(id) as { gpd_state: string }).gpd_state;
    expect(state(notices[0].id)).toBe('pending');
    const audit = store.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'sync.corrupt'`).get() as { n: number };
    expect(audit.n).toBe(3);
    // A corrupt item cannot be resent as it is; it can be discarded with a reason.
    expect(() => engine.resend(store.actor, notJson.id, undefined)).toThrow(expect.objectContaining({ code: 'SYNC_PAYLOAD_CORRUPT' }));
    engine.discard(store.actor, notJson.id, 'Dati illeggibili, avviso riemesso');
    expect(getItem(store.db, notJson.id)!.state).toBe('discarded');
  });
});

describe('a correction takes the same schema as a new item, and only what the answer concerns', () => {
  it('refuses an IBAN change, accepts a debtor name change after a 400, and refuses both after a conflict', {
    timeout: 60_000,
  }, async () => {
    const { store, sims, engine } = await setup();
    const rejected = itemOf(store.db, issueCieFee(store.db, store.actor, 1).id);
    const conflicting = itemOf(store.db, issueCieFee(store.db, store.actor, 2).id);
    // pagoPA's answers as the GPD adapter classifies them (a 400 refusal; a different position under the same iupd).
    store.db.transaction(() => {
      markAttention(store.db, rejected.id, 'GPD_REJECTED', "pagoPA ha rifiutato l'avviso (Bad Request: fullName too long).");
      markAttention(
        store.db,
        conflicting.id,
        'GPD_CONFLICT',
        'Su pagoPA esiste già una posizione con questo identificativo ma con dati diversi.',
      );
    })();
    const original = rejected.payload as GpdCreatePayload;

    const ibanChanged = structuredClone(original);
    ibanChanged.position.paymentOption[0].transfer[0].iban = 'IT61X0306909606100000012345'; // a valid IBAN, someone else's account
    let refused: unknown;
    try {
      engine.resend(store.actor, rejected.id, ibanChanged);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused).toMatchObject({ code: 'PAGOPA_CORRECTION_FIELD', field: 'position.paymentOption.0.transfer.0.iban' });
    expect((refused as ValidationError).userMessage).toMatch(/^L'avviso è già stampato: «IBAN del versamento 1» non si può cambiare/);
    expect((refused as ValidationError).userMessage).not.toMatch(/position|paymentOption/);

    // Not a GPD position at all: refused by the kind's schema, before any rule.
    expect(() => engine.resend(store.actor, rejected.id, { cfEnte: DEMO_CF_ENTE, position: { iupd: 'x' } })).toThrow(
      expect.objectContaining({ code: 'SYNC_CORRECTION_INVALID' }),
    );
    const noName = structuredClone(original);
    noName.position.fullName = '';
    expect(() => engine.resend(store.actor, rejected.id, noName)).toThrow(
      expect.objectContaining({
        code: 'SYNC_CORRECTION_INVALID',
        field: 'position.fullName',
        userMessage: expect.stringMatching(/^I dati corretti non sono validi \(«Nome e cognome del destinatario»\)/),
      }),
    );
    // The contract itself takes an object, no longer anything at all.
    expect(syncContract['sync.resend'].input.safeParse({ id: rejected.id, payload: 'DROP TABLE' }).success).toBe(false);
    expect(getItem(store.db, rejected.id)!.state).toBe('attention');

    const nameChanged = structuredClone(original);
    nameChanged.position.fullName = 'Cittadino Corretto';
    nameChanged.position.paymentOption[0].description = 'Carta d’identità elettronica';
    engine.resend(store.actor, rejected.id, nameChanged);
    expect(getItem(store.db, rejected.id)).toMatchObject({ state: 'pending', payload: nameChanged });
    // The notice's own record says what pagoPA will show (the receipt, the lists, the reprint).
    const notice = store.db.prepare('SELECT debtor_name, subject FROM pagopa_notice WHERE id = ?').get(rejected.businessId) as {
      debtor_name: string;
      subject: string;
    };
    expect(notice).toEqual({ debtor_name: 'Cittadino Corretto', subject: 'Carta d’identità elettronica' });

    const conflictNameChanged = structuredClone(conflicting.payload as GpdCreatePayload);
    conflictNameChanged.position.fullName = 'Altro Nome';
    expect(() => engine.resend(store.actor, conflicting.id, conflictNameChanged)).toThrow(
      expect.objectContaining({
        code: 'PAGOPA_CORRECTION_FIELD',
        field: 'position.fullName',
        userMessage: expect.stringContaining('«Nome e cognome del destinatario» non si può cambiare'),
      }),
    );
    // The same data may always go again.
    engine.resend(store.actor, conflicting.id, undefined);

    engine.start();
    await until(
      () => JSON.stringify(countByState(store.db).gpd),
      () => countByState(store.db).gpd.done === 2,
    );
    const published = (sims.simulators[0] as ReturnType<typeof createGpdSimulator>).position(DEMO_CF_ENTE, original.position.iupd) as
      | { fullName?: string }
      | undefined;
    expect(published?.fullName).toBe('Cittadino Corretto');
  });
});
