/**
 * The ANPR services this simulator answers, written from ANPR's documentation (shared/research/anpr.md
 * §1.2, the wsdl/comuni pack v9): Richiesta code -> endpoint path, XSD targetNamespace and file.
 * Its own table, because demo mode runs without ../shared/data; a test checks it against the WSDLs.
 */

export interface AnprService {
  /** The four characters after "Richiesta" in the request's root element. */
  code: string;
  /** Endpoint path under the ANPR host (WSDL family). */
  path: string;
  /** targetNamespace of the XSD declaring RichiestaNNNN and RispostaNNNN. */
  namespace: string;
  /** File of the official pack that declares RichiestaNNNN (the simulator validates against it). */
  xsd: string;
  /** WSDL operation bound to RichiestaNNNN. */
  operation: string;
  /** Registrations change the registry (applied once, replayed after); the others only read. */
  registration: boolean;
}

type Family = Pick<AnprService, 'path' | 'namespace' | 'xsd'>;

function family(group: string, endpoint: string, schema: string): Family {
  return { path: `/${endpoint}/AnprService${group}`, namespace: `http://sogei.it/ANPR/${schema}`, xsd: `${schema}.xsd` };
}

const ISCRIZIONE = family('1000', 'ANPR1000ServiziIscrizione', '1000iscrizione');
const CANCELLAZIONE = family('2000', 'ANPR2000ServiziCancellazione', '2000cancellazione');
const CONSULTAZIONE = family('3000', 'ANPR3000ServiziConsultazione', '3000consultazione');
const ESTRAZIONE = family('4000', 'ANPR4000ServiziEstrazione', '4000estrazione');
const MUTAZIONE = family('5000', 'ANPR5000ServiziMutazione', '5000mutazione');
const CERTIFICAZIONE = family('6001', 'ANPR6001ServizioCertificazione', '6001certificazione');

const TABLE: AnprService[] = [
  { code: '1001', operation: 'iscrizione_nascita', ...ISCRIZIONE, registration: true },
  { code: '1002', operation: 'iscrizione_altriMotivi', ...ISCRIZIONE, registration: true },
  { code: '2001', operation: 'decesso', ...CANCELLAZIONE, registration: true },
  { code: '2003', operation: 'cancellazione_AltriMotivi', ...CANCELLAZIONE, registration: true },
  { code: '3002', operation: 'interrogazioneCittadino_famiglia_convivenza', ...CONSULTAZIONE, registration: false },
  { code: '3003', operation: 'gestione_richieste', ...CONSULTAZIONE, registration: false },
  { code: '4001', operation: 'estrazione_dati_cittadini', ...ESTRAZIONE, registration: false },
  { code: '4002', operation: 'rivestimento_cf', ...ESTRAZIONE, registration: false },
  { code: '4005', operation: 'richieste_asincrone', ...ESTRAZIONE, registration: false },
  { code: '3007', operation: 'ricerca_identificativi_anpr', ...CONSULTAZIONE, registration: false },
  { code: '5005', operation: 'mutazione_residenza', ...MUTAZIONE, registration: true },
  { code: '5008', operation: 'mutazione_scheda', ...MUTAZIONE, registration: true },
  { code: '5014', operation: 'rettifica_dati', ...MUTAZIONE, registration: true },
  { code: '6001', operation: 'emissioneCertificato', ...CERTIFICAZIONE, registration: false },
];

export const SIMULATED_SERVICES: readonly AnprService[] = TABLE;

const BY_REQUEST_ELEMENT = new Map(TABLE.map((s) => [`Richiesta${s.code}`, s]));
const PATHS = new Set(TABLE.map((s) => s.path));

/** The service whose request root element has this local name, or null when not simulated. */
export function serviceOfRequestElement(localName: string): AnprService | null {
  return BY_REQUEST_ELEMENT.get(localName) ?? null;
}

/** True when a POST to this path reaches one of the simulated endpoints. */
export function isServicePath(path: string): boolean {
  return PATHS.has(path);
}
