import type { Handlers } from '../host/dispatch';
import type { pagopaContract } from '../contracts/pagopa';
import type { AppServices } from './services';

type PagopaHandlers = Pick<Handlers, keyof typeof pagopaContract>;

export function pagopaHandlers(_s: AppServices): PagopaHandlers {
  return {};
}
