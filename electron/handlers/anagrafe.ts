import type { Handlers } from '../host/dispatch';
import type { anagrafeContract } from '../contracts/anagrafe';
import type { AppServices } from './services';

type AnagrafeHandlers = Pick<Handlers, keyof typeof anagrafeContract>;

export function anagrafeHandlers(_s: AppServices): AnagrafeHandlers {
  return {};
}
