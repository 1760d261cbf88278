/**
 * XSD validation with xmllint against the official ANPR schemas. When xmllint or the schema
 * folder is missing, validation is skipped with one clear warning (demo mode must still run).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_XSD_DIR = fileURLToPath(new URL('../../../shared/data/anpr/wsdl-comuni', import.meta.url));

export type XsdResult = { ok: true; skipped?: boolean } | { ok: false; error: string };

export interface XsdValidator {
  readonly enabled: boolean;
  validate(xml: string, xsdFile: string): Promise<XsdResult>;
}

function hasXmllint(): boolean {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

export function createXsdValidator(
  dir: string | null = DEFAULT_XSD_DIR,
  warn: (msg: string) => void = (m) => process.stderr.write(m + '\n'),
): XsdValidator {
  const enabled = dir !== null && existsSync(join(dir, 'tipoDato.xsd')) && hasXmllint();
  if (!enabled) {
    warn(
      `[anpr-sim] ATTENZIONE: validazione XSD disattivata (${dir === null ? 'nessuna cartella XSD' : !existsSync(join(dir, 'tipoDato.xsd')) ? `XSD ANPR non trovati in ${dir}` : 'xmllint non installato'}).`,
    );
  }
  return {
    enabled,
    validate(xml, xsdFile) {
      if (!enabled || dir === null) return Promise.resolve({ ok: true, skipped: true });
      return new Promise((resolve) => {
        const child = execFile(
          'xmllint',
          ['--noout', '--nonet', '--schema', join(dir, xsdFile), '-'],
          { timeout: 20_000, maxBuffer: 4 * 1024 * 1024 },
          (err, _stdout, stderr) => {
            if (!err) resolve({ ok: true });
            else
              resolve({
                ok: false,
                error: String(stderr || err.message)
                  .replace(/^-:\d+: /gm, '')
                  .trim()
                  .slice(0, 1000),
              });
          },
        );
        child.stdin?.end(xml);
      });
    },
  };
}
