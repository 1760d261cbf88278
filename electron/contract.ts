/**
 * Every call between the UI and the back end, and every event the back end sends, in one place.
 * Both hosts (Electron IPC; in browser mode, the page's WebSocket and HTTP for scripts) bind
 * exactly this, with the same validation. Each room declares its procedures in electron/contracts/<room>.ts.
 */
import type { z } from './core/zod';
import { authContract, SessionView } from './contracts/auth';
import { syncContract, SyncStatusView } from './contracts/sync';
import { anagrafeContract } from './contracts/anagrafe';
import { anagrafeLoadContract } from './contracts/anagrafe-load';
import { pagopaContract } from './contracts/pagopa';
import { cieContract } from './contracts/cie';
import { cardContract } from './contracts/card';
import { demoContract } from './contracts/demo';
import { setupContract } from './contracts/setup';
import { auditContract } from './contracts/audit';
import { ioContract } from './contracts/io';
import { statsContract } from './contracts/stats';

export const contract = {
  ...authContract,
  ...syncContract,
  ...anagrafeContract,
  ...anagrafeLoadContract,
  ...pagopaContract,
  ...cieContract,
  ...cardContract,
  ...demoContract,
  ...setupContract,
  ...auditContract,
  ...ioContract,
  ...statsContract,
};

export type Contract = typeof contract;
export type ProcedureName = keyof Contract;
export type InputOf<N extends ProcedureName> = z.input<Contract[N]['input']>;
export type ParsedInputOf<N extends ProcedureName> = z.output<Contract[N]['input']>;
export type OutputOf<N extends ProcedureName> = z.output<Contract[N]['output']>;

export const events = {
  /** The session changed: login, logout, lock (idle or shortcut), unlock. */
  session: SessionView,
  /** Queue and platform state changed (item sent, platform up or down). */
  sync: SyncStatusView,
};

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export function isProcedureName(name: string): name is ProcedureName {
  return Object.hasOwn(contract, name);
}
