/** Everything the notice PDF needs, already resolved from settings and the notice record. */

export interface NoticePayment {
  /** 18-digit notice number (codice avviso). */
  nav: string;
  amountCents: number;
  /** YYYY-MM-DD. */
  dueDate: string;
}

export interface NoticeDocument {
  subject: string;
  ente: {
    cf: string;
    name: string;
    office: string | null;
    info: string | null;
    cbill: string | null;
    onlineChannel: string | null;
    physicalChannel: string | null;
    logo: Buffer | null;
  };
  debtor: {
    /** Codice fiscale / P.IVA; null only when unknown (e.g. a foreign citizen). */
    cf: string | null;
    fullName: string;
    addressLines: string[];
  };
  /** The whole amount in one go (rata unica). */
  single: NoticePayment;
  /** 0, or 2 to 9 instalments, in order. */
  instalments: NoticePayment[];
  /** Present when the Comune has a c/c postale: adds the Bollettino Postale PA. */
  poste: {
    account: string;
    holder: string;
    authorization: string;
  } | null;
}
