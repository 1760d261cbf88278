// Published vectors: ICAO 9303-11 Appendix D (BAC + secure messaging), Appendix G.1 (PACE ECDH-GM-AES,
// as replayed by gmrtd's pace_test.go), Appendix G.2 (PACE DH-GM, values as in zienit/icao-examples),
// and gmrtd's PACE ECDH-GM-3DES trace of a New Zealand passport.
import { describe, expect, it } from 'vitest';
import { performBac, bacKeys } from '../../../electron/core/card/bac';
import { fromHex, toHex, bigintFromBytes } from '../../../electron/core/card/bytes';
import { parseCardAccess } from '../../../electron/core/card/card-access';
import { CardChannel } from '../../../electron/core/card/channel';
import { retailMac, pad, tdesCbc, kdf, KDF_ENC, KDF_MAC } from '../../../electron/core/card/crypto';
import { mrzInformation } from '../../../electron/core/card/mrz';
import { authToken, decryptNonce, paceKeyFromPassword, performPace } from '../../../electron/core/card/pace';
import { paceGroup } from '../../../electron/core/card/pace-domain';
import { SecureChannel } from '../../../electron/core/card/secure-messaging';
import { ScriptedCard } from './scripted-card';

const ICAO_MRZ = { documentNumber: 'L898902C', dateOfBirth: '690806', dateOfExpiry: '940623' };

describe('ICAO 9303-11 Appendix D: BAC and secure messaging', () => {
  it('derives the MRZ information and the BAC keys', () => {
    expect(mrzInformation(ICAO_MRZ)).toBe('L898902C<369080619406236');
    const k = bacKeys(ICAO_MRZ);
    expect(toHex(k.kEnc)).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
    expect(toHex(k.kMac)).toBe('7962D9ECE03D1ACD4C76089DCE131543');
  });

  it('computes E_IFD and the retail MAC M_IFD', () => {
    const s = fromHex('781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B');
    const e = tdesCbc(fromHex('AB94FDECF2674FDFB9B391F85D7F76F2'), s, true);
    expect(toHex(e)).toBe('72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2');
    expect(toHex(retailMac(fromHex('7962D9ECE03D1ACD4C76089DCE131543'), pad(e, 8)))).toBe('5F1448EEA8AD90A7');
  });

  it('runs BAC and reads EF.COM through secure messaging, byte for byte', async () => {
    const card = new ScriptedCard([
      ['0084000008', '4608F919887022129000'],
      [
        '008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728',
        '46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D74499000',
      ],
      ['0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800', '990290008E08FA855A5D4C50A8ED9000'],
      ['0CB000000D9701048E08ED6705417E96BA5500', '8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000'],
      ['0CB000040D9701128E082EA28A70F3C7B53500', '871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000'],
    ]);
    const ch = new CardChannel(card);
    await performBac(ch, ICAO_MRZ, { rndIfd: fromHex('781723860C06C226'), kIfd: fromHex('0B795240CB7049B01C19B33E32804F0B') });
    expect(toHex(ch.sm!.sscBytes())).toBe('887022120C06C226');
    expect((await ch.send({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011E') })).sw).toBe(0x9000);
    const head = await ch.send({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 4 });
    expect(toHex(head.data)).toBe('60145F01');
    const rest = await ch.send({ cla: 0, ins: 0xb0, p1: 0, p2: 4, ne: 0x12 });
    expect(toHex(rest.data)).toBe('04303130365F36063034303030305C026175');
    expect(card.finished).toBe(true);
  });

  it('rejects a tampered protected response', () => {
    const sm = new SecureChannel(
      { cipher: '3DES', ksEnc: fromHex('979EC13B1CBFE9DCD01AB0FED307EAE5'), ksMac: fromHex('F1CB1F1FB5ADF208806B89DC579DC1F8') },
      fromHex('887022120C06C228'),
    );
    sm.wrap({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 4 });
    expect(() => sm.unwrap(fromHex('8709019FF0EC34F9922651990290008E08AD55CC17140B2DEE9000'))).toThrow(/MAC/);
  });
});

describe('ICAO 9303-11 Appendix G.1 and gmrtd traces: PACE ECDH generic mapping', () => {
  it('replays the G.1 exchange (brainpoolP256r1, AES-128, MRZ) and derives the session keys', async () => {
    const card = new ScriptedCard([
      ['0022C1A40F800A04007F00070202040202830101', '9000'],
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
    ]);
    const [info] = parseCardAccess(fromHex('31143012060A04007F0007020204020202010202010D'));
    expect(info).toMatchObject({ mapping: 'ECDH-GM', cipher: 'AES', keyLength: 16, parameterId: 13 });
    const ch = new CardChannel(card);
    const result = await performPace(
      ch,
      info,
      { mrz: { documentNumber: 'T22000129', dateOfBirth: '640812', dateOfExpiry: '101031' } },
      {
        privateKeys: [
          BigInt('0x7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99'),
          BigInt('0xA73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595'),
        ],
      },
    );
    expect(card.finished).toBe(true);
    expect(toHex(result.ksEnc)).toBe('F5F0E35C0D7161EE6724EE513A0D9A7F');
    expect(toHex(result.ksMac)).toBe('FE251C7858B356B24514B3BD5F4297D1');
    expect(toHex(ch.sm!.sscBytes())).toBe('00'.repeat(16));
  });

  it('replays a 3DES ECDH-GM exchange (gmrtd, NZ passport)', async () => {
    const card = new ScriptedCard([
      ['0022c1a40f800a04007f00070202040201830101', '9000'],
      ['10860000027c0000', '7c128010b88382812290017af1cc906ff00e7f4d9000'],
      [
        '10860000457c438141047706b2b6246ab4612229b8a11212ddba7fea0568c9c0975dee22c0e3dd3a3f0321e8afee836e373b570d24000d56fb195104d486e63321ff8c819dd5ee018dcb00',
        '7c43824104780b4edec9b926f9f964fad826d9990a667608d96ba7b397ae8609b6533e0d036d148365ddf4e5ff6611c2b62aa17fc9899f327bc929db543e7abd0ee724e4be9000',
      ],
      [
        '10860000457c43834104507a0156efae8fb8acc519036c0b2fe0393c878744c7f91878ee4e07a41412ba5c0753d68a44a91e9f57f3f992ab689e6c2065d3b2a27c3658a4fd632931ee3800',
        '7c438441042dbaf62e6fdfb31eb66f206493b9e7721586f0e5c93754d7bd5a884ca251ee4d720ab539a60561bc46812fa289b58ac69f0c6e32adbaf7241049a31211f80f5b9000',
      ],
      ['008600000c7c0a85088d7c617d43efe09e00', '7c0a8608cb57047c809079f69000'],
    ]);
    const [info] = parseCardAccess(fromHex('31143012060a04007f0007020204020102010202010d'));
    const ch = new CardChannel(card);
    const result = await performPace(
      ch,
      info,
      { mrz: { documentNumber: 'LM277954', dateOfBirth: '781214', dateOfExpiry: '271115' } },
      {
        privateKeys: [
          BigInt('0x2808272c0ec20e01a3450030ef32855e9feb5cb17719e985389b1cf47609e69f'),
          BigInt('0x8f89449052df6c7983750c7b042c3cea12b36819174424c7cd28153f7b70b402'),
        ],
      },
    );
    expect(card.finished).toBe(true);
    expect(toHex(result.ksEnc)).toBe('430E4C8C38DFEFAED92067B919A897F8');
    expect(toHex(result.ksMac)).toBe('C1BC1F075797B970B5A45E64A764B0CB');
  });
});

describe('ICAO 9303-11 Appendix G.2: PACE DH generic mapping (1024-bit MODP, AES-128)', () => {
  const info = {
    oid: '0.4.0.127.0.7.2.2.4.1.2',
    version: 2,
    parameterId: 0,
    mapping: 'DH-GM' as const,
    cipher: 'AES' as const,
    keyLength: 16 as const,
  };
  const group = paceGroup(0)!;
  const C_AGREE = fromHex(
    '075693D9AE941877573E634B6E644F8E60AF17A0076B8B123D9201074D36152BD8B3A213F53820C42ADC79AB5D0AEEC3AEFB91394DA476BD97B9B14D0A65C1FC71A0E019CB08AF55E1F729005FBA7E3FA5DC41899238A250767A6D46DB974064386CD456743585F8E5D90CC8B4004B1F6D866C79CE0584E49687FF61BC29AEA1',
  );

  it('derives K_pi from the MRZ and decrypts the nonce', () => {
    const kPi = paceKeyFromPassword({ mrz: { documentNumber: 'T22000129', dateOfBirth: '640812', dateOfExpiry: '101031' } }, info);
    expect(toHex(kPi)).toBe('89DED1B26624EC1E634C1989302849DD');
    expect(toHex(decryptNonce('AES', kPi, fromHex('854D8DF5827FA6852D1A4FA701CDDDCA')))).toBe('FA5B7E3E49753A0DB9178B7B9BD898C8');
  });

  it('maps the generator', () => {
    const t = BigInt('0x5265030F751F4AD18B08AC565FC7AC952E41618D');
    expect(toHex(group.encode(group.multiply(group.generator(), t)))).toBe(
      '23FB3749EA030D2A25B278D2A562047ADE3F01B74F17A15402CB7352CA7D2B3EB71C343DB13D1DEBCE9A3666DBCFC920B49174A602CB47965CAA73DC702489A44D41DB914DE9613DC5E98C94160551C0DF86274B9359BC0490D01B03AD54022DCB4F57FAD6322497D7A1E28D46710F461AFE710FBBBC5F8BA166F4311975EC6C',
    );
    const chipMap = group.decode(
      fromHex(
        '78879F57225AA8080D52ED0FC890A4B25336F699AA89A2D3A189654AF70729E623EA5738B26381E4DA19E004706FACE7B235C2DBF2F38748312F3C98C2DD4882A41947B324AA1259AC22579DB93F7085655AF30889DBB845D9E6783FE42C9F2449400306254C8AE8EE9DD812A804C0B66E8CAFC14F84D8258950A91B44126EE6',
      ),
    );
    const mapped = group.map(bigintFromBytes(fromHex('FA5B7E3E49753A0DB9178B7B9BD898C8')), group.multiply(chipMap, t));
    expect(toHex(group.encode(mapped))).toBe(
      '7C9CBFE98F9FBDDA8D143506FA7D9306F4CB17E3C71707AFF5E1C1A12370249684D64EE37AF44B8DBD9D45BF6023919CBAA027AB97ACC771666C8E98FF483301BFA4872DEDE9034EDFACB70814166B7F360676829B826BEA57291B5AD69FBC84EF1E779032A305803F74341793E869742D401325B37EE8565FFCDEE618342DC5',
    );
  });

  it('agrees on K, the session keys and both tokens', () => {
    const t = BigInt('0x89CCD99B0E8D3B1F11E1296DCA68EC53411CF2CA');
    const k = group.sharedSecret(group.multiply(group.decode(C_AGREE), t));
    expect(toHex(k)).toBe(
      '6BABC7B3A72BCD7EA385E4C62DB2625BD8613B24149E146A629311C4CA6698E38B834B6A9E9CD7184BA8834AFF5043D436950C4C1E7832367C10CB8C314D40E5990B0DF7013E64B4549E2270923D06F08CFF6BD3E977DDE6ABE4C31D55C0FA2E465E553E77BDF75E3193D3834FC26E8EB1EE2FA1E4FC97C18C3F6CFFFE2607FD',
    );
    const ksEnc = kdf(k, KDF_ENC, 'AES', 16);
    const ksMac = kdf(k, KDF_MAC, 'AES', 16);
    expect(toHex(ksEnc)).toBe('2F7F46ADCC9E7E521B45D192FAFA9126');
    expect(toHex(ksMac)).toBe('805A1D27D45A5116F73C54469462B7D8');
    expect(toHex(authToken(info, group, ksMac, C_AGREE))).toBe('B46DD9BD4D98381F');
    const terminalPub = fromHex(
      '907D89E2D425A178AA81AF4A7774EC8E388C115CAE67031E85EECE520BD911551B9AE4D04369F29A02626C86FBC6747CC7BC352645B6161A2A42D44EDA80A08FA8D61B76D3A154AD8A5A51786B0BC07147057871A922212C5F67F43173172236B7747D1671E6D692A3C7D40A0C3C5CE397545D015C175EB5130551EDBC2EE5D4',
    );
    expect(toHex(authToken(info, group, ksMac, terminalPub))).toBe('917F37B5C0E6D8D1');
  });
});
