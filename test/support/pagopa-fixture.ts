import { issueNotice, cancelNotice } from '../../electron/core/pagopa/notices';
import { listCatalogue } from '../../electron/core/pagopa/catalogue';
import { getWorkstation } from '../../electron/core/settings/workstation';
import { keyFileProvider } from '../../electron/core/store/key-file';
import { openStore } from '../../electron/core/store/store';
import type { Actor, Db } from '../../electron/core/store/types';
import { seedDemo } from '../../electron/demo';

/** A real encrypted store seeded like demo mode (few residents), ready to issue pagoPA notices. */
export function pagopaStore(dir: string) {
  const s = openStore(dir, keyFileProvider);
  const ws = getWorkstation(s.db);
  seedDemo(s.db, ws, 5);
  const actor: Actor = { operatorId: 'test-operator', workstationId: ws.id };
  return { ...s, workstation: ws, actor };
}

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** Issues a CIE-fee notice (business record + outbox item + audit, one transaction). */
export function issueCieFee(db: Db, actor: Actor, i: number) {
  const items = listCatalogue(db).filter((c) => c.code.startsWith('CIE-'));
  return issueNotice(db, actor, {
    debtor: { type: 'F', codiceFiscale: 'DMEPTR80A01A577B', fullName: `Cittadino Prova ${i}` },
    items: items.map((c) => ({ catalogueItemId: c.id })),
    dueDate: tomorrow(),
  });
}

export { cancelNotice };
