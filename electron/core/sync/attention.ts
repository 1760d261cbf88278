/**
 * "Operazioni da verificare" as a clerk can act on them: for each item the platform refused, who
 * and what it concerns (the room's OutboxHandler.describe), who recorded it and when, the answer,
 * and the payload as labelled fields marked with what a correction may change
 * (OutboxHandler.correctionScope, which agrees with the room's prepareCorrection).
 * Showing the list is a read of the persons it names: audited in the same transaction.
 */
import { appendAudit } from '../audit/log';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { listItems } from './outbox';
import type { CorrectionScope, ItemSubject, OutboxHandler, OutboxItem, Platform } from './types';

export interface AttentionField {
  /** Dotted payload path: what a correction names (sync.resend), never shown to the clerk. */
  path: string;
  label: string;
  value: string;
  type: 'string' | 'number' | 'boolean' | 'null';
  /** An ISO date (YYYY-MM-DD): shown and typed as a date. */
  date: boolean;
  /** The value in words when it is a code (OutboxHandler.fieldValueText), shown for a read-only field; else null. */
  text: string | null;
  scope: CorrectionScope;
  /**
   * The path of the field the answer concerns that this one repeats (the same date, e.g. a
   * pratica's decorrenza copied into the residence and each member's family tie): a correction of
   * that field carries here too, unless this one is corrected on its own.
   */
  sameAs: string | null;
}

export interface AttentionView extends ItemSubject {
  id: string;
  platform: Platform;
  kind: string;
  code: string | null;
  text: string | null;
  createdAt: string;
  /** When the platform's answer was recorded. */
  answeredAt: string;
  attempts: number;
  /** Display name of the operator who recorded it; null for the system's own items. */
  operator: string | null;
  /** The stored payload (what a correction starts from); null when it is not readable. */
  payload: unknown;
  fields: AttentionField[];
  /** Some field may be changed: "Correggi e reinvia"; otherwise only "Reinvia" as it is. */
  correctable: boolean;
  /** False for an item whose stored data cannot be read or parsed: it can only be discarded. */
  resendable: boolean;
}

/** Set aside by the engine because its stored data does not parse: resending is refused (SyncEngine.resend). */
const UNSENDABLE = new Set(['SYNC_PAYLOAD_CORRUPT', 'SYNC_PAYLOAD_VERSION', 'SYNC_KIND_UNKNOWN']);

export interface AttentionOptions {
  /** The handler registered for a kind (SyncEngine.handler). */
  handler(kind: string): OutboxHandler | undefined;
  operatorName(id: string): string | null;
  /** Whether this operator may see (and handle) the item (by its platform, and for IO by what it is about). */
  visible(platform: Platform, item: OutboxItem): boolean;
  /** Who reads the list: the read of the persons it names is audited in their name. */
  actor: Actor;
}

type Leaf = { path: string[]; value: unknown };

function leavesOf(v: unknown, at: string[] = [], out: Leaf[] = []): Leaf[] {
  if (v !== null && typeof v === 'object') for (const [k, child] of Object.entries(v)) leavesOf(child, [...at, k], out);
  else if (v !== undefined && at.length) out.push({ path: at, value: v });
  return out;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A leaf's label in the clerk's words. Labels name the deepest known element ("Codice fiscale"):
 * where two leaves would read the same, each says which list entry it is in, by the entry's name
 * where the room knows one ("… · componenti della famiglia: ROSSI ANNA"), else its number; a list
 * of one entry needs neither.
 */
function labelled(
  leaves: Leaf[],
  payload: unknown,
  label: (path: string[]) => string,
  entryName: (entry: unknown) => string | undefined,
): string[] {
  const base = leaves.map((l) => label(l.path));
  const seen = new Map<string, number>();
  for (const b of base) seen.set(b, (seen.get(b) ?? 0) + 1);
  const at = (path: string[]) =>
    path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), payload);
  return leaves.map((l, i) => {
    if ((seen.get(base[i]) ?? 0) < 2) return base[i];
    let own = base[i];
    const where = l.path.flatMap((seg, k) => {
      if (!/^\d+$/.test(seg)) return [];
      const listPath = l.path.slice(0, k);
      const list = at(listPath);
      if (Array.isArray(list) && list.length < 2) return [];
      const name = entryName(at([...listPath, seg]));
      const listLabel = label(listPath);
      // The entry of a list named like the field itself: "Nuovo indirizzo 2", not "Nuovo indirizzo · nuovo indirizzo 2".
      if (listLabel === own) {
        own = name ? `${own}: ${name}` : `${own} ${Number(seg) + 1}`;
        return [];
      }
      return [name ? `${listLabel.toLowerCase()}: ${name}` : `${listLabel.toLowerCase()} ${Number(seg) + 1}`];
    });
    return where.length ? `${own} · ${where.join(', ')}` : own;
  });
}

function fieldsOf(item: OutboxItem, h: OutboxHandler | undefined): AttentionField[] {
  const leaves = leavesOf(item.payload);
  const labels = labelled(
    leaves,
    item.payload,
    (p) => h?.fieldLabel?.(p) ?? 'Dato',
    (entry) => h?.entryName?.(entry),
  );
  const fallback: CorrectionScope = h?.prepareCorrection ? 'editable' : 'fixed';
  const fields = leaves.map((l, i) => {
    const path = l.path.join('.');
    const type: AttentionField['type'] =
      l.value === null ? 'null' : typeof l.value === 'number' ? 'number' : typeof l.value === 'boolean' ? 'boolean' : 'string';
    const value = l.value === null ? '' : String(l.value);
    const scope = h?.correctionScope?.(item, path) ?? fallback;
    const date = type === 'string' && ISO_DATE.test(value);
    const text = (value && h?.fieldValueText?.(l.path, value)) || null;
    return { path, label: labels[i], value, type, date, text, scope, sameAs: null as string | null };
  });
  // A date the answer names, repeated in other fields a correction may change: they follow it.
  for (const c of fields.filter((f) => f.scope === 'concerned' && f.date)) {
    for (const f of fields) if (f.scope === 'editable' && f.date && f.value === c.value && f.sameAs === null) f.sameAs = c.path;
  }
  return fields;
}

/**
 * The platform's answer as the clerk reads it: its dates gg/mm/aaaa (ANPR writes "sul soggetto
 * 2026-12-06") and without a closing "(EN240)" that repeats the code shown beside it.
 */
export function answerText(text: string | null, code: string | null): string | null {
  if (!text) return text;
  let s = text.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, '$3/$2/$1');
  if (code) {
    const tail = `(${code})`;
    if (s.trimEnd().endsWith(tail)) s = s.trimEnd().slice(0, -tail.length).trimEnd();
  }
  return s;
}

const UNKNOWN: ItemSubject = { what: 'Operazione', person: null, explanation: null };

/** The items needing attention that this operator may handle, oldest first, each in the clerk's words. */
export function attentionView(db: Db, o: AttentionOptions): AttentionView[] {
  return withTx(db, (tx) => {
    const list = readAttention(tx, o);
    const named = list.filter((v) => v.person);
    if (named.length > 0) {
      appendAudit(tx, o.actor, {
        action: 'sync.attention.read',
        entityType: 'outbox',
        entityId: '*',
        detail: { count: named.length, ids: named.map((v) => v.id) },
      });
    }
    return list;
  });
}

function readAttention(db: Db, o: AttentionOptions): AttentionView[] {
  return listItems(db, { states: ['attention'] })
    .filter((i) => o.visible(i.platform, i))
    .map((item) => {
      const h = o.handler(item.kind);
      const subject = (!item.payloadUnreadable && h?.describe?.(db, item)) || UNKNOWN;
      const resendable = !item.payloadUnreadable && !UNSENDABLE.has(item.lastErrorCode ?? '');
      const fields = item.payloadUnreadable ? [] : fieldsOf(item, h).map((f) => (resendable ? f : { ...f, scope: 'fixed' as const }));
      return {
        ...subject,
        id: item.id,
        platform: item.platform,
        kind: item.kind,
        code: item.lastErrorCode,
        text: answerText(item.lastErrorText, item.lastErrorCode),
        createdAt: item.createdAt,
        answeredAt: item.updatedAt,
        attempts: item.attempts,
        operator: item.operatorId ? o.operatorName(item.operatorId) : null,
        payload: item.payloadUnreadable ? null : item.payload,
        fields,
        correctable: fields.some((f) => f.scope !== 'fixed'),
        resendable,
      };
    });
}
