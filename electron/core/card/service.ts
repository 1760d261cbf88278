/**
 * CardService: what the rest of Sportello calls to read a CIE. One exclusive connection per read;
 * the CAN or MRZ is used for PACE/BAC and dropped; nothing personal reaches the log callback.
 */
import type { X509Certificate } from 'node:crypto';
import { isSportelloError } from '../errors';
import { cieChipFromAtr } from './atr';
import { performBac } from './bac';
import { parseCardAccess, type PaceInfo } from './card-access';
import { CardErrorCode, cardError } from './card-errors';
import { CardChannel, readerErrorToCardError } from './channel';
import { type Dg1, type Dg11, parseDg1, parseDg11, parseDg2 } from './data-groups';
import { readTlvFile, type ReadOptions } from './files';
import type { MrzKey } from './mrz';
import { readAndVerifyNis } from './nis';
import { performPace } from './pace';
import { paceGroup } from './pace-domain';
import { passiveAuthentication, type PassiveAuthResult } from './passive-auth';
import { decodeFace } from './photo';
import type { CardConnection, Reader } from './reader';

export type CardAccessKey = { can: string } | { mrz: MrzKey };

export interface CardServiceOptions {
  reader: Reader;
  /** The CSCA list the responsabile maintains (read at every verification, so updates apply at once). */
  cscas: () => X509Certificate[] | Promise<X509Certificate[]>;
  /** Reader to use; default: the first reader holding a card. */
  readerName?: string;
  /** False for readers that cannot pass extended APDUs: no DH-PACE, short reads only. */
  extendedLength?: boolean;
  read?: ReadOptions;
  now?: () => Date;
  /** Structured events without personal data (step names, counts, codes). */
  log?: (event: string, fields: Record<string, unknown>) => void;
}

export interface VerificationSummary {
  /** INTERNAL AUTHENTICATE with the SOD-certified chip key succeeded. */
  chipGenuine: boolean;
  /** EF.SOD signature, chain to a known CSCA and hashes all check out. */
  passiveAuthentication: 'passed' | 'failed';
  /** Subject of the CSCA that issued the document signer, if found. */
  csca: string | null;
  documentSigner: string | null;
  /** Machine-readable reasons when something failed (no personal data). */
  failures: string[];
}

export interface NisResult {
  nis: string;
  verification: VerificationSummary;
  apduCount: number;
}

export interface CieIdentity {
  surname: string;
  givenNames: string;
  sex: 'M' | 'F' | 'X';
  /** YYYY-MM-DD */
  birthDate: string;
  birthPlace: string | null;
  codiceFiscale: string | null;
  /** DG11 address parts, e.g. ["VIA ROMA 1", "ROMA", "RM"]. */
  address: string[] | null;
  nationality: string;
  documentNumber: string;
  /** YYYY-MM-DD */
  documentExpiry: string;
  issuingState: string;
}

export interface IdentityResult {
  identity: CieIdentity;
  photo: { dataUrl: string; width: number; height: number } | null;
  access: 'PACE-CAN' | 'PACE-MRZ' | 'BAC';
  verification: VerificationSummary;
  nis: string | null;
  apduCount: number;
}

function summary(pa: PassiveAuthResult, chipGenuine: boolean, extraFailures: string[] = []): VerificationSummary {
  return {
    chipGenuine,
    passiveAuthentication: pa.ok ? 'passed' : 'failed',
    csca: pa.csca,
    documentSigner: pa.documentSigner,
    failures: [...pa.failures, ...extraFailures, ...(chipGenuine ? [] : ['internal-authentication'])],
  };
}

export function identityFrom(dg1: Dg1, dg11: Dg11 | null): CieIdentity {
  const name = dg11?.fullName;
  const place = dg11?.birthPlace;
  return {
    surname: name?.surname || dg1.surname,
    givenNames: name?.givenNames || dg1.givenNames,
    sex: dg1.sex,
    birthDate: dg11?.birthDate ?? dg1.birthDate,
    birthPlace: place && place.length ? place.join(' ') : null,
    codiceFiscale: dg11?.personalNumber ?? null,
    address: dg11?.address ?? null,
    nationality: dg1.nationality,
    documentNumber: dg1.documentNumber,
    documentExpiry: dg1.expiryDate,
    issuingState: dg1.issuingState,
  };
}

const AID_EMRTD = Buffer.from('A0000002471001', 'hex');

export class CardService {
  constructor(private readonly options: CardServiceOptions) {}

  private log(event: string, fields: Record<string, unknown>) {
    this.options.log?.(event, fields);
  }

  /**
   * One read on a fresh exclusive connection. A card that was just laid on the reader can fail its
   * very first exchange while the reader is still powering it: that case is retried once.
   */
  private async withCard<T>(what: string, run: (ch: CardChannel, conn: CardConnection) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.withCardOnce(what, run);
      } catch (e) {
        const firstExchange = (e as { firstExchange?: boolean }).firstExchange === true;
        if (!firstExchange || attempt >= 3) throw e;
        await new Promise((r) => setTimeout(r, 400));
      }
    }
  }

  private async withCardOnce<T>(what: string, run: (ch: CardChannel, conn: CardConnection) => Promise<T>): Promise<T> {
    const started = Date.now();
    let conn: CardConnection;
    try {
      conn = await this.options.reader.connect(this.options.readerName);
    } catch (e) {
      const mapped = readerErrorToCardError(e);
      this.log('card.connect.failed', { what, code: isSportelloError(mapped) ? mapped.code : 'UNKNOWN' });
      if (isSportelloError(mapped) && mapped.code === CardErrorCode.noCard) Object.defineProperty(mapped, 'firstExchange', { value: true });
      throw mapped;
    }
    const ch = new CardChannel(conn, { extendedLength: this.options.extendedLength });
    try {
      const result = await run(ch, conn);
      this.log('card.read.done', { what, apdus: ch.apduCount, ms: Date.now() - started, chip: cieChipFromAtr(conn.atr) });
      return result;
    } catch (e) {
      this.log('card.read.failed', { what, apdus: ch.apduCount, code: isSportelloError(e) ? e.code : 'UNEXPECTED' });
      if (ch.apduCount <= 1 && isSportelloError(e) && (e.code === CardErrorCode.removed || e.code === CardErrorCode.protocol))
        Object.defineProperty(e, 'firstExchange', { value: true });
      throw e;
    } finally {
      await conn.close().catch(() => {});
    }
  }

  /** Reads and verifies the NIS (no PIN, no CAN). Throws CARD_NOT_GENUINE if verification fails. */
  async readNis(): Promise<NisResult> {
    const cscas = await this.options.cscas();
    return this.withCard('nis', async (ch) => {
      const r = await readAndVerifyNis(ch, cscas, this.now());
      const verification = summary(r.verification.passiveAuth, r.verification.chipGenuine);
      if (verification.passiveAuthentication !== 'passed' || !verification.chipGenuine)
        throw cardError(CardErrorCode.notGenuine, { step: 'nis', failures: verification.failures });
      return { nis: r.nis, verification, apduCount: ch.apduCount };
    });
  }

  /**
   * Reads the holder's identity with the CAN (PACE) or the MRZ (PACE, or BAC on chips/readers
   * without it), verifies the chip (NIS internal authentication) and the data (passive authentication).
   * Throws CARD_NOT_GENUINE rather than returning data that failed verification.
   */
  async readIdentity(key: CardAccessKey): Promise<IdentityResult> {
    const cscas = await this.options.cscas();
    const readOpts = this.options.read ?? {};
    return this.withCard('identity', async (ch) => {
      // Chip originality first, in clear on the IAS side, before any secure channel exists.
      const nisReading = await readAndVerifyNis(ch, cscas, this.now());

      const paceInfos = await this.readCardAccess(ch);
      const pace = this.choosePace(paceInfos);
      let access: IdentityResult['access'];
      if (pace && (this.options.extendedLength !== false || paceGroup(pace.parameterId!)?.kind === 'EC')) {
        await performPace(ch, pace, key);
        access = 'can' in key ? 'PACE-CAN' : 'PACE-MRZ';
        const sel = await ch.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: AID_EMRTD });
        if (sel.sw !== 0x9000) throw cardError(CardErrorCode.notCie, { step: 'select-emrtd' });
      } else if ('mrz' in key) {
        const sel = await ch.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: AID_EMRTD });
        if (sel.sw !== 0x9000) throw cardError(CardErrorCode.notCie, { step: 'select-emrtd' });
        await performBac(ch, key.mrz);
        access = 'BAC';
      } else if (pace) {
        throw cardError(CardErrorCode.noExtendedApdu, { step: 'pace' });
      } else {
        throw cardError(CardErrorCode.unsupported, { step: 'pace', reason: 'no supported PACEInfo' });
      }
      this.log('card.access.done', { access, apdus: ch.apduCount });

      const dg1 = await readTlvFile(ch, 0x01, readOpts);
      const dg11 = await readTlvFile(ch, 0x0b, readOpts);
      const dg2 = await readTlvFile(ch, 0x02, readOpts);
      const sod = await readTlvFile(ch, 0x1d, readOpts);
      const pa = passiveAuthentication(
        sod,
        new Map([
          [1, dg1],
          [2, dg2],
          [11, dg11],
        ]),
        cscas,
        this.now(),
      );
      const verification = summary(pa, nisReading.verification.chipGenuine, nisReading.verification.passiveAuth.ok ? [] : ['nis-sod']);
      if (!pa.ok || !nisReading.verification.passiveAuth.ok || !nisReading.verification.chipGenuine)
        throw cardError(CardErrorCode.notGenuine, { step: 'identity', failures: verification.failures });

      let identity: CieIdentity;
      try {
        identity = identityFrom(parseDg1(dg1, this.now()), parseDg11(dg11));
      } catch {
        throw cardError(CardErrorCode.protocol, { step: 'parse-dg' });
      }
      let photo: IdentityResult['photo'] = null;
      try {
        photo = await decodeFace(parseDg2(dg2));
      } catch {
        this.log('card.photo.undecodable', {});
      }
      return { identity, photo, access, verification, nis: nisReading.nis, apduCount: ch.apduCount };
    });
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** EF.CardAccess by SFI 1C from the MF; SELECT MF first when the card is elsewhere. */
  private async readCardAccess(ch: CardChannel): Promise<PaceInfo[]> {
    await ch.send({ cla: 0x00, ins: 0xa4, p1: 0x00, p2: 0x0c, data: Buffer.from('3F00', 'hex') });
    try {
      return parseCardAccess(await readTlvFile(ch, 0x1c));
    } catch (e) {
      if (isSportelloError(e) && e.code !== CardErrorCode.protocol) throw e;
      return [];
    }
  }

  private choosePace(infos: PaceInfo[]): PaceInfo | null {
    const usable = infos.filter(
      (i) => (i.mapping === 'DH-GM' || i.mapping === 'ECDH-GM') && i.parameterId !== null && paceGroup(i.parameterId) !== null,
    );
    // EC first when the reader cannot do extended APDUs; otherwise keep the chip's order.
    if (this.options.extendedLength === false) usable.sort((a, b) => Number(a.mapping === 'DH-GM') - Number(b.mapping === 'DH-GM'));
    return usable[0] ?? null;
  }
}
