/**
 * PACE, terminal side (ICAO 9303-11 §4.4, generic mapping for DH and ECDH). On success the channel
 * switches to secure messaging with SSC = 0. The password (CAN or MRZ) only lives in this call.
 */
import { swHex } from './apdu';
import { encodeOid } from './asn1';
import { bigintFromBytes, concat, equalBytes } from './bytes';
import { type PaceInfo } from './card-access';
import { CardErrorCode, cardError } from './card-errors';
import type { CardChannel } from './channel';
import { kdf, KDF_ENC, KDF_MAC, KDF_PACE, smMac, tdesCbc, aesCbc, type SmCipher } from './crypto';
import { type MrzKey, mrzKeyHash } from './mrz';
import { type PaceGroup, paceGroup } from './pace-domain';
import { SecureChannel } from './secure-messaging';
import { parseTlv, parseTlvList, tlv } from './tlv';

export type PacePassword = { can: string } | { mrz: MrzKey };

export interface PaceOptions {
  /** Test hook: fixed private keys (mapping, then key agreement) instead of random ones. */
  privateKeys?: bigint[];
}

export function passwordBytes(password: PacePassword): Buffer {
  if ('can' in password) {
    if (!/^\d{6}$/.test(password.can)) throw cardError(CardErrorCode.badInput, { field: 'can' });
    return Buffer.from(password.can, 'ascii');
  }
  return mrzKeyHash(password.mrz);
}

export function passwordRef(password: PacePassword): number {
  return 'can' in password ? 0x02 : 0x01;
}

export function decryptNonce(cipher: SmCipher, kPi: Buffer, z: Buffer): Buffer {
  return cipher === '3DES' ? tdesCbc(kPi, z, false) : aesCbc(kPi, z, false);
}

export function encryptNonce(cipher: SmCipher, kPi: Buffer, s: Buffer): Buffer {
  return cipher === '3DES' ? tdesCbc(kPi, s, true) : aesCbc(kPi, s, true);
}

/** Authentication token input: 7F49 { OID, public key as 84 (DH, unsigned integer) or 86 (EC point) }. */
export function tokenInput(oid: string, group: PaceGroup, publicKey: Buffer): Buffer {
  const key = group.kind === 'DH' ? tlv(0x84, stripZeros(publicKey)) : tlv(0x86, publicKey);
  return tlv(0x7f49, encodeOid(oid), key);
}

function stripZeros(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

export function authToken(info: PaceInfo, group: PaceGroup, ksMac: Buffer, publicKey: Buffer): Buffer {
  return smMac(info.cipher, ksMac, tokenInput(info.oid, group, publicKey));
}

function dynamicData(resp: Buffer, tag: number, step: string): Buffer {
  try {
    const outer = parseTlv(resp);
    if (outer.tag !== 0x7c) throw new Error('not 7C');
    const inner = parseTlvList(outer.value).find((t) => t.tag === tag);
    if (!inner) throw new Error('missing');
    return inner.value;
  } catch {
    throw cardError(CardErrorCode.protocol, { step, reason: 'malformed GENERAL AUTHENTICATE response' });
  }
}

export interface PaceResult {
  info: PaceInfo;
  ksEnc: Buffer;
  ksMac: Buffer;
}

export async function performPace(ch: CardChannel, info: PaceInfo, password: PacePassword, options: PaceOptions = {}): Promise<PaceResult> {
  if (info.mapping !== 'DH-GM' && info.mapping !== 'ECDH-GM') throw cardError(CardErrorCode.unsupported, { mapping: info.mapping });
  const group = info.parameterId === null ? null : paceGroup(info.parameterId);
  if (!group) throw cardError(CardErrorCode.unsupported, { parameterId: info.parameterId });
  if (group.kind === 'DH' && !ch.extendedLength) throw cardError(CardErrorCode.noExtendedApdu, { step: 'pace' });
  const keys = [...(options.privateKeys ?? [])];
  const nextKey = () => keys.shift() ?? group.randomScalar();
  // DH public keys (256 bytes for the CIE's group) need extended length both ways.
  const ne = group.kind === 'DH' ? 65536 : 256;
  const wrongPassword = 'can' in password ? CardErrorCode.wrongCan : CardErrorCode.wrongMrz;

  // MSE:Set AT — select the protocol and the password.
  const mse = await ch.send({
    cla: 0x00,
    ins: 0x22,
    p1: 0xc1,
    p2: 0xa4,
    data: concat(tlv(0x80, encodeOid(info.oid).subarray(2)), tlv(0x83, Buffer.from([passwordRef(password)]))),
  });
  if (mse.sw !== 0x9000) {
    if (mse.sw >> 8 === 0x63) throw cardError(wrongPassword, { step: 'mse', sw: swHex(mse.sw) });
    throw cardError(CardErrorCode.protocol, { step: 'mse', sw: swHex(mse.sw) });
  }

  const ga = async (last: boolean, data: Buffer, step: string) => {
    const r = await ch.send({ cla: last ? 0x00 : 0x10, ins: 0x86, p1: 0, p2: 0, data: tlv(0x7c, data), ne });
    if (r.sw !== 0x9000) {
      // DH public keys only fit extended APDUs: a wrong-length answer means the reader (or its driver) cut them.
      if (r.sw === 0x6700 && group.kind === 'DH') throw cardError(CardErrorCode.noExtendedApdu, { step, sw: '6700' });
      if (r.sw >> 8 === 0x63 || r.sw === 0x6982 || (last && r.sw === 0x6a80)) throw cardError(wrongPassword, { step, sw: swHex(r.sw) });
      throw cardError(CardErrorCode.protocol, { step, sw: swHex(r.sw) });
    }
    return r.data;
  };

  // 1. Encrypted nonce.
  const z = dynamicData(await ga(false, Buffer.alloc(0), 'ga-nonce'), 0x80, 'ga-nonce');
  const kPi = kdf(passwordBytes(password), KDF_PACE, info.cipher, info.keyLength);
  const s = bigintFromBytes(decryptNonce(info.cipher, kPi, z));

  // 2. Generic mapping.
  const mapKey = nextKey();
  const mapPub = group.multiply(group.generator(), mapKey);
  const chipMapPub = dynamicData(await ga(false, tlv(0x81, group.encode(mapPub)), 'ga-map'), 0x82, 'ga-map');
  let mapped;
  try {
    mapped = group.map(s, group.multiply(group.decode(chipMapPub), mapKey));
  } catch {
    throw cardError(CardErrorCode.protocol, { step: 'ga-map', reason: 'invalid chip mapping key' });
  }

  // 3. Key agreement on the mapped generator.
  const ephKey = nextKey();
  const ephPub = group.encode(group.multiply(mapped, ephKey));
  const chipPubBytes = dynamicData(await ga(false, tlv(0x83, ephPub), 'ga-agree'), 0x84, 'ga-agree');
  let chipPub;
  try {
    chipPub = group.decode(chipPubBytes);
  } catch {
    throw cardError(CardErrorCode.protocol, { step: 'ga-agree', reason: 'invalid chip key' });
  }
  if (equalBytes(group.encode(chipPub), ephPub))
    throw cardError(CardErrorCode.notGenuine, { step: 'ga-agree', reason: 'chip echoed our key' });
  const k = group.sharedSecret(group.multiply(chipPub, ephKey));
  const ksEnc = kdf(k, KDF_ENC, info.cipher, info.keyLength);
  const ksMac = kdf(k, KDF_MAC, info.cipher, info.keyLength);

  // 4. Mutual authentication with tokens.
  const ourToken = authToken(info, group, ksMac, group.encode(chipPub));
  const chipToken = dynamicData(await ga(true, tlv(0x85, ourToken), 'ga-token'), 0x86, 'ga-token');
  if (!equalBytes(chipToken, authToken(info, group, ksMac, ephPub)))
    throw cardError(CardErrorCode.notGenuine, { step: 'ga-token', reason: 'chip token does not verify' });

  ch.sm = new SecureChannel({ cipher: info.cipher, ksEnc, ksMac }, Buffer.alloc(info.cipher === '3DES' ? 8 : 16));
  return { info, ksEnc, ksMac };
}

/** SHA-1 of a password, exported for tests that check K_pi against published values. */
export function paceKeyFromPassword(password: PacePassword, info: Pick<PaceInfo, 'cipher' | 'keyLength'>): Buffer {
  return kdf(passwordBytes(password), KDF_PACE, info.cipher, info.keyLength);
}
