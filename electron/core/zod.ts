/**
 * zod, as every module of ours uses it: `import { z } from '<…>/core/zod'`, never from 'zod'
 * directly (test/unit/zod-jitless.test.ts checks this).
 *
 * zod compiles a fast parser (new Function) for each object schema the first time it parses, and
 * that compile made each kind of save slow once: 2–10 ms of a pratica's first save went into it
 * (CPU profiles of the day's scenario). Parsed without it, a pratica payload costs about the same
 * (p50 0.03 ms either way). zod reads the setting when a schema is built: taking `z` from here
 * means no schema of ours exists before it is set.
 *
 * Validation messages reach the clerk: every check without a message of its own takes an Italian
 * one from forms/input-messages.ts (never zod's locale text).
 */
import { z } from 'zod';
import { italianInputMessage } from './forms/input-messages';

z.config({ jitless: true, customError: italianInputMessage });

export { z };
