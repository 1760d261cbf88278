/**
 * The built-in checks (used when ../shared/data is absent, e.g. in demo on a fresh machine) and
 * IO's official OpenAPI agree: on a corpus of good and bad requests both accept the same ones and
 * refuse the others for the same reasons, at the same places.
 */
import { describe, expect, it } from 'vitest';
import { loadIoValidator, type IoShape } from '../../../simulators/io/schema';
import { HAS_OPENAPI, NO_OPENAPI } from './io-fixture';

const SUBJECT = 'Appuntamento CIE confermato';
const MARKDOWN = 'Gentile cittadina, gentile cittadino, le confermiamo l’appuntamento per la carta d’identità elettronica.';
const PAYMENT = { amount: 1678, notice_number: '302000100000012345', payee: { fiscal_code: '80004470560' } };
const msg = (content: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  fiscal_code: 'RSSMRA80A01H501U',
  content: { subject: SUBJECT, markdown: MARKDOWN, ...content },
  ...extra,
});
const pay = (p: Record<string, unknown>) => msg({ payment_data: { ...PAYMENT, ...p } });

/** [shape, label, value, valid?] */
const CORPUS: [IoShape, string, unknown, boolean][] = [
  ['NewMessage', 'minimal', msg({}), true],
  ['NewMessage', 'no fiscal code (path variant)', { content: { subject: SUBJECT, markdown: MARKDOWN } }, true],
  ['NewMessage', 'subject 10', msg({ subject: 's'.repeat(10) }), true],
  ['NewMessage', 'subject 9', msg({ subject: 's'.repeat(9) }), false],
  ['NewMessage', 'subject 120', msg({ subject: 's'.repeat(120) }), true],
  ['NewMessage', 'subject 121', msg({ subject: 's'.repeat(121) }), false],
  ['NewMessage', 'subject a number', msg({ subject: 1234567890123 }), false],
  ['NewMessage', 'markdown 80', msg({ markdown: 'm'.repeat(80) }), true],
  ['NewMessage', 'markdown 79', msg({ markdown: 'm'.repeat(79) }), false],
  ['NewMessage', 'markdown 10000', msg({ markdown: 'm'.repeat(10_000) }), true],
  ['NewMessage', 'markdown 10001', msg({ markdown: 'm'.repeat(10_001) }), false],
  ['NewMessage', 'no subject', { content: { markdown: MARKDOWN } }, false],
  ['NewMessage', 'no content', { fiscal_code: 'RSSMRA80A01H501U' }, false],
  ['NewMessage', 'an array', [], false],
  ['NewMessage', 'a string', 'hello', false],
  ['NewMessage', 'null', null, false],
  ['NewMessage', 'fiscal code lower case', msg({}, { fiscal_code: 'rssmra80a01h501u' }), false],
  ['NewMessage', 'fiscal code 15', msg({}, { fiscal_code: 'RSSMRA80A01H501' }), false],
  ['NewMessage', 'fiscal code omocodia', msg({}, { fiscal_code: 'RSSMRA80A01H5L1U' }), true],
  ['NewMessage', 'fiscal code bad month', msg({}, { fiscal_code: 'RSSMRA80F01H501U' }), false],
  ['NewMessage', 'unknown property', msg({}, { foo: 1 }), true],
  ['NewMessage', 'time_to_live 3600', msg({}, { time_to_live: 3600 }), true],
  ['NewMessage', 'time_to_live 604800', msg({}, { time_to_live: 604800 }), true],
  ['NewMessage', 'time_to_live 3599', msg({}, { time_to_live: 3599 }), false],
  ['NewMessage', 'time_to_live 604801', msg({}, { time_to_live: 604801 }), false],
  ['NewMessage', 'time_to_live 3600.5', msg({}, { time_to_live: 3600.5 }), false],
  ['NewMessage', 'feature level ADVANCED', msg({}, { feature_level_type: 'ADVANCED' }), true],
  ['NewMessage', 'feature level a number', msg({}, { feature_level_type: 2 }), false],
  ['NewMessage', 'default email', msg({}, { default_addresses: { email: 'a@example.com' } }), true],
  ['NewMessage', 'default email bad', msg({}, { default_addresses: { email: 'not an email' } }), false],
  ['NewMessage', 'secure channels', msg({ require_secure_channels: true }), true],
  ['NewMessage', 'secure channels a string', msg({ require_secure_channels: 'yes' }), false],
  ['NewMessage', 'payment', pay({}), true],
  ['NewMessage', 'payment without payee', msg({ payment_data: { amount: 1678, notice_number: '302000100000012345' } }), true],
  ['NewMessage', 'payment invalid after due date', pay({ invalid_after_due_date: true }), true],
  ['NewMessage', 'payment invalid after due date a string', pay({ invalid_after_due_date: 'true' }), false],
  ['NewMessage', 'payee without fiscal code', pay({ payee: {} }), false],
  ['NewMessage', 'payee 10 digits', pay({ payee: { fiscal_code: '8000447056' } }), false],
  ['NewMessage', 'payee a person', pay({ payee: { fiscal_code: 'RSSMRA80A01H501U' } }), false],
  ['NewMessage', 'notice 17 digits', pay({ notice_number: '30200010000001234' }), false],
  ['NewMessage', 'notice 19 digits', pay({ notice_number: '3020001000000123456' }), false],
  ['NewMessage', 'notice aux digit 0', pay({ notice_number: '002000100000012345' }), true],
  ['NewMessage', 'notice aux digit 4', pay({ notice_number: '402000100000012345' }), false],
  ['NewMessage', 'notice a number', pay({ notice_number: 302000100000 }), false],
  ['NewMessage', 'no notice', msg({ payment_data: { amount: 1, payee: PAYMENT.payee } }), false],
  ['NewMessage', 'no amount', msg({ payment_data: { notice_number: PAYMENT.notice_number, payee: PAYMENT.payee } }), false],
  ['NewMessage', 'amount 1', pay({ amount: 1 }), true],
  ['NewMessage', 'amount 0', pay({ amount: 0 }), false],
  ['NewMessage', 'amount max', pay({ amount: 9_999_999_999 }), true],
  ['NewMessage', 'amount above max', pay({ amount: 10_000_000_000 }), false],
  ['NewMessage', 'amount in euro', pay({ amount: 16.78 }), false],
  ['NewMessage', 'amount a string', pay({ amount: '1678' }), false],
  ['NewMessage', 'due date Z', msg({ due_date: '2027-01-15T09:30:00.000Z' }), true],
  ['NewMessage', 'due date offset', msg({ due_date: '2027-01-15T10:30:00+01:00' }), true],
  ['NewMessage', 'due date no seconds', msg({ due_date: '2027-01-15T09:30Z' }), false],
  ['NewMessage', 'due date a day', msg({ due_date: '2027-01-15' }), false],
  ['NewMessage', 'due date month 13', msg({ due_date: '2027-13-15T09:30:00Z' }), false],
  ['NewMessage', 'due date Italian', msg({ due_date: '15/01/2027' }), false],
  ['NewMessage', 'prescription', msg({ prescription_data: { nre: '123456789012345', iup: 'X1' } }), true],
  ['NewMessage', 'prescription nre 14', msg({ prescription_data: { nre: '12345678901234' } }), false],
  ['NewMessage', 'eu covid cert without code', msg({ eu_covid_cert: {} }), false],
  ['NewMessage', 'third party data', msg({ third_party_data: { id: 'abc', has_attachments: true } }), true],
  ['NewMessage', 'third party data empty id', msg({ third_party_data: { id: '' } }), false],
  ['NewMessage', 'third party configuration not a ULID', msg({ third_party_data: { id: 'a', configuration_id: 'x' } }), false],
  ['NewMessage', 'legal data incomplete', msg({ legal_data: { sender_mail_from: 'a@pec.it' } }), false],
  ['FiscalCodePayload', 'good', { fiscal_code: 'RSSMRA80A01H501U' }, true],
  ['FiscalCodePayload', 'missing', {}, false],
  ['FiscalCodePayload', 'lower case', { fiscal_code: 'rssmra80a01h501u' }, false],
  ['FiscalCodePayload', 'a number', { fiscal_code: 42 }, false],
  ['FiscalCodeParam', 'good', 'RSSMRA80A01H501U', true],
  ['FiscalCodeParam', 'omocodia', 'RSSMRA80A01H5L1U', true],
  ['FiscalCodeParam', '15', 'RSSMRA80A01H501', false],
  ['FiscalCodeParam', '17', 'RSSMRA80A01H501UX', false],
  ['FiscalCodeParam', 'lower case', 'rssmra80a01h501u', false],
  ['FiscalCodeParam', 'digits where letters go', '123MRA80A01H501U', false],
];

const builtIn = loadIoValidator(null);

describe('IO request checks: built-in and official OpenAPI agree', () => {
  it.skipIf(!HAS_OPENAPI)(`on ${CORPUS.length} good and bad requests${HAS_OPENAPI ? '' : ` — ${NO_OPENAPI}`}`, () => {
    const official = loadIoValidator();
    expect(official.source).toBe('openapi');
    expect(builtIn.source).toBe('built-in');
    for (const [shape, label, value, valid] of CORPUS) {
      const a = official.validate(shape, value).sort();
      const b = builtIn.validate(shape, value).sort();
      expect(a.length === 0, `${shape} ${label} (OpenAPI: ${a.join('; ')})`).toBe(valid);
      expect(b, `${shape} ${label}`).toEqual(a);
    }
  });

  it('the built-in checks alone accept and refuse the corpus as expected', () => {
    for (const [shape, label, value, valid] of CORPUS) {
      const errors = builtIn.validate(shape, value);
      expect(errors.length === 0, `${shape} ${label}: ${errors.join('; ')}`).toBe(valid);
    }
  });
});
