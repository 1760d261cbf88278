import type { Handlers } from '../host/dispatch';
import type { cieContract } from '../contracts/cie';
import type { AppServices } from './services';

type CieHandlers = Pick<Handlers, keyof typeof cieContract>;

export function cieHandlers(_s: AppServices): CieHandlers {
  return {};
}
