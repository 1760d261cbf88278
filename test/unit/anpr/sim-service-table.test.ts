/**
 * The ANPR simulator's own service table (simulators/anpr/service-table.ts, needed in demo mode
 * where ../shared/data is absent) agrees with the official wsdl/comuni pack: each Richiesta is a
 * top-level element of the named XSD, in its targetNamespace, bound to the named WSDL operation,
 * and the endpoint ends with the WSDL's service address.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { isServicePath, SIMULATED_SERVICES, serviceOfRequestElement } from '../../../simulators/anpr/service-table';

const DIR = '/work/shared/data/anpr/wsdl-comuni';
const haveData = existsSync(join(DIR, 'tipoDato.xsd'));
const XS = 'http://www.w3.org/2001/XMLSchema';
const WSDL = 'http://schemas.xmlsoap.org/wsdl/';

function root(file: string): Element {
  // Some files of the pack start with a byte-order mark or blank lines before the XML declaration.
  const text = readFileSync(join(DIR, file), 'utf8').replace(/^[\uFEFF\s]+/, '');
  const doc = new DOMParser().parseFromString(text, 'text/xml');
  if (!doc.documentElement) throw new Error(`${file} is not XML`);
  return doc.documentElement;
}

const children = (parent: Element, ns: string, name: string) =>
  Array.from(parent.childNodes).filter(
    (n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === name,
  );

/** The WSDL whose types import this XSD file. */
function wsdlImporting(xsd: string): Element {
  const file = readdirSync(DIR)
    .filter((f) => f.endsWith('.wsdl'))
    .find((f) => Array.from(root(f).getElementsByTagNameNS(XS, 'import')).some((i) => i.getAttribute('schemaLocation') === xsd));
  if (!file) throw new Error(`no WSDL imports ${xsd}`);
  return root(file);
}

describe.skipIf(!haveData)('the simulator’s ANPR service table against wsdl/comuni', () => {
  it.each(SIMULATED_SERVICES.map((s) => [s.code, s] as const))(
    '%s: XSD element, namespace, WSDL operation and endpoint',
    (code, service) => {
      const schema = root(service.xsd);
      expect(schema.getAttribute('targetNamespace')).toBe(service.namespace);
      expect(children(schema, XS, 'element').map((e) => e.getAttribute('name'))).toContain(`Richiesta${code}`);

      const wsdl = wsdlImporting(service.xsd);
      const schemaPrefix = wsdl.lookupPrefix(service.namespace);
      const message = children(wsdl, WSDL, 'message').find(
        (m) => children(m, WSDL, 'part')[0]?.getAttribute('element') === `${schemaPrefix}:Richiesta${code}`,
      );
      expect(message, `WSDL message for Richiesta${code}`).toBeDefined();
      const operations = children(wsdl, WSDL, 'portType').flatMap((p) => children(p, WSDL, 'operation'));
      const bound = operations.find(
        (o) => children(o, WSDL, 'input')[0]?.getAttribute('message')?.split(':').pop() === message?.getAttribute('name'),
      );
      expect(bound?.getAttribute('name')).toBe(service.operation);

      const address = wsdl.getElementsByTagNameNS('http://schemas.xmlsoap.org/wsdl/soap/', 'address')[0]?.getAttribute('location') ?? '';
      const url = new URL(address);
      // The pack's addresses are placeholders (sogei.it) except those on ANPR's host, which carry the real family path.
      if (url.hostname === 'ws.anpr.interno.it') expect(service.path).toBe(url.pathname);
      else expect(service.path.endsWith(`/${url.pathname.split('/').pop()}`)).toBe(true);
    },
  );
});

describe('the simulator’s ANPR service table', () => {
  it('finds a service by its Richiesta element and path, and nothing else', () => {
    expect(serviceOfRequestElement('Richiesta5005')?.path).toBe('/ANPR5000ServiziMutazione/AnprService5000');
    expect(serviceOfRequestElement('Richiesta3001')).toBeNull();
    expect(serviceOfRequestElement('Risposta3002')).toBeNull();
    expect(isServicePath('/ANPR6001ServizioCertificazione/AnprService6001')).toBe(true);
    expect(isServicePath('/ANPR7001ServizioScaricoTabelle/AnprService7001')).toBe(false);
  });
});
