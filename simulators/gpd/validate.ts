/** A small validator for the OpenAPI 3.0 schema subset gpd.json uses. Returns human-readable errors. */
import { GPD_SCHEMAS, type JsonSchema } from './schema';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

function resolve(s: JsonSchema): JsonSchema {
  if (!s.$ref) return s;
  const name = s.$ref.replace('#/components/schemas/', '');
  const target = GPD_SCHEMAS[name];
  if (!target) throw new Error(`unknown schema ${s.$ref}`);
  return target;
}

export function validateSchema(value: unknown, schema: JsonSchema, path = '$', errors: string[] = []): string[] {
  const s = resolve(schema);
  if (value === null || value === undefined) return errors; // required-ness is checked by the parent
  switch (s.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        errors.push(`${path}: must be an object`);
        break;
      }
      const o = value as Record<string, unknown>;
      for (const r of s.required ?? []) if (o[r] === undefined || o[r] === null) errors.push(`${path}.${r}: is required`);
      for (const [k, sub] of Object.entries(s.properties ?? {})) if (k in o) validateSchema(o[k], sub, `${path}.${k}`, errors);
      break;
    }
    case 'array': {
      if (!Array.isArray(value)) {
        errors.push(`${path}: must be an array`);
        break;
      }
      if (s.maxItems !== undefined && value.length > s.maxItems) errors.push(`${path}: at most ${s.maxItems} items`);
      if (s.minItems !== undefined && value.length < s.minItems) errors.push(`${path}: at least ${s.minItems} items`);
      value.forEach((v, i) => s.items && validateSchema(v, s.items, `${path}[${i}]`, errors));
      break;
    }
    case 'string': {
      if (typeof value !== 'string') {
        errors.push(`${path}: must be a string`);
        break;
      }
      if (s.enum && !s.enum.includes(value)) errors.push(`${path}: must be one of ${s.enum.join(', ')}`);
      if (s.maxLength !== undefined && value.length > s.maxLength) errors.push(`${path}: longer than ${s.maxLength}`);
      if (s.minLength !== undefined && value.length < s.minLength) errors.push(`${path}: shorter than ${s.minLength}`);
      if (s.pattern && !new RegExp(s.pattern).test(value)) errors.push(`${path}: does not match ${s.pattern}`);
      if (s.format === 'date-time' && !DATE_TIME.test(value)) errors.push(`${path}: not a date-time`);
      break;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        errors.push(`${path}: must be an integer`);
        break;
      }
      if (s.minimum !== undefined && value < s.minimum) errors.push(`${path}: below ${s.minimum}`);
      break;
    }
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${path}: must be a boolean`);
      break;
    default:
      break;
  }
  return errors;
}

export function validatePosition(body: unknown): string[] {
  return validateSchema(body, { $ref: '#/components/schemas/PaymentPositionModel' });
}
