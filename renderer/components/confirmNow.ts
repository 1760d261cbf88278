import { startTransition } from 'react';
import { flushSync } from 'react-dom';

/**
 * After a save answered: the confirmation is drawn at once, in this task (the clerk waits for it;
 * a normal update would wait for React's next scheduled turn). What else the answer changes on
 * screen follows as a non-urgent update, drawn right after without holding the confirmation back.
 */
export function confirmNow(confirmation: () => void, rest?: () => void): void {
  flushSync(confirmation);
  if (rest) startTransition(rest);
}
