/**
 * One notification poll in its own process, for the SIGKILL test: opens the data folder's
 * encrypted store as the app does and polls the ANPR simulator once, pausing a little after each
 * notification so the parent can kill it half way. Argument: JSON {dataDir, endpoint, pkiDir, nowMs, operatorCf}.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyFileProvider } from '../../../../electron/core/store/key-file';
import { openStore } from '../../../../electron/core/store/store';
import { createAnprClient } from '../../../../electron/platforms/anpr/client';
import { pollAnprNotificationsOnce } from '../../../../electron/platforms/anpr-notifications/poller';

const a = JSON.parse(process.argv[2]) as {
  dataDir: string;
  endpoint: string;
  pkiDir: string;
  nowMs: number;
  operatorCf: string;
  pauseMs: number;
};
const { db } = openStore(a.dataDir, keyFileProvider);
const now = () => new Date(a.nowMs);
const client = createAnprClient(
  {
    endpoint: a.endpoint,
    codiceIstatComune: '058091',
    tipoInvio: 'TEST',
    idPostazione: '058091-PC-0001',
    comuneCertificate: { p12: readFileSync(join(a.pkiDir, 'comune.p12')), password: 'comune-pw' },
    postazioneCertificate: { p12: readFileSync(join(a.pkiDir, 'postazione.p12')), password: 'postazione-pw' },
    localIp: '127.0.0.1',
  },
  { now },
);
const pause = new Int32Array(new SharedArrayBuffer(4));
const r = await pollAnprNotificationsOnce(
  db,
  client,
  { operatorId: 'system', workstationId: 'notifiche' },
  {
    operatorCodiceFiscale: a.operatorCf,
    now,
    afterEach: () => {
      if (a.pauseMs > 0) Atomics.wait(pause, 0, 0, a.pauseMs);
    },
  },
);
db.close();
process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
