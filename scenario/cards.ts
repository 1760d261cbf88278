/**
 * The citizens' CIEs: one virtual card per card holder of the day, personalised before opening
 * (each with its own test CSCA, which the responsabile trusts at setup), and the real pcscd test
 * bed where the clerk lays them on the reader one at a time. Needs root and pcscd (see
 * simulators/cie-card/testbed.ts); without them the day runs with typed data and says so.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personalise, type Holder } from '../simulators/cie-card/personalise';
import { startCieTestbed, testbedUnavailableReason, type CieTestbed } from '../simulators/cie-card/testbed';
import type { CardHolder } from './script';

export interface CardDesk {
  /** Why cards cannot be read here (then the clerk types the data), or null. */
  unavailable: string | null;
  /** PEM of every card's CSCA, for the responsabile to trust. */
  cscas: string[];
  /** pcscd's socket: the app must be started with PCSCLITE_CSOCK_NAME set to it. */
  socketPath: string | null;
  /** Lays this citizen's card on the reader. */
  present(holder: CardHolder): Promise<void>;
  stop(): Promise<void>;
}

const holderData = (h: CardHolder): Holder => ({
  surname: h.surname,
  givenNames: h.givenNames,
  sex: h.sex,
  birthDate: h.birthDate,
  birthPlace: h.birthPlace,
  codiceFiscale: h.codiceFiscale,
  address: ['PIAZZA CAVOUR 1', 'BAGNOREGIO', 'VT'],
  documentNumber: h.documentNumber,
  expiryDate: '2031-12-31',
});

export async function openCardDesk(holders: CardHolder[], opts: { disabled?: string } = {}): Promise<CardDesk> {
  const unavailable = opts.disabled ?? (holders.length === 0 ? 'no citizen of this day carries a CIE' : testbedUnavailableReason());
  if (unavailable) {
    return {
      unavailable,
      cscas: [],
      socketPath: null,
      present: async () => {
        throw new Error(unavailable);
      },
      stop: async () => {},
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'sportello-day-cards-'));
  const profiles = new Map<string, string>();
  const cscas: string[] = [];
  let bed: CieTestbed | null = null;
  try {
    for (const h of holders) {
      const p = await personalise(join(dir, h.documentNumber), { holder: holderData(h), can: h.can });
      profiles.set(h.documentNumber, readFileSync(p.profilePath, 'utf8'));
      cscas.push(readFileSync(p.cscaPemPath, 'utf8'));
    }
    // The bed runs one card at a time from one profile file: a citizen's card replaces it there.
    const first = await personalise(join(dir, 'reader-slot'), { holder: holderData(holders[0]), can: holders[0].can });
    cscas.push(readFileSync(first.cscaPemPath, 'utf8'));
    bed = await startCieTestbed({ personalisation: first });
  } catch (e) {
    await bed?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const running = bed;
  return {
    unavailable: null,
    cscas,
    socketPath: running.socketPath,
    async present(h) {
      const profile = profiles.get(h.documentNumber);
      if (!profile) throw new Error(`no card personalised for document ${h.documentNumber}`);
      writeFileSync(running.personalisation.profilePath, profile);
      await running.insertCard();
    },
    async stop() {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
