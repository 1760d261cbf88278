/** Seeding for the anagrafe tests: ANPR's official places (from ../shared/data), and a row count. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAnprComuniArchive, loadAnprForeignStates, loadEmbeddedPlaces } from '../../../electron/core/anagrafe/places';
import type { Db } from '../../../electron/core/store/types';

/** ANPR's official artefacts (never copied into the repo): ../shared/data/anpr from the repo root. */
export const ANPR_DATA = fileURLToPath(new URL('../../../../shared/data/anpr/', import.meta.url));
export const hasAnprData = existsSync(join(ANPR_DATA, 'ANPR_archivio_comuni.csv'));
export const NO_DATA_REASON = `ANPR data not found in ${ANPR_DATA}: place-dependent tests skipped`;

/** Loads the ANPR comuni archive and Tabella 2, plus the ceased foreign states from the embedded dataset. */
export async function loadOfficialPlaces(db: Db): Promise<{ comuni: number; stati: number; ceased: number }> {
  const comuni = loadAnprComuniArchive(db, readFileSync(join(ANPR_DATA, 'ANPR_archivio_comuni.csv'), 'utf8'));
  const stati = loadAnprForeignStates(db, readFileSync(join(ANPR_DATA, 'ANPR_tabella_2_stati_esteri_20181109.csv'), 'utf8'));
  const ceased = await loadEmbeddedPlaces(db, 'ceased-states');
  return { comuni, stati, ceased };
}

export function count(db: Db, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}
