/**
 * The simulator's own reading of requests: @xmldom/xmldom with parsing stopped at the first error,
 * and a few helpers that select children by local name (ANPR's XSDs are elementFormDefault
 * "unqualified": only the Richiesta root carries the service namespace).
 */
import { DOMParser, type Document, type Element, onErrorStopParsing } from '@xmldom/xmldom';
import { SOAP_ENV } from './namespaces';

export type XElement = Element;

/** The document, or null when the text is not well-formed XML. */
export function parseXml(text: string): Document | null {
  try {
    const doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(text, 'text/xml');
    return doc.documentElement ? doc : null;
  } catch {
    return null;
  }
}

/** Element children of `parent`, optionally only those with this local name. */
export function childElements(parent: Element, localName?: string): Element[] {
  return Array.from(parent.childNodes).filter(
    (n): n is Element => n.nodeType === n.ELEMENT_NODE && (localName === undefined || (n as Element).localName === localName),
  );
}

export function firstChild(parent: Element | undefined, localName: string): Element | undefined {
  if (!parent) return undefined;
  return childElements(parent, localName).at(0);
}

/** The trimmed text of the first child with this name; undefined when absent or blank. */
export function childText(parent: Element | undefined, localName: string): string | undefined {
  const value = firstChild(parent, localName)?.textContent?.trim();
  return value ? value : undefined;
}

/** Walks down by local names (first match each step): path(req, 'a', 'b') is req/a/b. */
export function path(from: Element | undefined, ...steps: string[]): Element | undefined {
  return steps.reduce<Element | undefined>((at, step) => firstChild(at, step), from);
}

/** Every element below `root` (depth first) with this local name. */
export function descendants(root: Element, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS('*', localName));
}

export interface SoapRequest {
  header?: Element;
  /** The first element inside soapenv:Body: the RichiestaNNNN. */
  payload?: Element;
}

/** Header and payload of a SOAP 1.1 envelope; null for anything else. */
export function soapParts(doc: Document): SoapRequest | null {
  const envelope = doc.documentElement;
  if (envelope?.namespaceURI !== SOAP_ENV || envelope.localName !== 'Envelope') return null;
  const inSoap = (e: Element) => e.namespaceURI === SOAP_ENV;
  const body = childElements(envelope, 'Body').find(inSoap);
  if (!body) return null;
  return { header: childElements(envelope, 'Header').find(inSoap), payload: childElements(body).at(0) };
}
