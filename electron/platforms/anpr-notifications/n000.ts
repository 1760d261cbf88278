/**
 * N000 `inoltroNotificaANPR` (N000serviziNotifiche.wsdl): the endpoint a Comune may expose for
 * ANPR to push notifications. It checks the SOAP body (RichiestaN000 in ANPR's namespace, the
 * testataNotifica fields, this Comune as codDestinatario, a contenuto that is a Risposta_Comune
 * carrying the same idOperazioneANPR) and hands the notification to the anagrafe room, which
 * records it once: a push and the same notification found later by the poller apply once.
 * It listens on its own port (the Comune's gateway forwards to it), never on the UI's host.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { receiveNotice } from '../../core/anagrafe/notifications/receive';
import type { Actor, Db } from '../../core/store/types';
import { childText, firstChild, parseXml, soapParts } from '../anpr/xml-read';
import type { Decrypter } from './decrypt';
import { readNotice } from './notice-read';

export const N000_NAMESPACE = 'http://sogei.it/ANPR/N000AnprService';
const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const MAX_BODY = 4 * 1024 * 1024;

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

function envelope(inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;
}

function fault(text: string): { status: number; xml: string } {
  return {
    status: 500,
    xml: envelope(`<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>${esc(text)}</faultstring></soapenv:Fault>`),
  };
}

function answer(codiceEsito: string, esito: string): { status: number; xml: string } {
  return {
    status: 200,
    xml: envelope(
      `<n:RispostaN000 xmlns:n="${N000_NAMESPACE}"><codiceEsito>${codiceEsito}</codiceEsito><esito>${esc(esito)}</esito></n:RispostaN000>`,
    ),
  };
}

/** A plain Risposta_Comune starts with '<' (after a BOM or blanks); anything else is taken as encrypted. */
function looksLikeXml(b: Buffer): boolean {
  return /^(\uFEFF)?\s*</.test(b.subarray(0, 64).toString('utf8'));
}

/**
 * One pushed notification: the SOAP answer to give ANPR. An encrypted contenuto is opened with
 * `decrypt` (the Comune's key). A plain one is refused unless `acceptPlain` (demo only): ANPR
 * encrypts every content for the Comune's certificate, and that is what tells its pushes from
 * anything else that can reach the port.
 */
export function handleN000(
  db: Db,
  actor: Actor,
  comuneIstat: string,
  body: string,
  now: Date = new Date(),
  decrypt?: Decrypter,
  acceptPlain = false,
): { status: number; xml: string } {
  const doc = parseXml(body);
  const soap = doc && soapParts(doc);
  const req = soap?.payload;
  if (!req || req.localName !== 'RichiestaN000' || req.namespaceURI !== N000_NAMESPACE)
    return fault('Messaggio non valido: attesa RichiestaN000');
  const t = firstChild(req, 'testataNotifica');
  const tipo = childText(t, 'tipoNotifica');
  const id = childText(t, 'idOperazioneANPR');
  const dataOra = childText(t, 'dataOraRichiesta');
  if (!tipo || !childText(t, 'codMittente') || !id || !/^\d{1,30}$/.test(id) || !dataOra || Number.isNaN(Date.parse(dataOra)))
    return fault('testataNotifica incompleta o non valida');
  if (childText(t, 'codDestinatario') !== comuneIstat) return fault('codDestinatario diverso dal Comune');
  const b64 = childText(req, 'contenuto');
  if (!b64 || !/^[A-Za-z0-9+/=\s]+$/.test(b64)) return fault('contenuto assente o non in base64');
  const raw = Buffer.from(b64, 'base64');
  const plain = looksLikeXml(raw);
  if (plain && !acceptPlain) return fault('contenuto in chiaro non accettato: ANPR lo cifra per il certificato del Comune');
  const content = plain ? raw.toString('utf8') : (decrypt?.(raw) ?? null);
  if (content === null) return fault('contenuto cifrato non leggibile con il certificato del Comune');
  const notice = readNotice(content, tipo);
  if (!notice) return fault('contenuto non leggibile come Risposta_Comune');
  if (notice.idOperazioneAnpr !== id) return fault('idOperazioneANPR del contenuto diverso da quello della testata');
  const r = receiveNotice(db, actor, notice, 'push', now);
  return answer('0', r.outcome === 'duplicate' ? 'Notifica già ricevuta' : 'Notifica ricevuta');
}

export interface N000Listener {
  url: string;
  close(): Promise<void>;
}

/** Listens for ANPR's pushes on host:port (POST only, bodies up to 4 MB). */
export async function startN000Listener(o: {
  onReceived?: () => void;
  /** The Comune's decrypter, resolved per push (a renewed certificate applies at once); undefined: plain contents only. */
  decrypter?: () => Promise<Decrypter | undefined>;
  db: Db;
  actor: Actor;
  comuneIstat: () => string;
  port: number;
  host: string;
  now?: () => Date;
  /** Demo only: contents in clear are read as they are (see handleN000). */
  acceptPlain?: boolean;
}): Promise<N000Listener> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', async () => {
      let out: { status: number; xml: string };
      try {
        const decrypt = await o.decrypter?.().catch(() => undefined);
        out = handleN000(o.db, o.actor, o.comuneIstat(), Buffer.concat(chunks).toString('utf8'), o.now?.(), decrypt, o.acceptPlain);
        if (out.status === 200) o.onReceived?.();
      } catch {
        out = fault('Notifica non accettata');
      }
      res.writeHead(out.status, { 'content-type': 'text/xml; charset=utf-8' }).end(out.xml);
    });
  });
  await new Promise<void>((resolve) => server.listen(o.port, o.host, resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://${o.host}:${port}/`, close: () => new Promise<void>((r) => server.close(() => r())) };
}
