import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract } from '../../electron/contract';
import { praticaPayload } from '../../electron/core/anagrafe/pratica-model';
import { ROOT } from '../support/serve';
import { birth } from './anagrafe/payloads';

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(e) ? [p] : [];
  });

describe("parsing a save's input", () => {
  it('compiles no code on the first parse of a kind (zod runs jitless)', () => {
    const pratica = birth({ cognome: 'ROSSI', nome: 'MARIO', sesso: 'M', dataNascita: '2026-11-01' });
    const compiled: unknown[] = [];
    const RealFunction = globalThis.Function;
    // zod compiles its fast parsers with `new Function`: count every such construction.
    globalThis.Function = new Proxy(RealFunction, {
      construct(target, args) {
        compiled.push(args);
        return Reflect.construct(target, args);
      },
    });
    try {
      expect(contract['anagrafe.pratica.create'].input.safeParse({ pratica }).success).toBe(true);
      expect(praticaPayload.safeParse(pratica).success).toBe(true);
      expect(
        contract['pagopa.notices.issue'].input.safeParse({
          debtor: { fullName: 'Mario Rossi', codiceFiscale: 'RSSMRA80A01H501U' },
          items: ['CIE-STATO'],
          dueDate: '2026-12-31',
          personId: null,
          appointmentId: null,
        }).success,
      ).toBe(true);
    } finally {
      globalThis.Function = RealFunction;
    }
    expect(compiled).toEqual([]);
  });

  it('is taken from core/zod everywhere, so no schema is built before the setting', () => {
    const direct = ['electron', 'simulators', 'renderer']
      .flatMap((d) => sources(join(ROOT, d)))
      .filter((f) => !f.endsWith(join('electron', 'core', 'zod.ts')))
      .filter((f) => /^import (?!type )[^;]*from 'zod';/m.test(readFileSync(f, 'utf8')));
    expect(direct).toEqual([]);
  });
});
