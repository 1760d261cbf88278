/**
 * The GPD v1 debt-position model (gpd.json, PaymentPositionModel) as Sportello sends it, and the
 * parts of the GET response it reads. Built in core so the outbox stores exactly what is sent.
 */

export interface GpdTransfer {
  idTransfer: '1' | '2' | '3' | '4' | '5';
  amount: number;
  remittanceInformation: string;
  category: string;
  iban: string;
}

export interface GpdPaymentOption {
  iuv: string;
  nav: string;
  amount: number;
  description: string;
  isPartialPayment: boolean;
  dueDate: string;
  transfer: GpdTransfer[];
}

export interface GpdPosition {
  iupd: string;
  type: 'F' | 'G';
  fiscalCode: string;
  fullName: string;
  streetName?: string;
  civicNumber?: string;
  postalCode?: string;
  city?: string;
  province?: string;
  country?: string;
  switchToExpired: boolean;
  companyName: string;
  officeName?: string;
  paymentOption: GpdPaymentOption[];
}

export type GpdPositionStatus = 'DRAFT' | 'PUBLISHED' | 'VALID' | 'INVALID' | 'EXPIRED' | 'PARTIALLY_PAID' | 'PAID' | 'REPORTED';

export type GpdOptionStatus = 'PO_UNPAID' | 'PO_PAID' | 'PO_PARTIALLY_REPORTED' | 'PO_REPORTED';

/** What Sportello reads from GET …/debtpositions/{iupd} (PaymentPositionModelBaseResponse). */
export interface GpdPositionResponse {
  iupd: string;
  status: GpdPositionStatus;
  paymentDate?: string | null;
  paymentOption?: {
    nav?: string;
    iuv: string;
    amount: number;
    dueDate?: string;
    status?: GpdOptionStatus;
    paymentDate?: string | null;
    idReceipt?: string | null;
    pspCompany?: string | null;
    transfer?: { idTransfer: string; amount: number; iban?: string; category?: string }[];
  }[];
}

/** Outbox payloads (payloadVersion 1). */
export interface GpdCreatePayload {
  cfEnte: string;
  position: GpdPosition;
}

export interface GpdInvalidatePayload {
  cfEnte: string;
  iupd: string;
}

export const GPD_KIND_CREATE = 'gpd.create';
export const GPD_KIND_INVALIDATE = 'gpd.invalidate';

export function isPaidOptionStatus(s: string | undefined): boolean {
  return s === 'PO_PAID' || s === 'PO_PARTIALLY_REPORTED' || s === 'PO_REPORTED';
}
