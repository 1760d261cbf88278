/**
 * zod compiles a fast parser (new Function) for each object schema the first time it parses, and
 * that compile made each kind of save slow once: 2–10 ms of a pratica's first save went into it
 * (CPU profiles of the day's scenario). Parsed without it, a pratica payload costs about the same
 * (p50 0.03 ms either way). zod reads this setting when a schema is built, so this module is the
 * first import of the composition root (electron/app.ts), before any schema exists.
 */
import { z } from 'zod';

z.config({ jitless: true });
