/**
 * The NIS (Numero Identificativo per i Servizi) on the IAS side of the CIE, read without PIN or CAN,
 * and its verification per the IPZS "pinless" protocol: EF.SOD (1006) over EF.ID_Servizi (1001, group
 * A1) and EF.Servizi_Int.Kpub (1005, group A5), then INTERNAL AUTHENTICATE with that RSA key.
 */
import { randomBytes, type X509Certificate } from 'node:crypto';
import { swHex } from './apdu';
import { bigintFromBytes, bigintToBytes, equalBytes, modPow } from './bytes';
import { CardErrorCode, cardError } from './card-errors';
import type { CardChannel } from './channel';
import { readTlvFile } from './files';
import { passiveAuthentication, type PassiveAuthResult } from './passive-auth';
import { parseTlv, parseTlvList } from './tlv';

const AID_IAS = Buffer.from('A0000000308000000009816001', 'hex');
const AID_CIE = Buffer.from('A00000000039', 'hex');
export const NIS_GROUP = 0xa1;
export const KPUB_GROUP = 0xa5;

/** Selects DF_CIE (IAS application first; SELECT MF on chips that answer 6A82). Not a CIE → CARD_NOT_CIE. */
export async function selectCieApplication(ch: CardChannel): Promise<void> {
  const ias = await ch.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: AID_IAS });
  if (ias.sw === 0x6a82) await ch.send({ cla: 0x00, ins: 0xa4, p1: 0x00, p2: 0x00 });
  const cie = await ch.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: AID_CIE });
  if (cie.sw !== 0x9000) throw cardError(CardErrorCode.notCie, { step: 'select-df-cie', sw: swHex(cie.sw) });
}

/** READ BINARY of SFI 1 (EF.ID_Servizi): 12 ASCII digits. */
export async function readNisValue(ch: CardChannel): Promise<{ nis: string; raw: Buffer }> {
  const r = await ch.send({ cla: 0x00, ins: 0xb0, p1: 0x81, p2: 0x00, ne: 12 });
  const nis = r.data.toString('latin1');
  if (r.sw !== 0x9000 || !/^\d{12}$/.test(nis)) throw cardError(CardErrorCode.notCie, { step: 'read-nis', sw: swHex(r.sw) });
  return { nis, raw: Buffer.from(r.data) };
}

async function selectAndRead(ch: CardChannel, fid: number): Promise<Buffer> {
  const sel = await ch.send({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Buffer.from([fid >> 8, fid & 0xff]) });
  if (sel.sw !== 0x9000) throw cardError(CardErrorCode.notCie, { step: `select-${fid.toString(16)}`, sw: swHex(sel.sw) });
  return readTlvFile(ch, null);
}

export interface RsaPublicKey {
  modulus: bigint;
  exponent: bigint;
  modulusLength: number;
}

/** EF.Servizi_Int.Kpub: a constructed TLV whose first two children are modulus and exponent. */
export function parseKpub(bytes: Uint8Array): { key: RsaPublicKey; tlv: Buffer } {
  const outer = parseTlv(bytes);
  const [n, e] = parseTlvList(outer.value);
  let mod = n.value;
  while (mod.length > 1 && mod[0] === 0) mod = mod.subarray(1);
  return {
    key: { modulus: bigintFromBytes(mod), exponent: bigintFromBytes(e.value), modulusLength: mod.length },
    tlv: Buffer.from(outer.raw),
  };
}

/** INTERNAL AUTHENTICATE with key 0x83: the last 16 bytes of the RSA public operation must be our challenge. */
export async function internalAuthenticate(ch: CardChannel, key: RsaPublicKey, challenge = randomBytes(16)): Promise<boolean> {
  const mse = await ch.send({ cla: 0x00, ins: 0x22, p1: 0x41, p2: 0xa4, data: Buffer.from('800102840183', 'hex') });
  if (mse.sw !== 0x9000) return false;
  const r = await ch.send({ cla: 0x00, ins: 0x88, p1: 0x00, p2: 0x00, data: challenge, ne: 256 });
  if (r.sw !== 0x9000 || r.data.length === 0) return false;
  const recovered = bigintToBytes(modPow(bigintFromBytes(r.data), key.exponent, key.modulus), key.modulusLength);
  return equalBytes(recovered.subarray(recovered.length - 16), challenge);
}

export interface NisVerification {
  /** The chip proved it holds the private key whose public key the SOD certifies. */
  chipGenuine: boolean;
  passiveAuth: PassiveAuthResult;
}

export interface NisReading {
  nis: string;
  verification: NisVerification;
}

export async function readAndVerifyNis(ch: CardChannel, cscas: X509Certificate[], now = new Date()): Promise<NisReading> {
  await selectCieApplication(ch);
  const { nis, raw } = await readNisValue(ch);
  const kpubFile = await selectAndRead(ch, 0x1005);
  const sod = await selectAndRead(ch, 0x1006);
  let parsed;
  try {
    parsed = parseKpub(kpubFile);
  } catch {
    throw cardError(CardErrorCode.notGenuine, { step: 'kpub', reason: 'malformed' });
  }
  const passiveAuth = passiveAuthentication(
    sod,
    new Map([
      [NIS_GROUP, raw],
      [KPUB_GROUP, parsed.tlv],
    ]),
    cscas,
    now,
  );
  const chipGenuine = await internalAuthenticate(ch, parsed.key);
  return { nis, verification: { chipGenuine, passiveAuth } };
}
