/** The ANPR SOAP services Sportello calls: code -> WSDL family, endpoint path, XML namespace, XSD. */

export type AnprServiceCode =
  | '1001'
  | '1002'
  | '2001'
  | '2003'
  | '3002'
  | '3003'
  | '4001'
  | '4002'
  | '4005'
  | '5005'
  | '5008'
  | '5014'
  | '6001';

export interface AnprService {
  code: AnprServiceCode;
  /** WSDL operation name (documentation and logs only: soapAction is always ""). */
  operation: string;
  /** Path under the ANPR host, from italia/anpr-client-example WSTypeHandler. */
  path: string;
  /** targetNamespace of the service XSD: the Richiesta/Risposta root elements live in it. */
  namespace: string;
  /** XSD file in the official wsdl/comuni pack that declares RichiestaNNNN. */
  xsd: string;
  /** Registration services change the registry; consultations and certificates do not. */
  registration: boolean;
}

const FAMILY = {
  iscrizione: {
    path: '/ANPR1000ServiziIscrizione/AnprService1000',
    namespace: 'http://sogei.it/ANPR/1000iscrizione',
    xsd: '1000iscrizione.xsd',
  },
  cancellazione: {
    path: '/ANPR2000ServiziCancellazione/AnprService2000',
    namespace: 'http://sogei.it/ANPR/2000cancellazione',
    xsd: '2000cancellazione.xsd',
  },
  consultazione: {
    path: '/ANPR3000ServiziConsultazione/AnprService3000',
    namespace: 'http://sogei.it/ANPR/3000consultazione',
    xsd: '3000consultazione.xsd',
  },
  estrazione: {
    path: '/ANPR4000ServiziEstrazione/AnprService4000',
    namespace: 'http://sogei.it/ANPR/4000estrazione',
    xsd: '4000estrazione.xsd',
  },
  mutazione: {
    path: '/ANPR5000ServiziMutazione/AnprService5000',
    namespace: 'http://sogei.it/ANPR/5000mutazione',
    xsd: '5000mutazione.xsd',
  },
  certificazione: {
    path: '/ANPR6001ServizioCertificazione/AnprService6001',
    namespace: 'http://sogei.it/ANPR/6001certificazione',
    xsd: '6001certificazione.xsd',
  },
} as const;

export const ANPR_SERVICES: Record<AnprServiceCode, AnprService> = {
  '1001': { code: '1001', operation: 'iscrizione_nascita', ...FAMILY.iscrizione, registration: true },
  '1002': { code: '1002', operation: 'iscrizione_altriMotivi', ...FAMILY.iscrizione, registration: true },
  '2001': { code: '2001', operation: 'decesso', ...FAMILY.cancellazione, registration: true },
  '2003': { code: '2003', operation: 'cancellazione_AltriMotivi', ...FAMILY.cancellazione, registration: true },
  '3002': { code: '3002', operation: 'interrogazioneCittadino_famiglia_convivenza', ...FAMILY.consultazione, registration: false },
  '3003': { code: '3003', operation: 'gestione_richieste', ...FAMILY.consultazione, registration: false },
  '4001': { code: '4001', operation: 'estrazione_dati_cittadini', ...FAMILY.estrazione, registration: false },
  '4002': { code: '4002', operation: 'rivestimento_cf', ...FAMILY.estrazione, registration: false },
  '4005': { code: '4005', operation: 'richieste_asincrone', ...FAMILY.estrazione, registration: false },
  '5005': { code: '5005', operation: 'mutazione_residenza', ...FAMILY.mutazione, registration: true },
  '5008': { code: '5008', operation: 'mutazione_scheda', ...FAMILY.mutazione, registration: true },
  '5014': { code: '5014', operation: 'rettifica_dati', ...FAMILY.mutazione, registration: true },
  '6001': { code: '6001', operation: 'emissioneCertificato', ...FAMILY.certificazione, registration: false },
};

export function isAnprServiceCode(code: string): code is AnprServiceCode {
  return Object.hasOwn(ANPR_SERVICES, code);
}

/** 'anpr.5005' -> '5005'; null when the kind is not an ANPR service Sportello knows. */
export function serviceCodeOfKind(kind: string): AnprServiceCode | null {
  const m = /^anpr\.([0-9A-Z]{4})$/.exec(kind);
  return m && isAnprServiceCode(m[1]) ? m[1] : null;
}
