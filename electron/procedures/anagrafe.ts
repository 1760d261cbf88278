import type { z } from 'zod';
import type { anagrafeContract, PersonView } from '../contracts/anagrafe';
import { appendAudit } from '../core/audit/log';
import type { Operator } from '../core/auth/operators';
import { SportelloError, ValidationError } from '../core/errors';
import { getComuneSettings } from '../core/anagrafe/id-operazione';
import { loadEmbeddedPlaces, searchPlaces } from '../core/anagrafe/places';
import { PRATICA_TITLES, type PraticaCode } from '../core/anagrafe/pratica-model';
import { createPratica, getPratica, type CreatedPratica } from '../core/anagrafe/pratiche';
import { romeDate } from '../core/rome-time';
import { familyMembers, readPersonRecord, type PersonRow } from '../core/anagrafe/registry';
import { searchRegistry } from '../core/anagrafe/search';
import { placeText, selfDeclarationFor } from '../core/anagrafe/self-declaration-data';
import { normalizeText } from '../core/anagrafe/text';
import type { Actor, Db } from '../core/store/types';
import type { Procedures } from '../host/dispatch';
import type { AppServices } from './services';

/** The search shows 20 persons; it asks for one more to know whether there are more (the page says so). */
const SEARCH_SHOWN = 20;

type AnagrafeProcedures = Pick<Procedures, keyof typeof anagrafeContract>;

/**
 * A fresh installation (and demo mode) has no places table yet: the birthplace rules need one, so
 * the embedded dataset is loaded once, in the background, and pratiche wait for it. A Comune that
 * loaded ANPR's official tables keeps them.
 */
function placesReady(db: Db): Promise<void> {
  const n = (db.prepare('SELECT count(*) AS n FROM anagrafe_place').get() as { n: number }).n;
  return n > 0 ? Promise.resolve() : loadEmbeddedPlaces(db, 'all').then(() => undefined);
}

/** tipoGeneralita of a local person, as pratiche name an existing subject. */
function generalitaOf(p: PersonRow, comuneIstat: string): Record<string, unknown> {
  return {
    ...(p.codice_fiscale ? { codiceFiscale: { codFiscale: p.codice_fiscale } } : {}),
    ...(p.cognome ? { cognome: p.cognome } : { senzaCognome: '1' }),
    ...(p.nome ? { nome: p.nome } : { senzaNome: '1' }),
    ...(p.sesso ? { sesso: p.sesso } : {}),
    ...(p.data_nascita ? { dataNascita: p.data_nascita } : {}),
    idSchedaSoggettoComune: { idSchedaSoggettoComuneIstat: comuneIstat, idSchedaSoggetto: p.id },
    ...(p.id_scheda_soggetto_anpr ? { idSchedaSoggettoANPR: p.id_scheda_soggetto_anpr } : {}),
  };
}

function cittadinanzaText(json: string | null): string {
  if (!json) return '';
  const list = JSON.parse(json) as { descrizioneStato?: string }[];
  return list
    .map((c) => c.descrizioneStato ?? '')
    .filter(Boolean)
    .join(', ');
}

function outboxResult(db: Db, outboxId: string | null): Record<string, unknown> | null {
  if (!outboxId) return null;
  const r = db.prepare('SELECT result FROM outbox WHERE id = ?').get(outboxId) as { result: string | null } | undefined;
  return r?.result ? (JSON.parse(r.result) as Record<string, unknown>) : null;
}

/** The operator's name split for ANPR's cognome/nomeUffAnagrafe (letters, spaces, apostrophes only). */
function officerName(op: Operator): { nome: string; cognome: string } {
  const words = normalizeText(op.displayName).split(' ').filter(Boolean);
  const nome = words[0] ?? 'UFFICIALE';
  const cognome = words.slice(1).join(' ') || 'ANAGRAFE';
  return { nome, cognome };
}

const pdfName = (prefix: string, id: string) => `${prefix}-${id}.pdf`;

export function anagrafeProcedures(s: AppServices): AnagrafeProcedures {
  let places: Promise<void> | null = null;
  const ensurePlaces = () =>
    (places ??= placesReady(s.db).catch((e: unknown) => {
      places = null;
      throw e;
    }));
  // Start loading at once so the first pratica does not wait for it; not once the store is closed
  // (the rehearsal's scratch store may close before this runs, and the host must not fall over).
  setTimeout(() => {
    if (!s.db.open) return;
    void ensurePlaces().catch((e: unknown) =>
      s.log.warn('anagrafe.places_load_failed', { error: e instanceof Error ? e.message : String(e) }),
    );
  }, 0).unref?.();

  const actor = (op: Operator | null): Actor => ({ operatorId: op!.id, workstationId: s.workstation.id });
  const today = () => romeDate(Date.now());

  const created = (c: CreatedPratica) => ({
    praticaId: c.praticaId,
    code: c.code,
    idOperazioneComune: c.idOperazioneComune,
    personId: c.personId,
    familyId: c.familyId,
    state: c.state,
    statusText: c.statusText,
  });

  function personView(a: Actor, id: string): z.output<typeof PersonView> {
    const settings = getComuneSettings(s.db);
    const rec = readPersonRecord(s.db, a, id);
    const p = rec.person;
    const members = p.family_id ? familyMembers(s.db, p.family_id) : [];
    if (members.length > 0) {
      appendAudit(s.db, a, {
        action: 'family.read',
        entityType: 'family',
        entityId: p.family_id!,
        detail: { ids: members.map((m) => m.id) },
      });
    }
    const praticaRow = s.db.prepare(
      'SELECT id_operazione_comune, id_operazione_anpr, esito_code, esito_text, outbox_id, state FROM anagrafe_pratica WHERE id = ?',
    );
    const history = rec.history.map((h) => {
      const pr = praticaRow.get(h.pratica_id) as
        | {
            id_operazione_comune: string;
            id_operazione_anpr: string | null;
            esito_code: string | null;
            esito_text: string | null;
            outbox_id: string | null;
            state: string;
          }
        | undefined;
      const certificateReady =
        h.code === '6001' && pr?.state === 'applicata' && typeof outboxResult(s.db, pr.outbox_id)?.certificatoPdf === 'string';
      return {
        praticaId: h.pratica_id,
        code: h.code,
        title: PRATICA_TITLES[h.code as PraticaCode] ?? h.code,
        decorrenza: h.data_decorrenza,
        state: h.state,
        createdAt: h.created_at,
        idOperazioneComune: pr?.id_operazione_comune ?? null,
        idOperazioneAnpr: pr?.id_operazione_anpr ?? null,
        esitoCode: pr?.esito_code ?? null,
        esitoText: pr?.esito_text ?? null,
        certificateReady,
      };
    });
    const a2 = rec.address;
    return {
      id: p.id,
      cognome: p.cognome,
      nome: p.nome,
      sesso: p.sesso,
      dataNascita: p.data_nascita,
      luogoNascita: placeText(p.luogo_nascita),
      luogoNascitaDati: p.luogo_nascita ? (JSON.parse(p.luogo_nascita) as unknown) : null,
      codiceFiscale: p.codice_fiscale,
      cittadinanza: cittadinanzaText(p.cittadinanza),
      statoCivile: p.stato_civile,
      status: p.status,
      codiceLegame: p.codice_legame,
      idAnpr: p.id_anpr,
      idSchedaSoggettoAnpr: p.id_scheda_soggetto_anpr,
      generalita: generalitaOf(p, settings.comuneIstat),
      family: rec.family
        ? {
            id: rec.family.id,
            idFamigliaAnpr: rec.family.id_famiglia_anpr,
            dataOrigine: rec.family.data_origine,
            members: members.map((m) => ({
              id: m.id,
              cognome: m.cognome,
              nome: m.nome,
              codiceFiscale: m.codice_fiscale,
              dataNascita: m.data_nascita,
              codiceLegame: m.codice_legame,
              generalita: generalitaOf(m, settings.comuneIstat),
            })),
          }
        : null,
      address: a2
        ? {
            text: [
              [a2.specie, a2.denominazione, [a2.numero, a2.lettera].filter(Boolean).join('')].filter(Boolean).join(' '),
              a2.interno ? `interno ${a2.interno}` : '',
              [a2.cap, a2.comune_name].filter(Boolean).join(' '),
            ]
              .filter(Boolean)
              .join(', '),
            cap: a2.cap,
            validFrom: a2.valid_from,
          }
        : null,
      history,
      anprStatus: rec.anprStatus,
    };
  }

  return {
    'anagrafe.info': () => {
      const c = getComuneSettings(s.db);
      return { comune: { nome: c.comuneName, codiceIstat: c.comuneIstat, siglaProvincia: c.siglaProvincia, cap: c.cap }, today: today() };
    },

    'anagrafe.search': ({ query }, ctx) => (query.trim() ? searchRegistry(s.db, actor(ctx.operator), query, SEARCH_SHOWN + 1) : []),

    'anagrafe.person': ({ id }, ctx) => personView(actor(ctx.operator), id),

    'anagrafe.places': async ({ prefix, kind, date }) => {
      await ensurePlaces();
      const seen = new Set<string>();
      return searchPlaces(s.db, prefix, { kind, date, limit: 30 })
        .filter((p) => {
          const key = `${p.kind}|${p.name}|${p.sigla_provincia ?? ''}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        })
        .map((p) => ({
          kind: p.kind,
          name: p.name,
          siglaProvincia: p.sigla_provincia,
          codiceIstat: p.codice_istat,
          validFrom: p.valid_from,
          validTo: p.valid_to,
        }));
    },

    'anagrafe.pratica.create': async ({ pratica }, ctx) => {
      await ensurePlaces();
      const c = createPratica(s.db, actor(ctx.operator), pratica);
      s.notifySync();
      return created(c);
    },

    'anagrafe.selfDeclaration': async ({ personId, statements }, ctx) => {
      const a = actor(ctx.operator);
      const data = selfDeclarationFor(s.db, a, personId, statements, today());
      const { renderSelfDeclaration } = await import('../core/print/self-declaration'); // loaded on first print
      const pdf = await renderSelfDeclaration(data);
      appendAudit(s.db, a, { action: 'person.selfDeclaration', entityType: 'person', entityId: personId, detail: { statements } });
      return { filename: pdfName('autocertificazione', personId), pdfBase64: pdf.toString('base64') };
    },

    'anagrafe.certificate.request': ({ personId, tipi }, ctx) => {
      const a = actor(ctx.operator);
      const rec = readPersonRecord(s.db, a, personId);
      if (rec.person.status !== 'residente') {
        throw new ValidationError(
          'ANAGRAFE_CERT_NOT_RESIDENT',
          'Il certificato si può chiedere solo per una persona residente. Per le altre usare la consultazione ANPR.',
          'personId',
        );
      }
      const officer = officerName(ctx.operator!);
      const c = createPratica(s.db, a, {
        code: '6001',
        testata: { tipoOperazione: 'C' },
        richiesta: {
          listaTipiCertificati: { tipoCertificato: tipi },
          soggettoIntestatario: { generalita: generalitaOf(rec.person, getComuneSettings(s.db).comuneIstat) },
          // Issued at the counter to the person themselves, in bollo, standard fees (Tabella 13 conventions as in anpr.md).
          datiControllo: {
            cognomeUffAnagrafe: officer.cognome,
            nomeUffAnagrafe: officer.nome,
            tipoRichiedente: '1',
            tipoRichiesta: '1',
            paEstera: '0',
            emissione: '1',
            bollo: '1600',
            diritti: '52',
          },
        },
      });
      s.notifySync();
      return created(c);
    },

    'anagrafe.certificate.download': ({ praticaId }, ctx) => {
      const p = getPratica(s.db, praticaId);
      const pdf = p && p.code === '6001' && p.state === 'applicata' ? outboxResult(s.db, p.outbox_id)?.certificatoPdf : undefined;
      if (typeof pdf !== 'string') {
        throw new SportelloError(
          'ANAGRAFE_CERT_NOT_READY',
          'Il certificato non è ancora arrivato da ANPR. Riprovare quando la richiesta risulta completata.',
        );
      }
      appendAudit(s.db, actor(ctx.operator), {
        action: 'certificate.download',
        entityType: 'pratica',
        entityId: praticaId,
        detail: { personId: p!.person_id },
      });
      return { filename: pdfName('certificato', praticaId.slice(0, 8)), pdfBase64: pdf };
    },
  };
}
