#!/usr/bin/env node
// Admin commands for a Comune's IT person: see `sportello-admin help`. Runs the bundled back end's
// admin entry (dist/server/admin.mjs), built first when missing or stale; what it says goes to stderr.
import { ensureBuilt } from '../scripts/build.mjs';

await ensureBuilt(['server'], { log: (line) => console.error(line) });
await import('../dist/server/admin.mjs');
