// Runs createDemoCredentials off the main thread: node-forge's RSA signing and PKCS#12 encryption
// are pure JavaScript and would otherwise stall a starting host for about a second.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { createDemoCredentials } = await import('./demo-pki.ts');
parentPort.postMessage(await createDemoCredentials(workerData));
