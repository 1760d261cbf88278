/**
 * The IO services of the demo Comune and its citizens' IO profiles. A citizen the tests did not
 * seed gets a profile decided by their codice fiscale alone (a hash), so every demo citizen — the
 * client's generated registry, ANPR's simulated population, any valid CF — has one, the same in
 * every run, without this simulator knowing how they were generated.
 */
import { createHash } from 'node:crypto';

export interface IoService {
  /** ServiceId (on IO, the subscription id of the API user). */
  id: string;
  name: string;
  organization_name: string;
  organization_fiscal_code: string;
  /** Primary and secondary subscription key ("Ocp-Apim-Subscription-Key"). */
  keys: [string, string];
}

/** A citizen on IO, with the services they turned off (sender_allowed false for those). */
export interface IoProfile {
  fiscal_code: string;
  blocked: 'all' | string[];
  preferred_languages: string[];
}

/** The demo Comune's CF ente (the payee of its pagoPA notices). */
export const DEMO_ORGANIZATION_FISCAL_CODE = '80004470560';

export const DEMO_IO_SERVICES: IoService[] = [
  {
    id: '01JDEM0ANAGRAFEC1E00000001',
    name: 'Anagrafe e CIE',
    organization_name: 'Comune di Bagnoregio (dimostrativo)',
    organization_fiscal_code: DEMO_ORGANIZATION_FISCAL_CODE,
    keys: ['io-demo-anagrafe-primary-0000000001', 'io-demo-anagrafe-secondary-000000001'],
  },
  {
    id: '01JDEM0PAGAMENT00000000002',
    name: 'Pagamenti',
    organization_name: 'Comune di Bagnoregio (dimostrativo)',
    organization_fiscal_code: DEMO_ORGANIZATION_FISCAL_CODE,
    keys: ['io-demo-pagamenti-primary-000000002', 'io-demo-pagamenti-secondary-00000002'],
  },
];

/** A stable, well spread number from a codice fiscale. */
function hash(s: string): number {
  return createHash('sha256').update(s).digest().readUInt32BE(0);
}

/**
 * The demo rule, by hash of the codice fiscale mod 100: 0–19 not on IO (404); 20–29 on IO with
 * every service of the Comune turned off; 30–39 on IO with the second service (Pagamenti) off;
 * 40–99 on IO, every service allowed.
 */
export function demoProfile(fiscalCode: string, services: IoService[]): IoProfile | null {
  const bucket = hash(fiscalCode) % 100;
  if (bucket < 20) return null;
  const blocked: IoProfile['blocked'] = bucket < 30 ? 'all' : bucket < 40 ? services.slice(1, 2).map((s) => s.id) : [];
  return { fiscal_code: fiscalCode, blocked, preferred_languages: ['it_IT'] };
}

export function senderAllowed(p: IoProfile, serviceId: string): boolean {
  return p.blocked !== 'all' && !p.blocked.includes(serviceId);
}
