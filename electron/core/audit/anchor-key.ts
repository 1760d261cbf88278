import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SportelloError } from '../errors';
import type { KeyProvider, KeySealer } from '../store/key-file';

/**
 * The anchors' MAC key, kept apart from the database key: whoever can rewrite the database cannot
 * also forge an anchor unless they hold this second key too. Same KeyProvider shape as the database
 * key: a 0600 file in browser mode and for the admin CLI, sealed by the OS (safeStorage) on the desktop.
 */
export const ANCHOR_KEY_FILE_NAME = 'sportello-anchors.key';

const KEY_PATTERN = /^[0-9a-f]{64}$/;

const damaged = () =>
  new SportelloError(
    'AUDIT_ANCHOR_KEY_FILE',
    'Il file della chiave delle ancore del registro è danneggiato. Ripristinarlo dal backup della postazione.',
  );

/** A hex key in `<data>/sportello-anchors.key`, created with mode 0600. */
export const anchorKeyFileProvider: KeyProvider = {
  getOrCreateKey(dataDir) {
    const file = join(dataDir, ANCHOR_KEY_FILE_NAME);
    if (existsSync(file)) return readAnchorKeyFile(file);
    const key = randomBytes(32).toString('hex');
    writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return key;
  },
};

/** The key in an existing key file, or null when there is none (verification never creates a key). */
export function existingAnchorKey(dataDir: string): string | null {
  const file = join(dataDir, ANCHOR_KEY_FILE_NAME);
  return existsSync(file) ? readAnchorKeyFile(file) : null;
}

function readAnchorKeyFile(file: string): string {
  const key = readFileSync(file, 'utf8').trim();
  if (!KEY_PATTERN.test(key)) throw damaged();
  return key;
}

/** The anchors' key sealed by the OS in `<data>/sportello-anchors.key.sealed` (desktop app). */
export function sealedAnchorKeyProvider(sealer: KeySealer): KeyProvider {
  return {
    getOrCreateKey(dataDir) {
      const file = join(dataDir, ANCHOR_KEY_FILE_NAME + '.sealed');
      if (existsSync(file)) {
        const key = sealer.unseal(readFileSync(file));
        if (!KEY_PATTERN.test(key)) throw damaged();
        return key;
      }
      const key = randomBytes(32).toString('hex');
      writeFileSync(file, sealer.seal(key), { mode: 0o600, flag: 'wx' });
      return key;
    },
  };
}
