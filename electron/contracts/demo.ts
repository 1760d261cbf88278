import { z } from '../core/zod';
import { Empty, procedure } from './define';

export const DemoDayStatus = z.object({
  /** idle: never started; down: platforms off, the day is being replayed; back: platforms on again (rural line), the queue drains. */
  phase: z.enum(['idle', 'down', 'back', 'done', 'failed']),
  size: z.enum(['short', 'full']).nullable(),
  served: z.number(),
  citizens: z.number(),
  /** The last thing done, in plain Italian, for the status line. */
  last: z.string().nullable(),
  /** Things a person must look at (the planted errors), in plain Italian. */
  notes: z.array(z.string()),
});

/** "Giornata dimostrativa": the day at the counter replayed by the back end, demo mode only. */
export const demoContract = {
  'demo.day.start': procedure({ input: z.object({ size: z.enum(['short', 'full']) }), output: DemoDayStatus, access: 'responsabile' }),
  'demo.day.status': procedure({ input: Empty, output: DemoDayStatus, access: 'responsabile', activity: false }),
};
