/** Basic Access Control with the MRZ (ICAO 9303-11 §4.3), the fallback when PACE is not possible. */
import { randomBytes } from 'node:crypto';
import { swHex } from './apdu';
import { concat, equalBytes, xor } from './bytes';
import { CardErrorCode, cardError } from './card-errors';
import type { CardChannel } from './channel';
import { kdf, KDF_ENC, KDF_MAC, pad, retailMac, tdesCbc } from './crypto';
import { type MrzKey, mrzKeyHash } from './mrz';
import { SecureChannel } from './secure-messaging';

export interface BacKeys {
  kEnc: Buffer;
  kMac: Buffer;
}

export function bacKeys(key: MrzKey): BacKeys {
  const seed = mrzKeyHash(key).subarray(0, 16);
  return { kEnc: kdf(seed, KDF_ENC, '3DES'), kMac: kdf(seed, KDF_MAC, '3DES') };
}

export interface BacOptions {
  /** Test hook: RND.IFD (8 bytes) and K.IFD (16 bytes) instead of random ones. */
  rndIfd?: Buffer;
  kIfd?: Buffer;
}

export async function performBac(ch: CardChannel, key: MrzKey, options: BacOptions = {}): Promise<void> {
  let keys: BacKeys;
  try {
    keys = bacKeys(key);
  } catch {
    throw cardError(CardErrorCode.badInput, { field: 'mrz' });
  }
  const challenge = await ch.send({ cla: 0x00, ins: 0x84, p1: 0, p2: 0, ne: 8 });
  if (challenge.sw !== 0x9000 || challenge.data.length !== 8)
    throw cardError(CardErrorCode.protocol, { step: 'get-challenge', sw: swHex(challenge.sw) });
  const rndIc = challenge.data;
  const rndIfd = options.rndIfd ?? randomBytes(8);
  const kIfd = options.kIfd ?? randomBytes(16);
  const eIfd = tdesCbc(keys.kEnc, concat(rndIfd, rndIc, kIfd), true);
  const mIfd = retailMac(keys.kMac, pad(eIfd, 8));
  const resp = await ch.send({ cla: 0x00, ins: 0x82, p1: 0, p2: 0, data: concat(eIfd, mIfd), ne: 40 });
  if (resp.sw !== 0x9000) {
    if (resp.sw >> 8 === 0x63 || resp.sw === 0x6982 || resp.sw === 0x6300)
      throw cardError(CardErrorCode.wrongMrz, { step: 'mutual-auth', sw: swHex(resp.sw) });
    throw cardError(CardErrorCode.protocol, { step: 'mutual-auth', sw: swHex(resp.sw) });
  }
  if (resp.data.length !== 40) throw cardError(CardErrorCode.protocol, { step: 'mutual-auth', reason: 'length' });
  const eIc = resp.data.subarray(0, 32);
  if (!equalBytes(retailMac(keys.kMac, pad(eIc, 8)), resp.data.subarray(32)))
    throw cardError(CardErrorCode.notGenuine, { step: 'mutual-auth', reason: 'chip MAC' });
  const r = tdesCbc(keys.kEnc, eIc, false);
  if (!equalBytes(r.subarray(0, 8), rndIc) || !equalBytes(r.subarray(8, 16), rndIfd))
    throw cardError(CardErrorCode.notGenuine, { step: 'mutual-auth', reason: 'nonces' });
  const seed = xor(kIfd, r.subarray(16, 32));
  const ssc = concat(rndIc.subarray(4, 8), rndIfd.subarray(4, 8));
  ch.sm = new SecureChannel({ cipher: '3DES', ksEnc: kdf(seed, KDF_ENC, '3DES'), ksMac: kdf(seed, KDF_MAC, '3DES') }, ssc);
}
