/**
 * The request schemas of GPD v1 (openapi "PagoPA API Debt Position" 1.0.0, components.schemas),
 * copied from pagopa/pagopa-api openapi/gpd.json without descriptions and examples, so the
 * simulator runs without the shared data folder. test/unit/pagopa/gpd-sim.test.ts checks that
 * this copy still equals gpd.json.
 */
export type JsonSchema = {
  type?: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array';
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maxItems?: number;
  minItems?: number;
  format?: string;
  readOnly?: boolean;
  default?: unknown;
  $ref?: string;
};

// jscpd:ignore-start -- a verbatim copy of the official GPD OpenAPI, where two metadata models are identical
export const GPD_SCHEMAS: Record<string, JsonSchema> = {
  PaymentPositionModel: {
    required: ['companyName', 'fiscalCode', 'fullName', 'iupd', 'switchToExpired', 'type'],
    type: 'object',
    properties: {
      iupd: {
        type: 'string',
      },
      type: {
        type: 'string',
        enum: ['F', 'G'],
      },
      payStandIn: {
        type: 'boolean',
        default: true,
      },
      fiscalCode: {
        type: 'string',
      },
      fullName: {
        type: 'string',
      },
      streetName: {
        type: 'string',
      },
      civicNumber: {
        type: 'string',
      },
      postalCode: {
        type: 'string',
      },
      city: {
        type: 'string',
      },
      province: {
        type: 'string',
      },
      region: {
        type: 'string',
      },
      country: {
        pattern: '[A-Z]{2}',
        type: 'string',
      },
      email: {
        type: 'string',
      },
      phone: {
        type: 'string',
      },
      switchToExpired: {
        type: 'boolean',
        default: false,
      },
      companyName: {
        maxLength: 140,
        minLength: 0,
        type: 'string',
      },
      officeName: {
        maxLength: 140,
        minLength: 0,
        type: 'string',
      },
      validityDate: {
        type: 'string',
        format: 'date-time',
      },
      paymentDate: {
        type: 'string',
        format: 'date-time',
        readOnly: true,
      },
      status: {
        type: 'string',
        readOnly: true,
        enum: ['DRAFT', 'PUBLISHED', 'VALID', 'INVALID', 'EXPIRED', 'PARTIALLY_PAID', 'PAID', 'REPORTED'],
      },
      paymentOption: {
        type: 'array',
        items: {
          $ref: '#/components/schemas/PaymentOptionModel',
        },
      },
    },
  },
  PaymentOptionModel: {
    required: ['amount', 'description', 'dueDate', 'isPartialPayment', 'iuv'],
    type: 'object',
    properties: {
      nav: {
        type: 'string',
      },
      iuv: {
        type: 'string',
      },
      amount: {
        minimum: 1,
        type: 'integer',
        format: 'int64',
      },
      description: {
        maxLength: 140,
        minLength: 0,
        type: 'string',
      },
      isPartialPayment: {
        type: 'boolean',
      },
      dueDate: {
        type: 'string',
        format: 'date-time',
      },
      retentionDate: {
        type: 'string',
        format: 'date-time',
      },
      fee: {
        type: 'integer',
        format: 'int64',
      },
      notificationFee: {
        type: 'integer',
        format: 'int64',
        readOnly: true,
      },
      transfer: {
        type: 'array',
        items: {
          $ref: '#/components/schemas/TransferModel',
        },
      },
      paymentOptionMetadata: {
        maxItems: 10,
        minItems: 0,
        type: 'array',
        items: {
          $ref: '#/components/schemas/PaymentOptionMetadataModel',
        },
      },
    },
  },
  TransferModel: {
    required: ['amount', 'category', 'idTransfer', 'remittanceInformation'],
    type: 'object',
    properties: {
      idTransfer: {
        type: 'string',
        enum: ['1', '2', '3', '4', '5'],
      },
      amount: {
        minimum: 1,
        type: 'integer',
        format: 'int64',
      },
      organizationFiscalCode: {
        type: 'string',
      },
      remittanceInformation: {
        maxLength: 140,
        minLength: 0,
        type: 'string',
      },
      category: {
        type: 'string',
      },
      iban: {
        maxLength: 35,
        minLength: 1,
        pattern: '^[A-Za-z0-9]{1,35}$',
        type: 'string',
      },
      postalIban: {
        maxLength: 35,
        minLength: 1,
        pattern: '^$|^[A-Za-z0-9]{1,35}$',
        type: 'string',
      },
      stamp: {
        $ref: '#/components/schemas/Stamp',
      },
      companyName: {
        maxLength: 140,
        minLength: 0,
        type: 'string',
      },
      transferMetadata: {
        maxItems: 10,
        minItems: 0,
        type: 'array',
        items: {
          $ref: '#/components/schemas/TransferMetadataModel',
        },
      },
    },
  },
  Stamp: {
    required: ['hashDocument', 'provincialResidence', 'stampType'],
    type: 'object',
    properties: {
      hashDocument: {
        maxLength: 72,
        minLength: 0,
        type: 'string',
      },
      stampType: {
        maxLength: 2,
        minLength: 2,
        type: 'string',
      },
      provincialResidence: {
        pattern: '[A-Z]{2}',
        type: 'string',
      },
    },
  },
  PaymentOptionMetadataModel: {
    required: ['key', 'value'],
    type: 'object',
    properties: {
      key: {
        maxLength: 140,
        minLength: 0,
        type: 'string',
      },
      value: {
        maxLength: 140,
        minLength: 0,
        type: 'string',
      },
    },
  },
  TransferMetadataModel: {
    required: ['key', 'value'],
    type: 'object',
    properties: {
      key: {
        maxLength: 140,
        minLength: 0,
        type: 'string',
      },
      value: {
        maxLength: 140,
        minLength: 0,
        type: 'string',
      },
    },
  },
};
// jscpd:ignore-end
