import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SportelloError } from '../errors';
import type { DbKey } from './open';

/**
 * Where the database key comes from. The desktop app seals it with Electron safeStorage
 * (electron/main.ts); browser mode and the admin CLI use a key file readable only by its owner.
 */
export interface KeyProvider {
  /** Returns the key, creating it on first use. */
  getOrCreateKey(dataDir: string): DbKey;
}

export const KEY_FILE_NAME = 'sportello.key';

/** A hex key in `<data>/sportello.key`, created with mode 0600. */
export const keyFileProvider: KeyProvider = {
  getOrCreateKey(dataDir) {
    const file = join(dataDir, KEY_FILE_NAME);
    if (existsSync(file)) {
      const key = readFileSync(file, 'utf8').trim();
      if (!/^[0-9a-f]{64}$/.test(key)) {
        throw new SportelloError(
          'STORE_KEY_FILE',
          'Il file della chiave del database è danneggiato. Ripristinare il file dal backup della postazione.',
        );
      }
      return key;
    }
    const key = randomBytes(32).toString('hex');
    writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return key;
  },
};

/** Seals and unseals a key with an OS facility (Electron safeStorage); kept abstract for tests. */
export interface KeySealer {
  seal(plain: string): Buffer;
  unseal(sealed: Buffer): string;
}

/** A key sealed by the OS in `<data>/sportello.key.sealed`. */
export function sealedKeyProvider(sealer: KeySealer): KeyProvider {
  return {
    getOrCreateKey(dataDir) {
      const file = join(dataDir, KEY_FILE_NAME + '.sealed');
      if (existsSync(file)) return sealer.unseal(readFileSync(file));
      const key = randomBytes(32).toString('hex');
      writeFileSync(file, sealer.seal(key), { mode: 0o600, flag: 'wx' });
      return key;
    },
  };
}
