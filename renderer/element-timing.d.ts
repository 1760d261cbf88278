// The Element Timing attribute (https://w3c.github.io/element-timing/): marks the confirmations
// whose first paint the latency measurements read (scenario/latency.ts).
import 'react';

declare module 'react' {
  interface HTMLAttributes<T> {
    elementtiming?: string;
  }
}
