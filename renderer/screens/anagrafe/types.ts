import type { OutputOf } from '../../../electron/contract';

/** The Comune's registry facts every form needs. Its own module so the screens and the forms import no circle. */
export type AnagrafeInfo = OutputOf<'anagrafe.info'>;
