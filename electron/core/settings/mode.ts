/**
 * Demo or production is fixed for a data folder at its first start and never mixed: a demo folder
 * holds fictitious residents and talks to simulators; a production folder holds the Comune's data
 * and talks only to the endpoints the responsabile typed.
 */
import { SportelloError } from '../errors';
import type { Db } from '../store/types';
import { getSetting, setSetting } from './settings';

export type DataMode = 'demo' | 'production';

/** Records the mode on first start; refuses a start in the other mode. */
export function fixDataMode(db: Db, demo: boolean): DataMode {
  const wanted: DataMode = demo ? 'demo' : 'production';
  const recorded = getSetting<DataMode>(db, 'mode');
  if (!recorded) {
    setSetting(db, 'mode', wanted);
    return wanted;
  }
  if (recorded !== wanted) {
    throw new SportelloError(
      recorded === 'demo' ? 'DATA_MODE_DEMO_FOLDER' : 'DATA_MODE_PRODUCTION_FOLDER',
      recorded === 'demo'
        ? "Questa cartella dati è di una prova dimostrativa (dati fittizi): non si può usare per il lavoro reale. Avviare Sportello con un'altra cartella dati, oppure di nuovo in modalità dimostrativa (--demo)."
        : "Questa cartella dati contiene i dati reali del Comune: non si può aprire in modalità dimostrativa. Avviare Sportello senza --demo, oppure usare un'altra cartella per la prova.",
      { recorded, wanted },
    );
  }
  return recorded;
}
