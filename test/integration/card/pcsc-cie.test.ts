// Through the real pcscd + vpcd (private netns, private socket) and the virtual CIE, with the native
// PC/SC reader: NIS, PACE-CAN and BAC reads with passive authentication, and the failure modes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardErrorCode } from '../../../electron/core/card/card-errors';
import { loadCertificates } from '../../../electron/core/card/passive-auth';
import type { ReaderEvent } from '../../../electron/core/card/reader';
import { CardService } from '../../../electron/core/card/service';
import { type CieTestbed, startCieTestbed, testbedUnavailableReason } from '../../../simulators/cie-card/testbed';

const unavailable = testbedUnavailableReason();
if (unavailable) console.warn(`skipping PC/SC CIE tests: ${unavailable}`);

describe.skipIf(unavailable !== null)('CIE through pcscd + vpcd', { timeout: 90_000 }, () => {
  let bed: CieTestbed;
  let reader: import('../../../native/pcsc-reader').PcscReader;
  const events: ReaderEvent[] = [];
  let svc: CardService;

  beforeAll(async () => {
    bed = await startCieTestbed();
    // Imported after the test bed set PCSCLITE_CSOCK_NAME, so libpcsclite talks to our pcscd.
    const { PcscReader } = await import('../../../native/pcsc-reader');
    reader = new PcscReader({ retryMs: 300 });
    reader.onEvent((e) => events.push(e));
    svc = new CardService({ reader, readerName: bed.readerName, cscas: () => loadCertificates(bed.cscaPem) });
    await bed.insertCard();
  }, 120_000);

  afterAll(async () => {
    await reader?.close();
    await bed?.stop();
  });

  const waitEvent = async (pred: (e: ReaderEvent) => boolean, from: number, ms = 10_000) => {
    const until = Date.now() + ms;
    while (!events.slice(from).some(pred)) {
      if (Date.now() > until) throw new Error('event not seen: ' + JSON.stringify(events.slice(from).map((e) => e.type)));
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('sees the reader and the card', async () => {
    await waitEvent((e) => e.type === 'card-inserted' && e.reader === bed.readerName, 0);
    expect(reader.readersWithCard()).toContain(bed.readerName);
  });

  it('reads and verifies the NIS', async () => {
    const r = await svc.readNis();
    expect(r.nis).toBe(bed.personalisation.profile.nis);
    expect(r.verification).toMatchObject({ chipGenuine: true, passiveAuthentication: 'passed' });
  });

  it('reads DG1, DG11, DG2 with PACE-CAN (DH-GM-3DES, extended APDUs) and passes passive authentication', async () => {
    const r = await svc.readIdentity({ can: bed.personalisation.profile.can });
    expect(r.access).toBe('PACE-CAN');
    expect(r.identity).toMatchObject({ surname: 'ROSSI', givenNames: 'MARIO', codiceFiscale: 'RSSMRA80A01H501U', birthDate: '1980-01-01' });
    expect(r.verification).toMatchObject({ chipGenuine: true, passiveAuthentication: 'passed' });
    expect(r.verification.csca).toContain('Sportello Test CSCA');
    expect(r.photo?.width).toBe(180);
    // The extended GENERAL AUTHENTICATE really went through pcscd.
    expect(bed.pcscdLog()).toMatch(/10 86 00 00 00 01 08/i);
  });

  it('reads with BAC and the MRZ', async () => {
    const bac = new CardService({ reader, readerName: bed.readerName, extendedLength: false, cscas: () => loadCertificates(bed.cscaPem) });
    const m = bed.personalisation.profile.mrz;
    const r = await bac.readIdentity({ mrz: m });
    expect(r.access).toBe('BAC');
    expect(r.verification.passiveAuthentication).toBe('passed');
    expect(r.identity.documentNumber).toBe(m.documentNumber);
  });

  it('says the CAN is wrong, then reads with the right one', async () => {
    await expect(svc.readIdentity({ can: '000000' })).rejects.toMatchObject({ code: CardErrorCode.wrongCan });
    expect((await svc.readIdentity({ can: bed.personalisation.profile.can })).identity.surname).toBe('ROSSI');
  });

  it('says the reader cannot pass extended APDUs', async () => {
    await bed.insertCard({ noExtended: true });
    await expect(svc.readIdentity({ can: bed.personalisation.profile.can })).rejects.toMatchObject({ code: CardErrorCode.noExtendedApdu });
    await bed.insertCard();
  });

  it('refuses a forged SOD, then reads a genuine card', async () => {
    await bed.insertCard({ forgedSod: true });
    const err = await svc.readIdentity({ can: bed.personalisation.profile.can }).catch((e) => e);
    expect(err.code).toBe(CardErrorCode.notGenuine);
    await bed.insertCard();
    expect((await svc.readIdentity({ can: bed.personalisation.profile.can })).verification.passiveAuthentication).toBe('passed');
  });

  it('says the card was moved away mid-read, and reads again once it is back', async () => {
    await bed.insertCard({ pullAfter: 19, awayMs: 1500 });
    const from = events.length;
    await expect(svc.readIdentity({ can: bed.personalisation.profile.can })).rejects.toMatchObject({ code: CardErrorCode.removed });
    await waitEvent((e) => e.type === 'card-removed', from);
    await waitEvent((e) => e.type === 'card-inserted', events.findIndex((e, i) => i >= from && e.type === 'card-removed') + 1);
    expect((await svc.readIdentity({ can: bed.personalisation.profile.can })).identity.surname).toBe('ROSSI');
  });

  it('survives a pcscd restart: service errors while it is down, reads again after', async () => {
    const from = events.length;
    const restart = bed.restartPcscd();
    await waitEvent((e) => e.type === 'service-lost', from);
    await restart;
    await waitEvent((e) => e.type === 'service-restored', from, 15_000);
    const r = await svc.readNis();
    expect(r.nis).toBe(bed.personalisation.profile.nis);
  });
});
