/**
 * What dependency-cruiser cannot see (it checks value imports; an `import type` is erased first):
 * no simulator names electron/platforms/** in any import, types included, except demo.ts's one type,
 * and the ANPR simulator names nothing of electron/ at all. A simulator sharing the client's
 * protocol code, even its types, would agree with the client's mistakes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/serve';

const IMPORT = /\b(?:import|export)\s[^;]*?\bfrom\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|mjs|js|cjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Every relative import of the simulators as `file -> repository path`, with the statement. */
function simulatorImports(): { file: string; target: string; statement: string }[] {
  return sources(join(ROOT, 'simulators')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(IMPORT)]
      .filter((m) => (m[1] ?? m[2]).startsWith('.'))
      .map((m) => ({ file: relative(ROOT, file), target: relative(ROOT, resolve(dirname(file), m[1] ?? m[2])), statement: m[0] })),
  );
}

describe('simulators never share the client’s protocol code, not even a type', () => {
  it('no simulator imports electron/platforms/**, except demo.ts taking the PlatformEndpoints type from wiring', () => {
    const reaching = simulatorImports().filter((i) => i.target.startsWith('electron/platforms/'));
    const allowed = (i: (typeof reaching)[number]) =>
      i.file === 'simulators/demo.ts' &&
      i.target === 'electron/platforms/wiring' &&
      /^import type \{ PlatformEndpoints \} from/.test(i.statement);
    expect(reaching.filter((i) => !allowed(i))).toEqual([]);
  });

  it('the ANPR simulator imports nothing of electron/, renderer/ or native/', () => {
    const reaching = simulatorImports().filter(
      (i) => i.file.startsWith('simulators/anpr/') && /^(electron|renderer|native)\//.test(i.target),
    );
    expect(reaching).toEqual([]);
  });
});
