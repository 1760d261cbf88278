/** Reading SOAP answers: a DOM parse that never throws and small namespace-agnostic helpers. */
import { DOMParser } from '@xmldom/xmldom';
import { NS } from './ws-security';

export type XElement = {
  localName: string | null;
  namespaceURI: string | null;
  childNodes: ArrayLike<XNode>;
  textContent: string | null;
  getAttribute(name: string): string | null;
  getAttributeNS(ns: string | null, name: string): string | null;
};
type XNode = { nodeType: number } & Partial<XElement>;
export type XDocument = { documentElement: XElement | null };

const ELEMENT_NODE = 1;

/** Null for anything that is not well-formed XML. */
export function parseXml(text: string): XDocument | null {
  let fatal = false;
  try {
    const doc = new DOMParser({
      onError: (level: string) => {
        if (level === 'error' || level === 'fatalError') fatal = true;
      },
    }).parseFromString(text, 'text/xml') as unknown as XDocument;
    if (fatal || !doc || !doc.documentElement) return null;
    return doc;
  } catch {
    return null;
  }
}

export function childElements(node: XElement, localName?: string): XElement[] {
  const out: XElement[] = [];
  const kids = node.childNodes;
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k.nodeType === ELEMENT_NODE && (localName === undefined || k.localName === localName)) out.push(k as XElement);
  }
  return out;
}

export function firstChild(node: XElement | undefined, localName: string): XElement | undefined {
  return node ? childElements(node, localName)[0] : undefined;
}

export function childText(node: XElement | undefined, localName: string): string | undefined {
  const c = firstChild(node, localName);
  const t = c?.textContent?.trim();
  return t === undefined || t === '' ? undefined : t;
}

/** Follows a path of local names from `node`, first match at each step. */
export function path(node: XElement | undefined, ...names: string[]): XElement | undefined {
  let cur = node;
  for (const n of names) cur = firstChild(cur, n);
  return cur;
}

export function descendants(node: XElement, localName: string, out: XElement[] = []): XElement[] {
  for (const c of childElements(node)) {
    if (c.localName === localName) out.push(c);
    descendants(c, localName, out);
  }
  return out;
}

export interface SoapParts {
  header?: XElement;
  body?: XElement;
  /** The body's first element child: the RichiestaNNNN / RispostaNNNN / Fault. */
  payload?: XElement;
}

/** Null when the document is not a SOAP 1.1 envelope. */
export function soapParts(doc: XDocument): SoapParts | null {
  const env = doc.documentElement;
  if (!env || env.localName !== 'Envelope' || env.namespaceURI !== NS.soap) return null;
  const header = childElements(env, 'Header').find((e) => e.namespaceURI === NS.soap);
  const body = childElements(env, 'Body').find((e) => e.namespaceURI === NS.soap);
  if (!body) return null;
  return { header, body, payload: childElements(body)[0] };
}
