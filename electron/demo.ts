/**
 * Demo defaults: on the first demo start, a deterministic demo Comune (Bagnoregio, VT) with a few
 * thousand fictitious residents, its pagoPA settings and catalogue, and one CIE station. Nothing
 * here runs outside demo mode.
 */
import { seedDemoComune, DEMO_REGISTRY } from './core/anagrafe/demo';
import { createCatalogueItem, listCatalogue } from './core/pagopa/catalogue';
import { assignWorkstationSlot, getPagopaSettings, savePagopaSettings } from './core/pagopa/settings';
import { createStation, listStations, setOpeningHours } from './core/cie/stations';
import { setSetting } from './core/settings/settings';
import { systemActor, type ComuneInfo, type Workstation } from './core/settings/workstation';
import type { Db } from './core/store/types';

export const DEMO_COMUNE: ComuneInfo = {
  nome: 'Comune di Bagnoregio (dimostrativo)',
  codiceIstat: DEMO_REGISTRY.comuneIstat,
  codiceCatastale: DEMO_REGISTRY.belfiore,
  provincia: DEMO_REGISTRY.siglaProvincia,
};

/** The demo Comune's CF ente (fictitious, valid check digit). */
export const DEMO_CF_ENTE = '80004470560';
const DEMO_IBAN = 'IT60X0542811101000000123456';

export function seedDemo(db: Db, workstation: Workstation, persons = 3000): void {
  const actor = systemActor(workstation.id);
  const hasResidents = (db.prepare('SELECT count(*) AS n FROM anagrafe_person').get() as { n: number }).n > 0;
  db.transaction(() => {
    setSetting(db, 'comune', DEMO_COMUNE);
    if (!hasResidents) seedDemoComune(db, { persons });
    if (!getPagopaSettings(db)) {
      savePagopaSettings(db, actor, {
        cfEnte: DEMO_CF_ENTE,
        enteName: DEMO_COMUNE.nome,
        officeName: 'Ufficio anagrafe',
        enteInfo: 'Piazza Cavour 1, 01022 Bagnoregio (VT)',
        segregationCode: '47',
        cbill: 'A0EDT',
        physicalChannel: 'presso lo sportello del Comune',
        onlineChannel: 'sul sito del Comune,',
        postalAccount: null,
        postalHolder: null,
        posteAuthorization: null,
        logo: null,
      });
      assignWorkstationSlot(db, actor, workstation.id, workstation.number);
    }
    if (listCatalogue(db).length === 0) {
      const items = [
        { code: 'CIE-STATO', description: 'Carta d’identità elettronica: quota dello Stato', amountCents: 1679, taxonomy: '9/0101100IM/' },
        {
          code: 'CIE-COMUNE',
          description: 'Carta d’identità elettronica: diritti fissi e di segreteria del Comune',
          amountCents: 542,
          taxonomy: '9/0101108TS/',
        },
        { code: 'SEGRETERIA', description: 'Diritti di segreteria', amountCents: 52, taxonomy: '9/0101108TS/' },
        { code: 'CERT-BOLLO', description: 'Certificato anagrafico in bollo: diritti', amountCents: 52, taxonomy: '9/0101108TS/' },
      ];
      for (const i of items) createCatalogueItem(db, actor, { ...i, iban: DEMO_IBAN });
    }
    if (listStations(db).length === 0) {
      const station = createStation(db, actor, {
        name: 'Postazione CIE 1',
        place: 'Ufficio anagrafe, piano terra, Piazza Cavour 1',
        slotMinutes: 20,
        onlineQuotaPercent: 50,
      });
      const hours = [1, 2, 3, 4, 5].flatMap((weekday) => [
        { weekday, start: '08:30', end: '12:30' },
        ...(weekday === 2 || weekday === 4 ? [{ weekday, start: '14:30', end: '17:30' }] : []),
      ]);
      setOpeningHours(db, actor, station.id, hours);
    }
  })();
}
