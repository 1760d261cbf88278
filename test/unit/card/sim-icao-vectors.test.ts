// The virtual CIE's own card-side modules against published vectors, typed from their sources; nothing
// of the client's card code is imported here (the card must be able to catch the client's mistakes).
// Sources: ICAO Doc 9303-11 (8th ed.) Appendix D (BAC, secure messaging) and Appendix G.1/G.2 (PACE
// generic mapping; the G.1 APDUs as replayed in gmrtd pace/pace_test.go, the G.2 values as in
// zienit/icao-examples); gmrtd iso7816/secure_messaging_test.go @0cd65dc (AES secure messaging of real
// passports); RFC 4493 §4 (AES-CMAC); X.690 §8.19.5 (OID example); RFC 5114 (via OpenSSL's copy).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseCommand, response } from '../../../simulators/cie-card/apdu-codec';
import { answerMutualAuthenticate, bacKeys } from '../../../simulators/cie-card/bac-card';
import { readObject, readObjects, tlv } from '../../../simulators/cie-card/ber-tlv';
import { cbc, encryptBlock, unpadIso } from '../../../simulators/cie-card/block-cipher';
import { CardSecureSession } from '../../../simulators/cie-card/card-sm';
import { COUNTER_ENC, COUNTER_MAC, COUNTER_PACE, deriveKey, mrzHash, pacePassword } from '../../../simulators/cie-card/kdf';
import { aesCmac, retailMac } from '../../../simulators/cie-card/mac';
import { mrzCheckDigit, mrzKeyString } from '../../../simulators/cie-card/mrz-key';
import { oidContent, oidObject } from '../../../simulators/cie-card/oid';
import { authenticationToken, PaceChip } from '../../../simulators/cie-card/pace-chip';
import { cardGroup, RFC5114 } from '../../../simulators/cie-card/pace-groups';
import { cardAccessFile, PACE_SUITES } from '../../../simulators/cie-card/pace-suites';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const HEX = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
const ICAO_MRZ = { documentNumber: 'L898902C', dateOfBirth: '690806', dateOfExpiry: '940623' };
const APP_D_KS = {
  cipher: '3DES' as const,
  ksEnc: hex('979EC13B1CBFE9DCD01AB0FED307EAE5'),
  ksMac: hex('F1CB1F1FB5ADF208806B89DC579DC1F8'),
};

describe('ISO 7816-4 command APDUs, as the card parses them', () => {
  it('reads the four cases, short and extended', () => {
    expect(parseCommand(hex('00A4000C'))).toEqual({ cla: 0, ins: 0xa4, p1: 0, p2: 0x0c, extended: false });
    expect(parseCommand(hex('00B081000C'))).toMatchObject({ ne: 12, extended: false });
    expect(parseCommand(hex('00B0000000'))).toMatchObject({ ne: 256, extended: false });
    expect(parseCommand(hex('00A4040C06A00000000039'))).toMatchObject({ data: hex('A00000000039'), extended: false });
    expect(parseCommand(hex('00A4040C06A0000000003900'))).toMatchObject({ ne: 256, extended: false });
    expect(parseCommand(hex('00B00000001000'))).toMatchObject({ ne: 0x1000, extended: true });
    // PACE DH step 2 on a CIE: 264 data bytes, Le 0000 = 65536 (research/cie.md §0).
    const ga = parseCommand(Buffer.concat([hex('10860000000108'), Buffer.alloc(264, 1), hex('0000')]));
    expect(ga).toMatchObject({ cla: 0x10, ins: 0x86, ne: 65536, extended: true });
    expect(ga.data?.length).toBe(264);
    const update = parseCommand(Buffer.concat([hex('00D60000000108'), Buffer.alloc(264)]));
    expect(update.extended).toBe(true);
    expect(update.ne).toBeUndefined();
  });

  it('refuses an APDU whose Lc does not match its length', () => {
    expect(() => parseCommand(hex('00A4040C06A000000000'))).toThrow(/Lc/);
    expect(() => parseCommand(hex('00A4040C000002A0'))).toThrow(/Lc/);
    expect(() => parseCommand(hex('00A4'))).toThrow(/header/);
  });
});

describe('BER-TLV and OIDs', () => {
  it('reads and rebuilds EF.COM of Appendix D (two-byte tags)', () => {
    const com = hex('60145F0104303130365F36063034303030305C026175');
    const outer = readObject(com);
    expect(outer.tag).toBe(0x60);
    const inner = readObjects(outer.value);
    expect(inner.map((o) => o.tag)).toEqual([0x5f01, 0x5f36, 0x5c]);
    expect(tlv(0x60, ...inner.map((o) => tlv(o.tag, o.value)))).toEqual(com);
  });

  it('writes long-form lengths (X.690 §8.1.3.5)', () => {
    expect(HEX(tlv(0x87, Buffer.alloc(0x80)).subarray(0, 3))).toBe('878180');
    expect(HEX(tlv(0x7f49, Buffer.alloc(0x104)).subarray(0, 5))).toBe('7F49820104');
    expect(readObject(tlv(0x7f49, Buffer.alloc(0x104))).value.length).toBe(0x104);
  });

  it('encodes the X.690 example and the PACE OIDs of EF.CardAccess', () => {
    expect(HEX(oidObject('2.999.3'))).toBe('0603883703');
    expect(HEX(oidContent('0.4.0.127.0.7.2.2.4.2.2'))).toBe('04007F00070202040202');
    // Every CIE dump (research/cie.md §0) and the G.1 card.
    expect(HEX(cardAccessFile(PACE_SUITES['dh-gm-3des']))).toBe('31143012060A04007F00070202040101020102020102');
    expect(HEX(cardAccessFile(PACE_SUITES['ecdh-gm-aes']))).toBe('31143012060A04007F0007020204020202010202010D');
  });
});

describe('ICAO 9303-11 Appendix D: BAC and 3DES secure messaging, chip side', () => {
  it('computes the check digits, the MRZ information and the keys (D.1, D.2)', () => {
    expect([mrzCheckDigit('L898902C<'), mrzCheckDigit('690806'), mrzCheckDigit('940623')]).toEqual(['3', '1', '6']);
    expect(mrzKeyString(ICAO_MRZ)).toBe('L898902C<369080619406236');
    expect(HEX(mrzHash(ICAO_MRZ).subarray(0, 16))).toBe('239AB9CB282DAF66231DC5A4DF6BFBAE');
    const keys = bacKeys(ICAO_MRZ);
    expect(HEX(keys.kEnc)).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
    expect(HEX(keys.kMac)).toBe('7962D9ECE03D1ACD4C76089DCE131543');
  });

  it('checks the terminal cryptogram and answers with E_ICC ‖ M_ICC, session keys and SSC (D.3)', () => {
    const keys = bacKeys(ICAO_MRZ);
    const command = hex('72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2 5F1448EEA8AD90A7');
    const answer = answerMutualAuthenticate(keys, hex('4608F91988702212'), hex('0B4F80323EB3191CB04970CB4052790B'), command);
    expect(HEX(answer!.response)).toBe('46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449');
    expect(HEX(answer!.session.ksEnc)).toBe(HEX(APP_D_KS.ksEnc));
    expect(HEX(answer!.session.ksMac)).toBe(HEX(APP_D_KS.ksMac));
    expect(HEX(answer!.ssc)).toBe('887022120C06C226');
    // One flipped MAC bit, or another challenge: no answer.
    const tampered = Buffer.from(command);
    tampered[39] ^= 1;
    expect(answerMutualAuthenticate(keys, hex('4608F91988702212'), hex('0B4F80323EB3191CB04970CB4052790B'), tampered)).toBeNull();
    expect(answerMutualAuthenticate(keys, hex('4608F91988702213'), hex('0B4F80323EB3191CB04970CB4052790B'), command)).toBeNull();
  });

  it('opens the protected commands and protects the answers of D.4, byte for byte', () => {
    const card = new CardSecureSession(APP_D_KS, hex('887022120C06C226'));
    const select = card.unwrapCommand(hex('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800'));
    expect(select).toMatchObject({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: hex('011E'), ne: undefined });
    expect(HEX(card.wrapResponse(Buffer.alloc(0), 0x9000))).toBe('990290008E08FA855A5D4C50A8ED9000');
    expect(card.unwrapCommand(hex('0CB000000D9701048E08ED6705417E96BA5500'))).toMatchObject({ ins: 0xb0, p1: 0, p2: 0, ne: 4 });
    expect(HEX(card.wrapResponse(hex('60145F01'), 0x9000))).toBe('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000');
    expect(card.unwrapCommand(hex('0CB000040D9701128E082EA28A70F3C7B53500'))).toMatchObject({ p2: 4, ne: 0x12 });
    expect(HEX(card.wrapResponse(hex('04303130365F36063034303030305C026175'), 0x9000))).toBe(
      '871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000',
    );
    expect(HEX(card.counter())).toBe('887022120C06C22C');
  });

  it('refuses a command with a wrong MAC or out of sequence', () => {
    const tampered = new CardSecureSession(APP_D_KS, hex('887022120C06C226'));
    expect(() => tampered.unwrapCommand(hex('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F900'))).toThrow(/MAC/);
    // The same command replayed one counter later no longer verifies.
    const late = new CardSecureSession(APP_D_KS, hex('887022120C06C227'));
    expect(() => late.unwrapCommand(hex('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800'))).toThrow(/MAC/);
  });

  it('computes E_IFD and the retail MAC with the published intermediate values (D.3)', () => {
    const s = hex('781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B');
    const eIfd = cbc('3DES', hex('AB94FDECF2674FDFB9B391F85D7F76F2'), s, 'encrypt');
    expect(HEX(eIfd)).toBe('72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2');
    expect(HEX(retailMac(hex('7962D9ECE03D1ACD4C76089DCE131543'), Buffer.concat([eIfd, hex('8000000000000000')])))).toBe(
      '5F1448EEA8AD90A7',
    );
  });
});

describe('AES secure messaging, chip side (gmrtd traces of real passports)', () => {
  it('opens a protected MSE:Set AT (AES-128)', () => {
    const keys = { cipher: 'AES' as const, ksEnc: hex('cc86415f2ed7e8fd663b754265695ae1'), ksMac: hex('581e84b8ee06c4d3eee30461498d7fb3') };
    const card = new CardSecureSession(keys, hex('000000000000000000000000000000ba'));
    const plain = card.unwrapCommand(hex('0c2241a41d871101980953d37f67558690045d78a853b18a8e08929767a2cef172e200'));
    expect(plain).toMatchObject({ cla: 0, ins: 0x22, p1: 0x41, p2: 0xa4, data: hex('800a04007f000702020302028401c3') });
    expect(HEX(card.counter())).toBe('000000000000000000000000000000BB');
  });

  it('protects a 220-byte answer exactly as the passport did (AES-128, IV = E(KSenc, SSC))', () => {
    const keys = { cipher: 'AES' as const, ksEnc: hex('a8e85e938514ec67ae33cda3d43d3c48'), ksMac: hex('27f1adeb705a049a305b0c619b14b9b3') };
    const card = new CardSecureSession(keys, hex('0000000000000000000000000000000b'));
    const data = hex(
      'a729901d1a71874700133107ec53306404307bc382c63d8c150c3c72080ace05afa0c2bea28e4fb22787139165efba91f90f8aa5814a503ad4eb04a8c7dd22ce2826043004a8c7dd22ce28268b39b55416f0447c2fb77de107dcd2a62e880ea53eeb62d57cb4390295dbc9943ab78696fa504c110461041d1c64f068cf45ffa2a63a81b7c13f6b8847a3e77ef14fe3db7fcafe0cbd10e8e826e03436d646aaef87b2e247d4af1e8abe1d7520f9c2a45cb1eb8e95cfd55262b70b29feec5864e19c054ff99129280e4646217791811142820341263c53150231008cb91e82a3',
    );
    expect(card.wrapResponse(data, 0x9000).toString('hex')).toBe(
      '8781e1012fabf9e0655d7e987fd28a8aeb19c9cadd990d49399799ed1fe465bcea56da9ba3024291d40d23d7f1e00485d71faddc6d8c1382e8028dd22efdcc72ed47663d56d20dd6c4b867956fe0507313083ae7fc54fb46133f184febbe13ad6fd3e2616a1f4a829e75ada1a0e443ca738288f6014be8a7745d8259b089e6bee35bcc4bf5b63db5fdd84244f67eca099213b70a861b4487225aa68af684278fceb4cb809de42be3ee95b0e0d72bcdb0ed47cb56efc264e04a9397a90e81ad1d81efa2d14b2ca8ec7bd997f4b1c1fd344d5dee8589c38b227ca4cb35810060a7cc76403e990290008e083eb47ef4fa82afc99000',
    );
  });

  it('deciphers a DO87 under AES-256', () => {
    const ksEnc = hex('74b94f408bbb2cd92571fd5b6370a94cce7a2fa42ae3eb4da47b97ce6eaa24c6');
    const ssc = hex('00000000000000000000000000000026');
    const cryptogram = hex('42e919c115faf69350b01813d77a9e8d91912a7f717afd073f199070e61b79c6');
    const plain = unpadIso(cbc('AES', ksEnc, cryptogram, 'decrypt', encryptBlock('AES', ksEnc, ssc)));
    expect(plain.toString('hex')).toBe('04303130385f36063034303030305c06617563766d6e');
  });
});

describe('RFC 4493 §4: AES-CMAC', () => {
  const key = hex('2b7e151628aed2a6abf7158809cf4f3c');
  const m = hex(
    '6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710',
  );
  it.each([
    [0, 'bb1d6929e95937287fa37d129b756746'],
    [16, '070a16b46b4d4144f79bdd9dd04a287c'],
    [40, 'dfa66747de9ae63030ca32611497c827'],
    [64, '51f0bebf7e3b9d92fc49741779363cfe'],
  ])('over %i bytes', (length, mac) => {
    expect(aesCmac(key, m.subarray(0, length)).toString('hex')).toBe(mac);
  });
});

describe('ICAO 9303-11 Appendix G.1: PACE ECDH-GM-AES-128 on brainpoolP256r1, chip side', () => {
  // The terminal's C-APDUs and the chip's R-APDUs of the worked example; the chip's secrets are those of G.1.
  const EXCHANGE: [string, string][] = [
    ['10860000027C0000', '7C12801095A3A016522EE98D01E76CB6B98B42C39000'],
    [
      '10860000457C438141047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D00',
      '7C43824104824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C549000',
    ],
    [
      '10860000457C438341042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB3646200',
      '7C438441049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F0949000',
    ],
    ['008600000C7C0A8508C2B0BD78D94BA86600', '7C0A86083ABB9674BCE93C089000'],
  ];
  const G1_MRZ = { documentNumber: 'T22000129', dateOfBirth: '640812', dateOfExpiry: '101031' };
  const secrets = {
    nonce: hex('3F00C4D39D153F2B2A214A078D899B22'),
    mappingKey: BigInt('0x498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560'),
    ephemeralKey: BigInt('0x107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A'),
  };

  it('accepts the MSE:Set AT of G.1 (protocol OID and MRZ password reference)', () => {
    const mse = parseCommand(hex('0022C1A40F800A04007F00070202040202830101'));
    const objects = readObjects(mse.data!);
    expect(objects.find((o) => o.tag === 0x80)!.value).toEqual(oidContent(PACE_SUITES['ecdh-gm-aes'].oid));
    expect(HEX(objects.find((o) => o.tag === 0x83)!.value)).toBe('01');
  });

  it('answers every GENERAL AUTHENTICATE of G.1 byte for byte and ends with the G.1 session keys', () => {
    const chip = new PaceChip(PACE_SUITES['ecdh-gm-aes'], pacePassword('mrz', '', G1_MRZ), secrets);
    let keys;
    for (const [command, expected] of EXCHANGE) {
      const step = chip.next(readObjects(readObject(parseCommand(hex(command)).data!).value));
      if (step.kind === 'refused') throw new Error(`refused with ${step.sw.toString(16)}`);
      if (step.kind === 'done') keys = step.keys;
      expect(HEX(response(step.data, 0x9000))).toBe(expected);
    }
    expect(HEX(keys!.ksEnc)).toBe('F5F0E35C0D7161EE6724EE513A0D9A7F');
    expect(HEX(keys!.ksMac)).toBe('FE251C7858B356B24514B3BD5F4297D1');
  });

  it('refuses its own ephemeral public key sent back as the terminal key', () => {
    const chip = new PaceChip(PACE_SUITES['ecdh-gm-aes'], pacePassword('mrz', '', G1_MRZ), secrets);
    for (const [command] of EXCHANGE.slice(0, 2)) chip.next(readObjects(readObject(parseCommand(hex(command)).data!).value));
    const reflected = readObject(readObject(hex(EXCHANGE[2][1]).subarray(0, -2)).value).value; // the chip's 84 from G.1
    expect(chip.next([{ tag: 0x83, value: reflected, raw: tlv(0x83, reflected) }])).toEqual({ kind: 'refused', sw: 0x6a80 });
  });

  it('refuses a terminal token computed with other keys (a wrong password)', () => {
    const chip = new PaceChip(PACE_SUITES['ecdh-gm-aes'], pacePassword('mrz', '', G1_MRZ), secrets);
    for (const [command] of EXCHANGE.slice(0, 3)) chip.next(readObjects(readObject(parseCommand(hex(command)).data!).value));
    expect(chip.next(readObjects(hex('8508C2B0BD78D94BA867')))).toEqual({ kind: 'refused', sw: 0x6300 });
  });
});

describe('ICAO 9303-11 Appendix G.2: PACE DH-GM-AES-128 on RFC 5114 1024/160, the chip computations', () => {
  const group = cardGroup(0);
  const suite = { oid: '0.4.0.127.0.7.2.2.4.1.2', cipher: 'AES' as const, keyLength: 16 as const, parameterId: 0 };
  const G2_MRZ = { documentNumber: 'T22000129', dateOfBirth: '640812', dateOfExpiry: '101031' };

  it('derives K_pi and encrypts the nonce', () => {
    const kPi = deriveKey(pacePassword('mrz', '', G2_MRZ), COUNTER_PACE, 'AES', 16);
    expect(HEX(kPi)).toBe('89DED1B26624EC1E634C1989302849DD');
    expect(HEX(cbc('AES', kPi, hex('FA5B7E3E49753A0DB9178B7B9BD898C8'), 'encrypt'))).toBe('854D8DF5827FA6852D1A4FA701CDDDCA');
  });

  it('maps the generator, agrees on K, the session keys and both tokens', () => {
    const t = BigInt('0x5265030F751F4AD18B08AC565FC7AC952E41618D');
    expect(HEX(group.toBytes(group.pow(group.g, t)))).toBe(
      '23FB3749EA030D2A25B278D2A562047ADE3F01B74F17A15402CB7352CA7D2B3EB71C343DB13D1DEBCE9A3666DBCFC920B49174A602CB47965CAA73DC702489A44D41DB914DE9613DC5E98C94160551C0DF86274B9359BC0490D01B03AD54022DCB4F57FAD6322497D7A1E28D46710F461AFE710FBBBC5F8BA166F4311975EC6C',
    );
    const chipMap = group.fromBytes(
      hex(
        '78879F57225AA8080D52ED0FC890A4B25336F699AA89A2D3A189654AF70729E623EA5738B26381E4DA19E004706FACE7B235C2DBF2F38748312F3C98C2DD4882A41947B324AA1259AC22579DB93F7085655AF30889DBB845D9E6783FE42C9F2449400306254C8AE8EE9DD812A804C0B66E8CAFC14F84D8258950A91B44126EE6',
      ),
    );
    const mapped = group.mapNonce(BigInt('0xFA5B7E3E49753A0DB9178B7B9BD898C8'), group.pow(chipMap, t));
    expect(HEX(group.toBytes(mapped))).toBe(
      '7C9CBFE98F9FBDDA8D143506FA7D9306F4CB17E3C71707AFF5E1C1A12370249684D64EE37AF44B8DBD9D45BF6023919CBAA027AB97ACC771666C8E98FF483301BFA4872DEDE9034EDFACB70814166B7F360676829B826BEA57291B5AD69FBC84EF1E779032A305803F74341793E869742D401325B37EE8565FFCDEE618342DC5',
    );
    const chipPub = hex(
      '075693D9AE941877573E634B6E644F8E60AF17A0076B8B123D9201074D36152BD8B3A213F53820C42ADC79AB5D0AEEC3AEFB91394DA476BD97B9B14D0A65C1FC71A0E019CB08AF55E1F729005FBA7E3FA5DC41899238A250767A6D46DB974064386CD456743585F8E5D90CC8B4004B1F6D866C79CE0584E49687FF61BC29AEA1',
    );
    const k = group.secret(group.pow(group.fromBytes(chipPub), BigInt('0x89CCD99B0E8D3B1F11E1296DCA68EC53411CF2CA')));
    expect(HEX(k)).toBe(
      '6BABC7B3A72BCD7EA385E4C62DB2625BD8613B24149E146A629311C4CA6698E38B834B6A9E9CD7184BA8834AFF5043D436950C4C1E7832367C10CB8C314D40E5990B0DF7013E64B4549E2270923D06F08CFF6BD3E977DDE6ABE4C31D55C0FA2E465E553E77BDF75E3193D3834FC26E8EB1EE2FA1E4FC97C18C3F6CFFFE2607FD',
    );
    const ksMac = deriveKey(k, COUNTER_MAC, 'AES', 16);
    expect(HEX(deriveKey(k, COUNTER_ENC, 'AES', 16))).toBe('2F7F46ADCC9E7E521B45D192FAFA9126');
    expect(HEX(ksMac)).toBe('805A1D27D45A5116F73C54469462B7D8');
    expect(HEX(authenticationToken(suite, group, ksMac, chipPub))).toBe('B46DD9BD4D98381F');
    const terminalPub = hex(
      '907D89E2D425A178AA81AF4A7774EC8E388C115CAE67031E85EECE520BD911551B9AE4D04369F29A02626C86FBC6747CC7BC352645B6161A2A42D44EDA80A08FA8D61B76D3A154AD8A5A51786B0BC07147057871A922212C5F67F43173172236B7747D1671E6D692A3C7D40A0C3C5CE397545D015C175EB5130551EDBC2EE5D4',
    );
    expect(HEX(authenticationToken(suite, group, ksMac, terminalPub))).toBe('917F37B5C0E6D8D1');
  });

  it('refuses DH public keys outside the subgroup (1, p-1, a non-member)', () => {
    const { p } = RFC5114[0];
    const bytes = (n: bigint) => Buffer.from(n.toString(16).padStart(256, '0'), 'hex');
    expect(() => group.fromBytes(bytes(1n))).toThrow(/outside/);
    expect(() => group.fromBytes(bytes(p - 1n))).toThrow(/outside/);
    expect(() => group.fromBytes(bytes(2n))).toThrow(/outside/);
  });
});

describe('RFC 5114 groups: the values typed here are the ones OpenSSL carries', () => {
  /** OpenSSL's X9.42 DH parameters: SEQUENCE { p, g, q, ... } (RFC 3279 §2.3.3), read with the card's own TLV reader. */
  const openssl = (id: number) => {
    let pem: string;
    try {
      pem = execFileSync('openssl', ['genpkey', '-genparam', '-algorithm', 'DHX', '-pkeyopt', `dh_rfc5114:${id}`], { encoding: 'utf8' });
    } catch {
      return null;
    }
    const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
    const [p, g, q] = readObjects(readObject(der).value).map((o) => BigInt(`0x${o.value.toString('hex')}`));
    return { p, g, q };
  };
  it.each([
    [0, 1],
    [2, 3],
  ] as const)('parameter id %i is dh_rfc5114:%i', (id, opensslId) => {
    const fromOpenssl = openssl(opensslId);
    if (fromOpenssl === null) return void console.warn('openssl not installed: RFC 5114 cross-check skipped');
    const { p, g, q } = RFC5114[id];
    expect(fromOpenssl).toEqual({ p, g, q });
  });
});
