import { describe, expect, it } from 'vitest';
import { labelFor } from '../../../electron/core/anagrafe/messages';

describe('labelFor: a payload path named as the clerk knows the field', () => {
  it('says whose field it is (the mother, the father, the act)', () => {
    expect(labelFor('richiesta.generalita1001.generalita.cognome'.split('.'))).toBe('Cognome');
    expect(labelFor('richiesta.maternita.generalita.cognome'.split('.'))).toBe('Cognome della madre');
    expect(labelFor('richiesta.paternita.generalita.codiceFiscale.codFiscale'.split('.'))).toBe('Codice fiscale del padre');
    expect(labelFor('richiesta.attoNascita.numeroAtto'.split('.'))).toBe('Numero dell’atto');
    expect(labelFor('richiesta.attoNascita.anno'.split('.'))).toBe('Anno dell’atto');
    expect(labelFor(['richiesta', 'sconosciuto'])).toBe('Dati della pratica');
  });
});
