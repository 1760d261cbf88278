/** Test fixtures for pagoPA (on test/support/db.ts's store): the actors, settings and a seeded catalogue. */
import type { Actor, Db } from '../../../electron/core/store/types';
import { assignWorkstationSlot, savePagopaSettings, type PagopaSettingsInput } from '../../../electron/core/pagopa/settings';
import { createCatalogueItem, type CatalogueItem } from '../../../electron/core/pagopa/catalogue';

export const clerk: Actor = { operatorId: 'op-1', workstationId: 'ws-A' };
export const clerkB: Actor = { operatorId: 'op-2', workstationId: 'ws-B' };
export const responsabile: Actor = { operatorId: 'resp-1', workstationId: 'ws-A' };

// A syntactically valid Italian IBAN (the classic textbook example), not a real Comune account.
export const IBAN = 'IT60X0542811101000000123456';

export const SETTINGS: PagopaSettingsInput = {
  cfEnte: '03334231200',
  enteName: 'Comune di Esempio',
  officeName: 'Ufficio Anagrafe',
  enteInfo: 'Tel. 0123 456789 · anagrafe@comune.esempio.it',
  segregationCode: '02',
  cbill: 'A0EDT',
  physicalChannel: 'presso lo sportello del Comune',
  onlineChannel: 'sul sito di Comune di Esempio,',
  postalAccount: null,
  postalHolder: null,
  posteAuthorization: null,
  logo: null,
};

export const POSTE = {
  postalAccount: '123456',
  postalHolder: 'Comune di Esempio - Servizio Tesoreria',
  posteAuthorization: 'AUT. DB/SSIC/E 12345 DEL 01/01/2024',
};

export interface Seeded {
  cieState: CatalogueItem;
  cieComune: CatalogueItem;
  segreteria: CatalogueItem;
}

export function seed(db: Db, opts: { poste?: boolean } = {}): Seeded {
  savePagopaSettings(db, responsabile, { ...SETTINGS, ...(opts.poste ? POSTE : {}) });
  assignWorkstationSlot(db, responsabile, clerk.workstationId, 1);
  assignWorkstationSlot(db, responsabile, clerkB.workstationId, 2);
  return {
    cieState: createCatalogueItem(db, responsabile, {
      code: 'CIE-STATO',
      description: 'CIE - quota Stato',
      amountCents: 16_79,
      taxonomy: '9/0101108TS/',
      iban: IBAN,
    }),
    cieComune: createCatalogueItem(db, responsabile, {
      code: 'CIE-COMUNE',
      description: 'CIE - diritti fissi e di segreteria',
      amountCents: 5_42,
      taxonomy: '9/0101108TS/',
      iban: IBAN,
    }),
    segreteria: createCatalogueItem(db, responsabile, {
      code: 'DIR-SEGR',
      description: 'Diritti di segreteria certificato',
      amountCents: 52,
      taxonomy: '9/0101108TS/',
      iban: IBAN,
    }),
  };
}

// A syntactically valid codice fiscale (control character correct) for a fictitious person.
export const DEBTOR = {
  codiceFiscale: 'RSSMRA80A01H501U',
  fullName: 'Mario Rossi',
  address: { streetName: 'Via Roma', civicNumber: '1', postalCode: '00100', city: 'Roma', province: 'RM', country: 'IT' },
};
