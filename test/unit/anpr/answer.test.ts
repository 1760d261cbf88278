/** Classification of ANPR answers into done / retry / attention (anpr.md §1.5–1.6). */
import { describe, expect, it } from 'vitest';
import { classifyAnswer, parseAnswer, type AnprResult } from '../../../electron/platforms/anpr/answer';
import { ANPR_SERVICES } from '../../../electron/platforms/anpr/services';
import { koAnswer, registrationAnswer, soapEnvelope, soapFault, type Testata } from '../../../simulators/anpr/answers';

const ID = '1735689600000001';
const testata = (over: Partial<Testata> = {}): Testata => ({
  idOperazioneComune: ID,
  codDestinatario: '058091',
  operazioneRichiesta: '1001',
  dataOraRichiesta: '2025-03-10T10:00:00Z',
  idOperazioneANPR: '2148534884',
  esitoOperazione: '2',
  ...over,
});
const classify = (xml: string, httpStatus = 200, retryAfterHeader: string | null = null) =>
  classifyAnswer(parseAnswer(xml), { httpStatus, idOperazioneComune: ID, retryAfterHeader });
const ko = (errors: { code: string; text: string; type?: 'E' | 'W' }[]) =>
  koAnswer(ANPR_SERVICES['1001'], testata({ esitoOperazione: '3' }), errors);

describe('ANPR answer classification', () => {
  it('done: keeps idOperazioneANPR above 2^31 exactly, as text, with subjects and warnings', () => {
    const xml = registrationAnswer(
      ANPR_SERVICES['5005'],
      testata({ esitoOperazione: '6', idOperazioneANPR: '9007199254740993' }),
      [{ idANPR: 'AB12345CD', idSchedaSoggettoANPR: '2147483999', codiceFiscale: 'RSSMRA80A01H501U', cognome: 'ROSSI', nome: 'MARIO' }],
      [{ code: 'CN558', type: 'W', text: 'Indirizzo non presente in ANNCSU' }],
    );
    const o = classify(xml);
    expect(o.kind).toBe('done');
    const r = (o as { result: AnprResult }).result;
    expect(r.idOperazioneANPR).toBe('9007199254740993');
    expect(r.soggetti[0]).toMatchObject({
      idANPR: 'AB12345CD',
      idSchedaSoggettoANPR: '2147483999',
      codiceFiscale: 'RSSMRA80A01H501U',
      validitaCF: '1',
    });
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'CN558', type: 'W' })]);
  });

  it('EN079 goes to a person', () => {
    expect(classify(ko([{ code: 'EN079', text: "id operazione comune gia' presente per un servizio diverso" }]))).toMatchObject({
      kind: 'attention',
      code: 'EN079',
    });
  });

  it('"ancora in elaborazione" is retried whatever code carries it', () => {
    expect(
      classify(ko([{ code: 'EN122', text: 'Una operazione con lo stesso id operazione comune risulta ancora in elaborazione' }])),
    ).toMatchObject({ kind: 'retry', code: 'ANPR_IN_PROGRESS' });
  });

  it('999 with the EN527 support note is retried; EN527 never hides the real error', () => {
    const o = classify(
      ko([
        { code: '999', text: 'Operazione non effettuabile' },
        { code: 'EN527', text: "Informazioni sull'operazione da fornire in caso di assistenza : idOperazioneANPR 2148534884" },
      ]),
    );
    expect(o).toMatchObject({ kind: 'retry', code: '999' });
    const p = classify(
      ko([
        { code: 'EN527', text: 'Informazioni per assistenza' },
        { code: 'EN151', text: 'Il numero pratica comune IMM64 e gia presente' },
      ]),
    );
    expect(p).toMatchObject({ kind: 'attention', code: 'EN151' });
    expect((p as { text: string }).text).toContain('Informazioni per assistenza (EN527)');
  });

  it('ordering and competence errors go to a person with ANPR’s text', () => {
    for (const code of ['EN240', 'EN389', 'EN237', 'EN117', 'EN204', 'EN167', 'EN203']) {
      const o = classify(ko([{ code, text: `testo ${code}` }]));
      expect(o).toMatchObject({ kind: 'attention', code, text: `testo ${code} (${code})` });
    }
    // The same error for each member of a family reads once.
    const twice = { code: 'EN240', text: 'data decorrenza inferiore a 2026-12-06' };
    expect(classify(ko([twice, twice, { code: 'EN527', text: 'assistenza' }]))).toMatchObject({
      text: 'data decorrenza inferiore a 2026-12-06 (EN240) — assistenza (EN527)',
    });
    expect(classify(ko([{ code: 'EN211', text: 'componente di famiglia in fase di registrazione' }]))).toMatchObject({
      kind: 'retry',
      code: 'EN211',
    });
  });

  it('SOAP faults: "Rejected by policy" is the Comune\'s credentials (with ANPR\'s words), a server fault is transport, other client faults need a person', () => {
    const policy = classify(soapFault('soapenv:Client', 'Rejected by policy. (from client)'), 500);
    expect(policy).toMatchObject({ kind: 'retry', failure: 'credentials', code: 'ANPR_REJECTED_BY_POLICY' });
    expect((policy as { text: string }).text).toContain('Rejected by policy. (from client)');
    expect(classify(soapFault('soapenv:Server', 'Internal Server Error'), 500)).toMatchObject({
      kind: 'retry',
      failure: 'transport',
      code: 'ANPR_SOAP_FAULT_SERVER',
    });
    expect(classify(soapFault('soapenv:Client', 'Unmarshalling Error'), 500)).toMatchObject({ kind: 'attention', code: 'ANPR_SOAP_FAULT' });
  });

  it('garbage is retried (honouring Retry-After), a missing endpoint needs a person', () => {
    expect(classify('<html><body>502 Bad Gateway</body></html>', 502, '120')).toMatchObject({
      kind: 'retry',
      failure: 'transport',
      code: 'ANPR_HTTP_502',
      retryAfterMs: 120_000,
    });
    expect(classify('<html><body>403 Forbidden</body></html>', 403)).toMatchObject({
      kind: 'retry',
      failure: 'credentials',
      code: 'ANPR_HTTP_403',
    });
    expect(classify('not xml at all <<<', 200)).toMatchObject({ kind: 'retry', code: 'ANPR_ANSWER_UNREADABLE' });
    expect(classify('', 200)).toMatchObject({ kind: 'retry' });
    expect(classify(soapEnvelope('<x:Altro xmlns:x="urn:x"/>'), 200)).toMatchObject({ kind: 'retry', code: 'ANPR_ANSWER_UNREADABLE' });
    expect(classify('Not Found', 404)).toMatchObject({ kind: 'attention', code: 'ANPR_ENDPOINT' });
  });

  it('esito 1 (in elaborazione) is retried; an answer for another operation needs a person', () => {
    expect(classify(registrationAnswer(ANPR_SERVICES['1001'], testata({ esitoOperazione: '1' }), []))).toMatchObject({
      kind: 'retry',
      failure: 'item',
      code: 'ANPR_IN_PROGRESS',
    });
    expect(classify(registrationAnswer(ANPR_SERVICES['1001'], testata({ idOperazioneComune: '99' }), []))).toMatchObject({
      kind: 'attention',
      code: 'ANPR_ANSWER_INCONSISTENT',
    });
  });

  it('a multiple answer (candidate parents) needs a person', () => {
    const xml = soapEnvelope(
      `<ns:Risposta1001 xmlns:ns="http://sogei.it/ANPR/1000iscrizione"><ns:RispostaMultipla1001><testataRisposta><idOperazioneComune>${ID}</idOperazioneComune></testataRisposta></ns:RispostaMultipla1001></ns:Risposta1001>`,
    );
    expect(classify(xml)).toMatchObject({ kind: 'attention', code: 'ANPR_ANSWER_SEVERAL_SUBJECTS' });
  });
});
