/**
 * What IO checks in a request, from its published OpenAPI (Swagger 2.0, io-functions-services'
 * openapi/index.yaml, kept in ../shared/data/io/io-services-api.yaml, never copied here) when that
 * file is present, validated by ajv; otherwise from the built-in schemas below, written by hand
 * from the same definitions (the constraints a PA service meets: NewMessage, MessageContent,
 * PaymentData, FiscalCode). test/integration/io-sim/validation.test.ts checks that both agree.
 * The custom formats (FiscalCode, OrganizationFiscalCode, UTCISODateFromString) are those of
 * @pagopa/ts-commons, which the YAML names through `x-import`: written here once, for both.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import yaml from 'js-yaml';

export const DEFAULT_OPENAPI_PATH = fileURLToPath(new URL('../../../shared/data/io/io-services-api.yaml', import.meta.url));

/** What a request is checked as: a message body, the body of POST /profiles, a fiscal code in the path. */
export type IoShape = 'NewMessage' | 'FiscalCodePayload' | 'FiscalCodeParam';

export interface IoValidator {
  /** 'openapi': the official YAML, read from `path`; 'built-in': the schemas below. */
  source: 'openapi' | 'built-in';
  path?: string;
  /** Readable errors, empty when the value is valid. */
  validate(shape: IoShape, value: unknown): string[];
}

const FISCAL_CODE = '^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$';
const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** @pagopa/ts-commons' string and date types, as JSON-Schema formats. */
const FORMATS: Record<string, RegExp | ((s: string) => boolean)> = {
  FiscalCode: new RegExp(FISCAL_CODE),
  OrganizationFiscalCode: /^[0-9]{11}$/,
  UTCISODateFromString: (s) => ISO_INSTANT.test(s) && !Number.isNaN(Date.parse(s)),
  Ulid: /^[0-9A-HJKMNP-TV-Z]{26}$/,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  EmailString: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
};
/** Formats the YAML names that no request of a PA service carries: accepted as they come. */
const IGNORED_FORMATS = ['uri', 'int32', 'int64', 'byte', 'date-time', 'url', 'NonEmptyString'];

// ---- the built-in schemas (a hand-written subset of the YAML's definitions) -----------------------

const str = (extra: Record<string, unknown> = {}) => ({ type: 'string', ...extra });

const BUILT_IN = {
  $id: 'io-built-in',
  definitions: {
    // As the YAML's parameter: the pattern unanchored, the length pinned to 16.
    FiscalCodeParam: str({ minLength: 16, maxLength: 16, pattern: FISCAL_CODE.slice(1, -1) }),
    FiscalCodePayload: { type: 'object', required: ['fiscal_code'], properties: { fiscal_code: str({ format: 'FiscalCode' }) } },
    NewMessage: {
      type: 'object',
      required: ['content'],
      properties: {
        time_to_live: { type: 'integer', minimum: 3600, maximum: 604800 },
        content: { $ref: '#/definitions/Content' },
        default_addresses: { type: 'object', properties: { email: str({ format: 'email' }) } },
        fiscal_code: str({ format: 'FiscalCode' }),
        feature_level_type: str(),
      },
    },
    Content: {
      type: 'object',
      required: ['subject', 'markdown'],
      properties: {
        subject: str({ minLength: 10, maxLength: 120 }),
        markdown: str({ minLength: 80, maxLength: 10000 }),
        require_secure_channels: { type: 'boolean' },
        payment_data: {
          type: 'object',
          required: ['amount', 'notice_number'],
          properties: {
            amount: { type: 'integer', minimum: 1, maximum: 9999999999 },
            notice_number: str({ pattern: '^[0123][0-9]{17}$' }),
            invalid_after_due_date: { type: 'boolean' },
            payee: { type: 'object', required: ['fiscal_code'], properties: { fiscal_code: str({ format: 'OrganizationFiscalCode' }) } },
          },
        },
        due_date: str({ format: 'UTCISODateFromString' }),
        prescription_data: {
          type: 'object',
          required: ['nre'],
          properties: {
            nre: str({ minLength: 15, maxLength: 15 }),
            iup: str({ minLength: 1, maxLength: 16 }),
            prescriber_fiscal_code: str({ format: 'FiscalCode' }),
          },
        },
        eu_covid_cert: { type: 'object', required: ['auth_code'], properties: { auth_code: str() } },
        third_party_data: {
          type: 'object',
          required: ['id'],
          properties: {
            id: str({ minLength: 1 }),
            original_sender: str({ minLength: 1 }),
            original_receipt_date: str({ format: 'UTCISODateFromString' }),
            has_attachments: { type: 'boolean' },
            has_remote_content: { type: 'boolean' },
            has_precondition: str(),
            summary: str({ minLength: 1 }),
            configuration_id: str({ format: 'Ulid' }),
          },
        },
        legal_data: {
          type: 'object',
          required: ['sender_mail_from', 'has_attachment', 'message_unique_id'],
          properties: {
            sender_mail_from: str({ minLength: 1 }),
            has_attachment: { type: 'boolean' },
            message_unique_id: str({ minLength: 1 }),
            original_message_url: str({ minLength: 1 }),
            pec_server_service_id: str(),
          },
        },
      },
    },
  },
};

// ---- loading ---------------------------------------------------------------------------------------

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  for (const [name, f] of Object.entries(FORMATS)) ajv.addFormat(name, f);
  for (const name of IGNORED_FORMATS) ajv.addFormat(name, true);
  return ajv;
}

/** Swagger 2.0 is draft-4: a boolean exclusiveMaximum/exclusiveMinimum qualifies maximum/minimum. */
function toDraft7(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toDraft7);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = toDraft7(v);
  for (const [flag, bound] of [
    ['exclusiveMaximum', 'maximum'],
    ['exclusiveMinimum', 'minimum'],
  ] as const) {
    if (out[flag] === true) {
      out[flag] = out[bound];
      delete out[bound];
    } else if (out[flag] === false) delete out[flag];
  }
  return out;
}

/** A path parameter of the YAML as a schema (its type and constraints, without name/in/required). */
function parameterSchema(p: Record<string, unknown>): Record<string, unknown> {
  const { name: _n, in: _i, required: _r, description: _d, ...schema } = p;
  return schema;
}

function fromOpenApi(path: string): IoValidator {
  const doc = yaml.load(readFileSync(path, 'utf8')) as { definitions: Record<string, unknown>; parameters: Record<string, unknown> };
  const ajv = newAjv();
  ajv.addSchema(
    toDraft7({
      $id: 'io-openapi',
      definitions: { ...doc.definitions, FiscalCodeParam: parameterSchema(doc.parameters.FiscalCode as Record<string, unknown>) },
    }) as object,
  );
  return { source: 'openapi', path, validate: validatorOf(ajv, 'io-openapi') };
}

function builtIn(): IoValidator {
  const ajv = newAjv();
  ajv.addSchema(BUILT_IN);
  return { source: 'built-in', validate: validatorOf(ajv, 'io-built-in') };
}

function validatorOf(ajv: Ajv, id: string): IoValidator['validate'] {
  const compiled = new Map<IoShape, ValidateFunction>();
  return (shape, value) => {
    let v = compiled.get(shape);
    if (!v) compiled.set(shape, (v = ajv.compile({ $ref: `${id}#/definitions/${shape}` })));
    return v(value) ? [] : readable(v.errors ?? []);
  };
}

/** ajv's errors as io-ts-like lines: "value at [root.content.subject] must NOT have fewer than 10 characters". */
function readable(errors: ErrorObject[]): string[] {
  const lines = errors
    .filter((e) => e.keyword !== 'allOf' && e.keyword !== '$ref')
    .map((e) => `value at [root${e.instancePath.replace(/\//g, '.')}] ${e.message ?? 'is not valid'}`);
  return [...new Set(lines)];
}

/**
 * The official YAML when it is there (`path` default ../shared/data/io/io-services-api.yaml), the
 * built-in schemas otherwise; null asks for the built-in ones.
 */
export function loadIoValidator(path: string | null = DEFAULT_OPENAPI_PATH): IoValidator {
  if (path && existsSync(path)) return fromOpenApi(path);
  return builtIn();
}
