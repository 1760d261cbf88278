/**
 * A 6001 certificate request whose outcome is unknown (ANPR issued the certificate, the answer was
 * lost on the way back) is sent again with the same idOperazioneComune, and ANPR answers with the
 * certificate it already issued: one pratica, one certificate, in "Certificati pronti" once, its
 * PDF the one ANPR issued the first time, its QR seal intact (pdftoppm + zbarimg, when installed). Queued while ANPR is down, it arrives after reconnection.
 * Real demo wiring and sync engine, the ANPR simulator over HTTP with its fault injection; every
 * 6001 answer checked against the official XSD when present.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createXsdValidator } from '../../../simulators/anpr/xsd-validate';
import { ANPR_XSD_DIR, haveAnprXsd, startAnprApp, type AnprApp } from '../../support/anpr-app';

async function until(what: () => string, cond: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Resident {
  id: string;
  codice_fiscale: string;
  cognome: string;
  nome: string;
  sesso: string;
  data_nascita: string;
}

const haveTools = ['pdftoppm', 'zbarimg'].every((t) => spawnSync(t, ['-h']).error === undefined);

/** The QR code on a PDF's first page, rasterised with pdftoppm and read with zbarimg. */
function qrOf(pdfBase64: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-cert-'));
  try {
    writeFileSync(join(dir, 'c.pdf'), Buffer.from(pdfBase64, 'base64'));
    execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', join(dir, 'c.pdf'), join(dir, 'c')]);
    return execFileSync('zbarimg', ['--quiet', '--raw', join(dir, 'c.png')], { encoding: 'utf8' }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const idOperazioneAnprOf = (answer: string) => /<idOperazioneANPR>(\d+)<\/idOperazioneANPR>/.exec(answer)?.[1];

describe('a 6001 sent again never yields a second certificate', { timeout: 180_000 }, () => {
  let env: AnprApp;
  let residents: Resident[];

  beforeAll(async () => {
    env = await startAnprApp({ syncTuning: { probeDownMs: 100, probeUpMs: 60_000, backoffBaseMs: 50, backoffCapMs: 300 } });
    residents = env.app.services.db
      .prepare(
        `SELECT id, codice_fiscale, cognome, nome, sesso, data_nascita FROM anagrafe_person
         WHERE status = 'residente' AND codice_fiscale IS NOT NULL ORDER BY id LIMIT 2`,
      )
      .all() as Resident[];
    // ANPR knows the Comune's residents.
    for (const r of residents)
      env.sim.addSubject({
        codiceFiscale: r.codice_fiscale,
        cognome: r.cognome,
        nome: r.nome,
        sesso: r.sesso,
        dataNascita: r.data_nascita,
      });
  }, 120_000);

  afterAll(async () => {
    await env?.close();
  });

  const sixThousandOne = () => env.answers.filter((a) => a.includes('Risposta6001'));
  const pratica = (id: string) =>
    env.app.services.db.prepare('SELECT state, id_operazione_comune, id_operazione_anpr FROM anagrafe_pratica WHERE id = ?').get(id) as {
      state: string;
      id_operazione_comune: string;
      id_operazione_anpr: string | null;
    };

  it('answer lost after ANPR issued it: resent with the same id, the same certificate comes back', async () => {
    env.sims.setFaults({ resetRate: 1 });
    const before = sixThousandOne().length;
    const req = await env.call('anagrafe.certificate.request', { personId: residents[0].id, tipi: ['8'] });
    expect(req.ok, JSON.stringify(req.error)).toBe(true);
    const praticaId = req.data.praticaId as string;
    // ANPR issues the certificate; the answer is lost on the way back (every call fails meanwhile,
    // the line's probes too), so the outcome is unknown to the counter.
    try {
      await until(
        () => `${sixThousandOne().length - before} answers`,
        () => sixThousandOne().length - before >= 1,
      );
      expect(pratica(praticaId).state).toBe('in_attesa');
    } finally {
      env.sims.setFaults({});
    }
    await until(
      () => JSON.stringify(pratica(praticaId)),
      () => pratica(praticaId).state === 'applicata',
    );
    const mine = sixThousandOne().slice(before);
    const ids = new Set(mine.map(idOperazioneAnprOf));
    expect(ids.size, 'one certificate: every answer is the first one, replayed').toBe(1);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(env.sims.stats().anpr.repeats).toBeGreaterThanOrEqual(1);
    const [idAnpr] = [...ids];
    expect(pratica(praticaId).id_operazione_anpr).toBe(idAnpr);

    const ready = await env.call('anagrafe.certificate.ready');
    const rows = (ready.data as { praticaId: string; idOperazioneAnpr: string; printedAt: string | null; tipi: string[] }[]).filter(
      (c) => c.praticaId === praticaId,
    );
    expect(rows).toEqual([expect.objectContaining({ idOperazioneAnpr: idAnpr, printedAt: null, tipi: ['8'] })]);
    const pdf = await env.call('anagrafe.certificate.download', { praticaId });
    const text = Buffer.from(pdf.data.pdfBase64, 'base64').toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toContain(`operazione ${idAnpr}`);
    // ANPR's QR seal came through intact: it names the operation that issued this certificate.
    if (haveTools)
      expect(qrOf(pdf.data.pdfBase64)).toMatch(new RegExp(`^SIM-ANPR\\|${idAnpr}\\|${residents[0].codice_fiscale}\\|8\\|[0-9a-f]{16}$`));
    const after = (await env.call('anagrafe.certificate.ready')).data as { praticaId: string; printedAt: string | null }[];
    expect(after.find((c) => c.praticaId === praticaId)?.printedAt).not.toBeNull();
  });

  it('queued while ANPR is down, it arrives after reconnection, to print first', async () => {
    env.sims.setDown(['anpr'], true);
    const req = await env.call('anagrafe.certificate.request', { personId: residents[1].id, tipi: ['12', '8'] });
    expect(req.ok, JSON.stringify(req.error)).toBe(true);
    const praticaId = req.data.praticaId as string;
    const listed = async () => ((await env.call('anagrafe.certificate.ready')).data as { praticaId: string }[]).map((c) => c.praticaId);
    expect(await listed()).not.toContain(praticaId);
    env.sims.setDown(['anpr'], false);
    await until(
      () => JSON.stringify(pratica(praticaId)),
      () => pratica(praticaId).state === 'applicata',
    );
    // Not printed yet: above the one printed in the previous test.
    expect((await listed())[0]).toBe(praticaId);
    const audits = env.app.services.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'certificate.list'").get() as {
      n: number;
    };
    expect(audits.n).toBeGreaterThanOrEqual(4);
  });

  it.skipIf(!haveAnprXsd)('every 6001 answer the simulator gave is valid against 6001certificazione.xsd', async () => {
    const xsd = createXsdValidator(ANPR_XSD_DIR, () => undefined);
    expect(sixThousandOne().length).toBeGreaterThanOrEqual(3);
    for (const a of sixThousandOne()) expect(await xsd.validate(env.payloadOf(a), '6001certificazione.xsd')).toEqual({ ok: true });
  });
});
