/**
 * Runs the virtual CIE against a vpcd reader: `node --import tsx simulators/cie-card/main.ts --profile DIR/profile.json`
 * Options: --port N (default 35963), --host H, --forged-sod, --no-extended, --ias-6a82, --max-read N,
 * --pull-after N [--away-ms M]. Prints one line per event on stdout (for the test bed).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CardProfile } from './personalise';
import { VirtualCie } from './virtual-cie';
import { VpcdCard } from './vpcd-card';

const { values } = parseArgs({
  options: {
    profile: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: String(0x8c7b) },
    'forged-sod': { type: 'boolean', default: false },
    'no-extended': { type: 'boolean', default: false },
    'ias-6a82': { type: 'boolean', default: false },
    'max-read': { type: 'string' },
    'pull-after': { type: 'string' },
    'away-ms': { type: 'string' },
  },
});
if (!values.profile) {
  console.error('usage: main.ts --profile profile.json [options]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(values.profile, 'utf8')) as CardProfile;
const card = new VirtualCie(profile, {
  forgedSod: values['forged-sod'],
  noExtendedApdu: values['no-extended'],
  iasNotFound: values['ias-6a82'],
  maxReadLength: values['max-read'] ? Number(values['max-read']) : undefined,
});
const link = new VpcdCard(card, {
  host: values.host,
  port: Number(values.port),
  pullAfter: values['pull-after'] ? Number(values['pull-after']) : undefined,
  awayMs: values['away-ms'] ? Number(values['away-ms']) : undefined,
  onEvent: (e, d) => console.log(`cie-card ${e}${d ? ' ' + d : ''} apdus=${card.apduCount}`),
});
link.start();
const stop = () => {
  link.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
