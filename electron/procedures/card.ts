/**
 * The card room: reading the CIE on the counter's PC/SC reader, and the CSCA list the responsabile
 * keeps to verify cards. The reader is created on first use (most sessions never touch it); when
 * PC/SC is missing or down every call answers in Italian instead of failing.
 */
import { createHash, type X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { CardReadView, CscaView } from '../contracts/card';
import type { cardContract } from '../contracts/card';
import { recordAudit } from '../core/audit/log';
import { hasRole } from '../core/auth/roles';
import { CardErrorCode, cardError } from '../core/card/card-errors';
import { describeCsca } from '../core/card/csca';
import { identityToPrefill } from '../core/card/prefill';
import type { Reader } from '../core/card/reader';
import type { CardService, CieIdentity } from '../core/card/service';
import type { PcscUnavailableReason } from '../../native/pcsc-reader';
import { isSportelloError, SportelloError } from '../core/errors';
import { importCscaFile, removeCsca, safeLoadCertificates, storedCscas } from '../core/settings/cscas';
import type { Procedures } from '../host/dispatch';
import type { AppServices } from './services';
import { romeDate } from '../core/rome-time';
import { operatorActor } from '../core/settings/workstation';

type CardProcedures = Pick<Procedures, keyof typeof cardContract>;
type CscaViewT = z.output<typeof CscaView>;
type CardReadViewT = z.output<typeof CardReadView>;

/** Demo mode only: a PEM file with the virtual card's test CSCA (simulators/cie-card writes one per test bed). */
export const DEMO_CSCA_ENV = 'SPORTELLO_DEMO_CSCA_FILE';

/** The PC/SC side as the procedures see it: what native/pcsc-reader offers beyond core/card's Reader. */
type CounterReader = Reader & { readonly available: boolean };

/** "ROMA RM" (place parts joined by the core) as printed on the card: "ROMA (RM)". */
function placeAsPrinted(parts: string[] | null | undefined): string | undefined {
  const p = (parts ?? []).map((x) => x.trim()).filter(Boolean);
  if (p.length === 0) return undefined;
  const last = p[p.length - 1];
  return p.length > 1 && /^[A-Z]{2}$/.test(last) ? `${p.slice(0, -1).join(' ')} (${last})` : p.join(' ');
}

function sexOf(identity: CieIdentity): 'M' | 'F' {
  if (identity.sex !== 'X') return identity.sex;
  // Some documents leave the MRZ sex unspecified; the codice fiscale still says it (day + 40 for women).
  const day = identity.codiceFiscale?.slice(9, 11);
  if (day && /^[0-9]{2}$/.test(day)) return Number(day) > 40 ? 'F' : 'M';
  throw new SportelloError('CARD_NO_SEX', 'La carta non indica il sesso del titolare: inserisca i dati a mano controllando il documento.');
}

export function prefillFrom(identity: CieIdentity): CardReadViewT['prefill'] {
  const optional = (v: string | null | undefined) => (v ? v : undefined);
  const birthPlace = identity.birthPlace ? identity.birthPlace.split(' ') : null;
  return {
    cognome: identity.surname.trim(),
    nome: identity.givenNames.trim(),
    sesso: sexOf(identity),
    dataNascita: identity.birthDate,
    luogoNascita: placeAsPrinted(birthPlace),
    codiceFiscale: optional(identity.codiceFiscale?.toUpperCase().replace(/\s/g, '')),
    indirizzo: identity.address?.length
      ? [identity.address[0], placeAsPrinted(identity.address.slice(1))].filter(Boolean).join(', ')
      : undefined,
    numeroDocumento: optional(identity.documentNumber),
    scadenzaDocumento: optional(identity.documentExpiry),
  };
}

export function cardProcedures(s: AppServices): CardProcedures {
  // ---- CSCA list ----
  const actorOf = (op: { id: string } | null) => operatorActor(op, s.workstation.id);
  const stored = () => storedCscas(s.db);
  const demoPems = (): string[] => {
    const path = s.demo ? process.env[DEMO_CSCA_ENV] : undefined;
    if (!path) return [];
    try {
      return [readFileSync(path, 'utf8')];
    } catch {
      s.log.warn('card.csca.demo_unreadable', {});
      return [];
    }
  };
  const safeLoad = safeLoadCertificates;
  /** Read at every verification, so an import applies to the very next read. */
  const trusted = (): X509Certificate[] => [...stored().flatMap((c) => safeLoad(c.pem)), ...demoPems().flatMap(safeLoad)];
  const listView = (): CscaViewT[] => {
    const now = new Date();
    const seen = new Set<string>();
    const out: CscaViewT[] = [];
    const add = (cert: X509Certificate, source: CscaViewT['source'], importedAt: string | null) => {
      if (seen.has(cert.fingerprint256)) return;
      seen.add(cert.fingerprint256);
      out.push({ ...describeCsca(cert, now), source, importedAt });
    };
    for (const c of stored()) for (const cert of safeLoad(c.pem)) add(cert, 'imported', c.importedAt);
    for (const pem of demoPems()) for (const cert of safeLoad(pem)) add(cert, 'demo', null);
    return out;
  };

  // ---- reader ----
  let reader: CounterReader | null | undefined;
  let service: CardService | null = null;
  /** Set when PC/SC cannot be loaded on this computer at all: why, for the screens and the log. */
  let unavailable: PcscUnavailableReason | null = null;
  let readerStarting: Promise<CounterReader | null> | null = null;
  const getReader = (): Promise<CounterReader | null> => {
    if (reader !== undefined) return Promise.resolve(reader);
    readerStarting ??= (async () => {
      // Loaded on first use: PACE and image decoding are heavy and most starts never read a card.
      const { loadPcsc, PcscReader } = await import('../../native/pcsc-reader');
      // The binding needs the `smartcard` module built against libpcsclite (or winscard): without it
      // there is no PC/SC here at all, and Sportello works on without the reader.
      const loaded = loadPcsc();
      if (!loaded.ok) {
        unavailable = loaded.reason;
        s.log.warn('card.pcsc.unavailable', { reason: loaded.reason, detail: loaded.detail });
        return (reader = null);
      }
      const { CardService } = await import('../core/card/service');
      const r = new PcscReader({ retryMs: 1000 });
      r.onEvent((e) => {
        if (e.type === 'service-lost' || e.type === 'service-restored') s.log.info(`card.pcsc.${e.type}`, {});
      });
      service = new CardService({
        reader: r,
        cscas: trusted,
        log: (event, fields) => s.log.info(event, fields),
      });
      s.log.info('card.pcsc.started', { available: r.available, readers: r.readers().length });
      return (reader = r);
    })();
    return readerStarting;
  };
  const hostOs = (): 'windows' | 'linux' | 'other' =>
    process.platform === 'win32' ? 'windows' : process.platform === 'linux' ? 'linux' : 'other';

  // One read at a time: the connection is exclusive, and a second clerk click must wait, not fail.
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    'card.status': async () => {
      const r = await getReader();
      const trustedCscas = trusted().length;
      if (!r)
        return {
          service: 'missing',
          missing: { reason: unavailable ?? 'load-failed', os: hostOs() },
          readers: [],
          cardPresent: false,
          trustedCscas,
        };
      return {
        service: r.available ? 'up' : 'down',
        missing: null,
        readers: r.readers(),
        cardPresent: r.readersWithCard().length > 0,
        trustedCscas,
      };
    },

    'card.read': async ({ can }, ctx) => {
      const op = ctx.operator!;
      if (!hasRole(op.roles, 'anagrafe') && !hasRole(op.roles, 'cie')) {
        throw new SportelloError('AUTH_ROLE', 'Questa operazione non è consentita al suo profilo. Chiedere al responsabile.', {
          role: 'anagrafe|cie',
        });
      }
      const r = await getReader();
      if (!r || !service) {
        throw new SportelloError(
          'CARD_NO_PCSC',
          'Su questo computer manca il supporto per i lettori di carte (PC/SC). Inserisca i dati a mano e chieda all’assistenza di installarlo: le istruzioni sono nel riquadro del lettore.',
          { reason: unavailable ?? 'load-failed' },
        );
      }
      if (!r.available) throw cardError(CardErrorCode.serviceDown);
      if (trusted().length === 0) {
        throw new SportelloError(
          'CARD_NO_CSCA',
          'Sportello non ha ancora il certificato dello Stato (CSCA) che serve a verificare le CIE. Chieda al responsabile di importarlo; nel frattempo inserisca i dati a mano.',
        );
      }
      const svc = service;
      const actor = actorOf(op);
      return oneAtATime(async () => {
        let result;
        try {
          result = await svc.readIdentity({ can });
        } catch (e) {
          if (!isSportelloError(e)) {
            s.log.error('card.read.unexpected', { error: e instanceof Error ? e.name : 'unknown' });
            throw cardError(CardErrorCode.protocol);
          }
          if (e.code === CardErrorCode.notGenuine) {
            // A card that fails verification is a security event: it stays in the audit trail.
            recordAudit(s.db, actor, {
              action: 'card.read.refused',
              entityType: 'cie-document',
              entityId: 'non-verificata',
              detail: { code: e.code, failures: e.details?.failures ?? [] },
            });
          }
          throw e;
        }
        const { identity, verification } = result;
        const prefill = prefillFrom(identity);
        const warnings = identityToPrefill(identity, romeDate()).warnings;
        recordAudit(s.db, actor, {
          action: 'card.read',
          entityType: 'cie-document',
          entityId: identity.documentNumber,
          detail: {
            codiceFiscaleSha256: identity.codiceFiscale
              ? createHash('sha256').update(identity.codiceFiscale.toUpperCase()).digest('hex')
              : null,
            access: result.access,
            passiveAuthentication: verification.passiveAuthentication,
            chipGenuine: verification.chipGenuine,
            csca: verification.csca,
          },
        });
        return {
          prefill,
          photo: result.photo?.dataUrl ?? null,
          verification: { genuine: true, csca: verification.csca, access: result.access },
          warnings,
        };
      });
    },

    'card.csca.list': () => listView(),

    'card.csca.import': ({ file }, ctx) => {
      const r = importCscaFile(s.db, actorOf(ctx.operator!), Buffer.from(file, 'base64'), trusted());
      s.log.info('card.csca.imported', r);
      return { ...r, list: listView() };
    },

    'card.csca.remove': ({ fingerprint }, ctx) => {
      removeCsca(s.db, actorOf(ctx.operator!), fingerprint);
      return { ok: true as const };
    },
  };
}
