/**
 * Instants shown to a person are in Rome time whatever the PC's time zone: the shared formatter,
 * and no date in the page formatted in the PC's own zone (the Rome rule of the house rules).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { romeDateTimeText } from '../../electron/core/rome-time';
import { ROOT } from '../support/serve';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('instants shown in Rome time', () => {
  it('formats an instant as Rome reads it, summer and winter time alike', () => {
    expect(romeDateTimeText('2026-07-01T22:30:00Z')).toBe('02/07/2026, 00:30'); // UTC+2
    expect(romeDateTimeText('2026-12-06T23:05:00.000Z')).toBe('07/12/2026, 00:05'); // UTC+1
    expect(romeDateTimeText(new Date('2026-03-29T00:59:00Z'))).toBe('29/03/2026, 01:59'); // the last minute before the change
    expect(romeDateTimeText(Date.parse('2026-03-29T01:00:00Z'))).toBe('29/03/2026, 03:00');
  });

  it("the page formats no date in the PC's own time zone", () => {
    const found = sources(join(ROOT, 'renderer')).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const calls = [...text.matchAll(/new Date\([^)]*\)\.toLocale\w*String\(([^)]*)\)|new Intl\.DateTimeFormat\(([^)]*)\)/g)];
      return calls.filter((m) => !/timeZone/.test(m[1] ?? m[2] ?? '')).map((m) => `${file.slice(ROOT.length)}: ${m[0]}`);
    });
    expect(found, "use romeDateTimeText (electron/core/rome-time) or give timeZone: 'Europe/Rome'").toEqual([]);
  });
});
