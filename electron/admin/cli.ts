/**
 * sportello-admin: audit verify [<backup>...] | backup <file> | restore <file> | operators list | queue [--json]
 *   | hub init --url <admin url> | hub code --url <url> [--name <pc>] [--hours <n>] [--postazione <n>] | hub list --url <url>
 * Each local command takes --data <dir> (default: the user's Sportello folder); the hub commands
 * take the Comune hub's address (--ca <file>: the Comune's CA certificate, PEM). Exit codes: see USAGE.
 *
 * Reading commands (audit verify, operators list, queue, backup) open the database read-only, so
 * they run beside a Sportello that is open on the folder and never write to it (a backup only
 * reads: VACUUM INTO a new file). Writing commands (restore) take the folder's instance lock and
 * refuse while Sportello runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { anchorKeyFileProvider, existingAnchorKey } from '../core/audit/anchor-key';
import { anchorRestored, backupWithAnchor } from '../core/audit/backup-manifest';
import { checkAudit } from '../core/audit/verify';
import { describeAuditCheck } from '../core/audit/verify-report';
import { listOperators } from '../core/auth/operators';
import { isSportelloError } from '../core/errors';
import { openReadOnly, RestoreRefused, restoreFrom, type RestoreRefusalCode } from '../core/store/backup';
import { KEY_FILE_NAME, keyFileProvider } from '../core/store/key-file';
import { type DbKey, openEncryptedDb } from '../core/store/open';
import { DB_FILE_NAME } from '../core/store/store';
import type { Db } from '../core/store/types';
import { listItems } from '../core/sync/outbox';
import { defaultDataDir } from '../paths';
import { initHub, issueJoinCode, listHubWorkstations } from '../platforms/hub/admin';
import { HubError } from '../platforms/hub/connect';

const USAGE = `Uso: sportello-admin <comando> [--data <cartella>]
  audit verify [<backup>...]
                        verifica il registro degli accessi (audit) e lo confronta con le ancore:
                        il file delle ancore, i manifest dei backup nella cartella e quelli indicati
  backup <file>         salva una copia cifrata del database
  restore <file>        ripristina il database da una copia (Sportello deve essere chiuso)
  operators list        elenca gli operatori e i loro ruoli
  queue [--json]        elenca le operazioni in coda verso le piattaforme nazionali
  hub init --url <indirizzo amministratore> [--ca <file>]
                        prepara (o aggiorna) il database del Comune condiviso dalle postazioni
                        e crea l'accesso del primo responsabile (la password è mostrata una volta)
  hub code --url <indirizzo> [--name <nome del PC>] [--hours <ore>] [--postazione <n: la stessa postazione aderisce di nuovo>] [--ca <file>]
                        mostra un codice di adesione per una postazione, usabile una volta
                        (valido 24 ore se non indicato)
  hub list --url <indirizzo> [--json] [--ca <file>]
                        elenca le postazioni del Comune con il loro ultimo contatto

I comandi di lettura (audit, backup, operators list, queue) funzionano anche con Sportello aperto
e non modificano il database. Il ripristino controlla il file prima di toccare qualsiasi cosa e
conserva il database attuale come sportello.db.before-restore-<data e ora>.

Codici di uscita:
  0  fatto
  1  problema trovato (registro non integro, backup non riuscito)
  2  uso errato del comando
  3  cartella dei dati non apribile (manca il database o la chiave)
  10 ripristino rifiutato: il file indicato non esiste
  11 ripristino rifiutato: il file non si apre con la chiave di questa postazione
  12 ripristino rifiutato: il file è danneggiato (controllo di integrità)
  13 ripristino rifiutato: il file non è un database di Sportello
  14 ripristino rifiutato: il file viene da una versione di Sportello più recente
  15 ripristino rifiutato: Sportello è aperto su questa cartella
  16 ripristino rifiutato: non si è potuta conservare una copia del database attuale
  20 server del Comune non raggiungibile
  21 server del Comune: credenziali o certificato TLS rifiutati
  22 server del Comune: operazione rifiutata`;

const EXIT = { ok: 0, problem: 1, usage: 2, open: 3 } as const;
const HUB_EXIT = { transport: 20, item: 20, credentials: 21, refused: 22 } as const;
/** Each refusal of a restore has its own exit code (documented in USAGE and the README). */
const RESTORE_EXIT: Record<RestoreRefusalCode, number> = {
  RESTORE_SOURCE_MISSING: 10,
  RESTORE_WRONG_KEY: 11,
  RESTORE_CORRUPT: 12,
  RESTORE_NOT_SPORTELLO: 13,
  RESTORE_NEWER_SCHEMA: 14,
  RESTORE_SPORTELLO_RUNNING: 15,
  RESTORE_KEEP_FAILED: 16,
};

/** The database opened for reading only: these commands never write to it. */
interface ReadOnlyStore {
  db: Db;
  key: DbKey;
}

function main(argv: string[]): number | Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
      url: { type: 'string' },
      ca: { type: 'string' },
      name: { type: 'string' },
      hours: { type: 'string' },
      postazione: { type: 'string' },
    },
  });
  const [cmd, sub] = positionals;
  if (values.help || !cmd || cmd === 'help') {
    console.log(USAGE);
    return values.help || cmd === 'help' ? EXIT.ok : EXIT.usage;
  }
  if (cmd === 'hub') return hubCommand(sub, values);
  const dataDir = values.data ?? defaultDataDir();

  const open = (): ReadOnlyStore | number => {
    if (!existsSync(join(dataDir, DB_FILE_NAME)) || !existsSync(join(dataDir, KEY_FILE_NAME))) {
      console.error(
        `Nessun database di Sportello in ${dataDir} (servono ${DB_FILE_NAME} e ${KEY_FILE_NAME}). Indicare la cartella con --data.`,
      );
      return EXIT.open;
    }
    const key = keyFileProvider.getOrCreateKey(dataDir);
    let db: Db | undefined;
    try {
      db = openReadOnly(join(dataDir, DB_FILE_NAME), key);
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch {
      db?.close();
      console.error(
        `Il database in ${dataDir} non si apre con la chiave ${KEY_FILE_NAME} di questa cartella. Contattare il referente informatico.`,
      );
      return EXIT.open;
    }
    return { db, key };
  };

  switch (`${cmd} ${sub ?? ''}`.trim()) {
    case 'audit verify': {
      const s = open();
      if (typeof s === 'number') return s;
      try {
        const c = checkAudit(s.db, { dataDir, anchorKey: existingAnchorKey(dataDir), extraManifests: positionals.slice(2) });
        for (const line of describeAuditCheck(c)) (c.ok ? console.log : console.error)(line);
        return c.ok ? EXIT.ok : EXIT.problem;
      } finally {
        s.db.close();
      }
    }
    case 'operators list': {
      const s = open();
      if (typeof s === 'number') return s;
      try {
        const ops = listOperators(s.db);
        if (values.json)
          console.log(
            JSON.stringify(
              ops.map(({ codiceFiscale: _cf, ...o }) => o),
              null,
              2,
            ),
          );
        else
          for (const o of ops)
            console.log(`${o.username.padEnd(20)} ${o.active ? 'attivo     ' : 'disattivato'} ${o.roles.join(', ')}  (${o.displayName})`);
        return EXIT.ok;
      } finally {
        s.db.close();
      }
    }
    case 'queue': {
      const s = open();
      if (typeof s === 'number') return s;
      try {
        const items = listItems(s.db, { states: ['pending', 'waiting', 'attention'], limit: 100_000 });
        if (values.json) {
          console.log(
            JSON.stringify(
              items.map(({ payload: _p, ...i }) => i),
              null,
              2,
            ),
          );
        } else {
          console.log(`${items.length} operazioni in coda.`);
          for (const i of items)
            console.log(
              `${i.createdAt}  ${i.platform.padEnd(6)} ${i.kind.padEnd(18)} ${i.state.padEnd(9)} tentativi ${i.attempts}  ${i.lastErrorCode ?? ''}`,
            );
        }
        return EXIT.ok;
      } finally {
        s.db.close();
      }
    }
    case 'backup':
    case 'restore':
      return usage(`Indicare il file: sportello-admin ${cmd} <file>`);
    default:
      if (cmd === 'backup' && sub) {
        const s = open();
        if (typeof s === 'number') return s;
        try {
          const b = backupWithAnchor(s.db, s.key, sub, {
            dataDir,
            key: anchorKeyFileProvider.getOrCreateKey(dataDir),
            nowIso: new Date().toISOString(),
          });
          console.log(`Backup cifrato scritto in ${sub}; manifest con l'ultima voce del registro (n. ${b.head.seq}) in ${b.manifestFile}.`);
          return EXIT.ok;
        } finally {
          s.db.close();
        }
      }
      if (cmd === 'restore' && sub) {
        if (!existsSync(join(dataDir, KEY_FILE_NAME))) {
          console.error(`Manca la chiave ${KEY_FILE_NAME} in ${dataDir}: il ripristino richiede la chiave della postazione.`);
          return EXIT.open;
        }
        try {
          const done = restoreFrom(sub, dataDir, keyFileProvider.getOrCreateKey(dataDir));
          anchorAfterRestore(dataDir);
          console.log(`Database ripristinato da ${sub}.` + (done.keptAs ? ` Il database precedente è conservato in ${done.keptAs}.` : ''));
          return EXIT.ok;
        } catch (e) {
          if (!(e instanceof RestoreRefused)) throw e;
          console.error(`Ripristino rifiutato: ${e.userMessage} [${e.code}]`);
          return RESTORE_EXIT[e.refusal];
        }
      }
      return usage(`Comando sconosciuto: ${positionals.join(' ')}`);
  }
}

/** The restored history's head as a 'restore' anchor, so `audit verify` compares it from here on. */
function anchorAfterRestore(dataDir: string): void {
  const db = openEncryptedDb(join(dataDir, DB_FILE_NAME), keyFileProvider.getOrCreateKey(dataDir));
  try {
    anchorRestored(dataDir, db, anchorKeyFileProvider.getOrCreateKey(dataDir), new Date().toISOString());
  } finally {
    db.close();
  }
}

function usage(msg: string): number {
  console.error(msg + '\n\n' + USAGE);
  return EXIT.usage;
}

/** The Comune hub's commands: they speak to PostgreSQL, never to this PC's database. */
async function hubCommand(
  sub: string | undefined,
  o: { url?: string; ca?: string; name?: string; hours?: string; postazione?: string; json?: boolean },
): Promise<number> {
  if (!o.url) return usage(`Indicare l'indirizzo del server del Comune: sportello-admin hub ${sub ?? 'init'} --url postgresql://…`);
  const endpoint = { url: o.url, ca: o.ca ? readFileSync(o.ca, 'utf8') : undefined };
  try {
    switch (sub) {
      case 'init': {
        const r = await initHub(endpoint);
        console.log(
          r.applied.length
            ? `Database del Comune pronto: schema versione ${r.version} (applicate ora: ${r.applied.join(', ')}).`
            : `Database del Comune già aggiornato: schema versione ${r.version}.`,
        );
        if (r.responsabile.password) {
          console.log(`Accesso del responsabile: utente ${r.responsabile.role}, password ${r.responsabile.password}`);
          console.log('Annotare la password ora: non viene più mostrata. Serve per `hub code` e `hub list` con --url postgresql://…');
        } else {
          console.log(`L'accesso del responsabile (utente ${r.responsabile.role}) esiste già e non è stato cambiato.`);
        }
        return EXIT.ok;
      }
      case 'code': {
        const hours = o.hours === undefined ? undefined : Number(o.hours);
        if (hours !== undefined && !(hours > 0 && hours <= 168)) return usage('--hours: da 1 a 168 ore.');
        const forNumber = o.postazione === undefined ? undefined : Number(o.postazione);
        if (forNumber !== undefined && !(Number.isInteger(forNumber) && forNumber >= 1 && forNumber <= 999)) {
          return usage('--postazione: il numero (da 1 a 999) della postazione registrata che aderisce di nuovo.');
        }
        const c = await issueJoinCode(endpoint, { name: o.name, validHours: hours, forNumber });
        console.log(`Codice di adesione: ${c.code}`);
        console.log(`Valido una sola volta, fino a ${c.expiresAt.toISOString()}${o.name ? `, per «${o.name}»` : ''}.`);
        return EXIT.ok;
      }
      case 'list': {
        const rows = await listHubWorkstations(endpoint);
        if (o.json) console.log(JSON.stringify(rows, null, 2));
        else
          for (const w of rows)
            console.log(
              `${String(w.number).padStart(3)}  ${w.name.padEnd(24)} ${w.removedAt ? 'rimossa    ' : 'attiva     '} ultimo contatto ${w.lastContactAt?.toISOString() ?? '—'}`,
            );
        return EXIT.ok;
      }
      default:
        return usage(`Comando sconosciuto: hub ${sub ?? ''}`);
    }
  } catch (e) {
    if (!(e instanceof HubError)) throw e;
    console.error(`${e.userMessage} [${e.code}]`);
    return HUB_EXIT[e.failure];
  }
}

function fail(e: unknown): void {
  if (isSportelloError(e)) {
    console.error(`${e.userMessage} [${e.code}]`);
    process.exitCode = e.code.startsWith('STORE_KEY') ? EXIT.open : EXIT.problem;
  } else {
    console.error(`Errore imprevisto: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = EXIT.problem;
  }
}

try {
  const code = main(process.argv.slice(2));
  if (typeof code === 'number') process.exitCode = code;
  else await code.then((c) => (process.exitCode = c), fail);
} catch (e) {
  fail(e);
}
