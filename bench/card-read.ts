/**
 * APDUs and time for a NIS read (verified) and a PACE-CAN + DG1 + DG11 + EF.SOD read, over the real
 * pcscd + vpcd virtual reader when the test bed can run here (root), else over the in-process card.
 * Baseline in the same run: short READ BINARY chunks (0xE7 under 3DES SM, 256 in clear), as most
 * SDKs do; "large" uses extended Le (4 KiB chunks), which the virtual CIE allows.
 * Run: node --import tsx bench/card-read.ts [rounds]
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCardAccess } from '../electron/core/card/card-access';
import { CardChannel } from '../electron/core/card/channel';
import { readTlvFile } from '../electron/core/card/files';
import { readAndVerifyNis } from '../electron/core/card/nis';
import { performPace } from '../electron/core/card/pace';
import { loadCertificates } from '../electron/core/card/passive-auth';
import type { Reader } from '../electron/core/card/reader';
import { InProcessReader } from '../simulators/cie-card/in-process-reader';
import { personalise } from '../simulators/cie-card/personalise';
import { startCieTestbed, testbedUnavailableReason } from '../simulators/cie-card/testbed';
import { VirtualCie } from '../simulators/cie-card/virtual-cie';

const rounds = Number(process.argv[2] ?? 5);

async function nisRead(reader: Reader, cscas: ReturnType<typeof loadCertificates>, chunk: number) {
  const conn = await reader.connect();
  const ch = new CardChannel(conn);
  const t = performance.now();
  // readAndVerifyNis reads 1005/1006 with the channel's defaults; emulate short reads by turning extended off for reads.
  const chNis = chunk > 256 ? ch : new CardChannel(conn, { extendedLength: false });
  const r = await readAndVerifyNis(chNis, cscas);
  const ms = performance.now() - t;
  await conn.close();
  if (!r.verification.chipGenuine || !r.verification.passiveAuth.ok) throw new Error('NIS not verified');
  return { apdus: chNis.apduCount, ms };
}

async function paceRead(reader: Reader, can: string, chunk: number) {
  const conn = await reader.connect();
  const ch = new CardChannel(conn);
  const t = performance.now();
  await ch.send({ cla: 0, ins: 0xa4, p1: 0, p2: 0x0c, data: Buffer.from('3F00', 'hex') });
  const [info] = parseCardAccess(await readTlvFile(ch, 0x1c));
  await performPace(ch, info, { can });
  await ch.send({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: Buffer.from('A0000002471001', 'hex') });
  let bytes = 0;
  for (const sfi of [0x01, 0x0b, 0x1d]) bytes += (await readTlvFile(ch, sfi, { extendedChunk: chunk })).length;
  const ms = performance.now() - t;
  await conn.close();
  return { apdus: ch.apduCount, ms, bytes };
}

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const reason = testbedUnavailableReason();
  let reader: Reader;
  let cleanup: () => Promise<void>;
  let cscaPem: string;
  let can: string;
  let where: string;
  if (!reason) {
    const bed = await startCieTestbed();
    await bed.insertCard();
    const { PcscReader } = await import('../native/pcsc-reader');
    const pcsc = new PcscReader();
    await new Promise((r) => setTimeout(r, 300));
    reader = pcsc;
    cscaPem = bed.cscaPem;
    can = bed.personalisation.profile.can;
    where = 'pcscd + vpcd + virtual CIE (private netns)';
    cleanup = async () => {
      await pcsc.close();
      await bed.stop();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-cie-'));
    const p = await personalise(dir);
    reader = new InProcessReader(new VirtualCie(p.profile));
    cscaPem = readFileSync(p.cscaPemPath, 'utf8');
    can = p.profile.can;
    where = `in-process virtual CIE (${reason})`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  try {
    const cscas = loadCertificates(cscaPem);
    console.log(`card-read benchmark over ${where}, ${rounds} rounds, medians`);
    for (const [name, run] of [
      ['NIS read + verification (SOD, chain, INTERNAL AUTHENTICATE)', (chunk: number) => nisRead(reader, cscas, chunk)],
      ['PACE-CAN (DH-GM-3DES) + DG1 + DG11 + EF.SOD', (chunk: number) => paceRead(reader, can, chunk)],
    ] as const) {
      const results: Record<string, { apdus: number; ms: number }> = {};
      for (const [label, chunk] of [
        ['baseline short reads', 0xe7],
        ['large extended reads', 0x1000],
      ] as const) {
        const runs = [];
        for (let i = 0; i < rounds; i++) runs.push(await run(chunk));
        results[label] = { apdus: runs[0].apdus, ms: median(runs.map((r) => r.ms)) };
        console.log(`  ${name} | ${label}: ${results[label].apdus} APDUs, ${results[label].ms.toFixed(1)} ms`);
      }
      const b = results['baseline short reads'];
      const l = results['large extended reads'];
      console.log(`  ${name} | ratio large/baseline: APDUs ${(l.apdus / b.apdus).toFixed(2)}, time ${(l.ms / b.ms).toFixed(2)}`);
    }
  } finally {
    await cleanup();
  }
}

await main();
