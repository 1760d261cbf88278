import { lazy, Suspense } from 'react';
import { statsText as m } from '../messages/stats';

const Riepilogo = lazy(() => import('./Riepilogo').then((x) => ({ default: x.Riepilogo })));

/** The Riepilogo loads chart.js (about 160 KB minified) when it opens, not with the counter's first page. */
export function RiepilogoScreen() {
  return (
    <Suspense fallback={<p>{m.loading}</p>}>
      <Riepilogo />
    </Suspense>
  );
}
