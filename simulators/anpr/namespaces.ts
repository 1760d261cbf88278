/**
 * The XML namespaces ANPR's policy and answers use, written here from the specifications (not taken
 * from the client): SOAP 1.1 (W3C Note 2000), WS-Security 1.0 (OASIS 2004), SAML 2.0 (OASIS 2005),
 * XML-DSig (W3C 2002) and the rispostaComune.xsd targetNamespace of ANPR's wsdl/comuni pack.
 */
export const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
export const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const SAML2_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const XMLDSIG = 'http://www.w3.org/2000/09/xmldsig#';
export const RISPOSTA_COMUNE = 'http://sogei.it/ANPR/rispostaComune';
