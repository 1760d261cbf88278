import type { Handlers } from '../host/dispatch';
import type { cardContract } from '../contracts/card';
import type { AppServices } from './services';

type CardHandlers = Pick<Handlers, keyof typeof cardContract>;

export function cardHandlers(_s: AppServices): CardHandlers {
  return {};
}
