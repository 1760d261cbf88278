// The demo PKI worker of the bundled back end (scripts/build.mjs): as demo-pki-worker.mjs, without tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { createDemoCredentials } from './demo-pki';

parentPort!.postMessage(await createDemoCredentials(workerData));
