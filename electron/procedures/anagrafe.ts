import type { anagrafeContract } from '../contracts/anagrafe';
import type { Operator } from '../core/auth/operators';
import { getComuneSettings } from '../core/comune/settings';
import { readPersonView } from '../core/anagrafe/person-view';
import { listNotificationConflicts, resolveNotificationConflict } from '../core/anagrafe/notifications/conflicts';
import { ensurePlaces, placeChoices } from '../core/anagrafe/places';
import type { CreatedPratica } from '../core/anagrafe/pratiche';
import { issuedCertificate, recordPratica, requestCertificate } from '../core/anagrafe/record-pratica';
import { searchRegistry } from '../core/anagrafe/search';
import { consultAnpr } from '../core/anagrafe/consultation';
import { listReadyCertificates } from '../core/anagrafe/certificates-ready';
import { selfDeclarationPdf } from '../core/anagrafe/self-declaration-data';
import { romeDate } from '../core/rome-time';
import type { Actor } from '../core/store/types';
import { operatorActor } from '../core/settings/workstation';
import type { Procedures } from '../host/dispatch';
import type { AppServices } from './services';

/** The search shows 20 persons; it asks for one more to know whether there are more (the page says so). */
const SEARCH_SHOWN = 20;

type AnagrafeProcedures = Pick<Procedures, keyof typeof anagrafeContract>;

const pdfName = (prefix: string, id: string) => `${prefix}-${id}.pdf`;

export function anagrafeProcedures(s: AppServices): AnagrafeProcedures {
  // Start loading the places at once so the first pratica does not wait for them; not once the store
  // is closed (the rehearsal's scratch store may close before this runs, and the host must not fall over).
  setTimeout(() => {
    if (!s.db.open) return;
    void ensurePlaces(s.db).catch((e: unknown) =>
      s.log.warn('anagrafe.places_load_failed', { error: e instanceof Error ? e.message : String(e) }),
    );
  }, 0).unref?.();

  const actor = (op: Operator | null): Actor => operatorActor(op, s.workstation.id);
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

  return {
    'anagrafe.info': () => {
      const c = getComuneSettings(s.db);
      return { comune: { nome: c.comuneName, codiceIstat: c.comuneIstat, siglaProvincia: c.siglaProvincia, cap: c.cap }, today: today() };
    },

    'anagrafe.search': ({ query }, ctx) => (query.trim() ? searchRegistry(s.db, actor(ctx.operator), query, SEARCH_SHOWN + 1) : []),

    'anagrafe.person': ({ id }, ctx) => readPersonView(s.db, actor(ctx.operator), id),

    'anagrafe.notifications.conflicts': (_i, ctx) => listNotificationConflicts(s.db, actor(ctx.operator)),
    'anagrafe.notifications.resolve': ({ idOperazioneAnpr, choice }, ctx) => {
      const a = actor(ctx.operator);
      const r = resolveNotificationConflict(s.db, a, idOperazioneAnpr, choice, (outboxId, reason) => s.sync.withdraw(a, outboxId, reason));
      s.sync.retryNow();
      return r;
    },

    'anagrafe.places': async ({ prefix, kind, date }) => {
      await ensurePlaces(s.db);
      return placeChoices(s.db, prefix, { kind, date, limit: 30 }).map((p) => ({
        kind: p.kind,
        name: p.name,
        siglaProvincia: p.sigla_provincia,
        codiceIstat: p.codice_istat,
        validFrom: p.valid_from,
        validTo: p.valid_to,
      }));
    },

    'anagrafe.pratica.create': async ({ pratica, formIssues }, ctx) => {
      const c = await recordPratica(s.db, actor(ctx.operator), pratica, undefined, formIssues);
      s.notifySync();
      return created(c);
    },

    'anagrafe.selfDeclaration': async ({ personId, statements }, ctx) => {
      const pdf = await selfDeclarationPdf(s.db, actor(ctx.operator), personId, statements, today());
      return { filename: pdfName('autocertificazione', personId), pdfBase64: pdf.toString('base64') };
    },

    'anagrafe.certificate.request': ({ personId, tipi }, ctx) => {
      const c = requestCertificate(s.db, actor(ctx.operator), { personId, tipi, officerDisplayName: ctx.operator!.displayName });
      s.notifySync();
      return created(c);
    },

    'anagrafe.anpr.consult': async ({ criteria, purpose }, ctx) => {
      const r = await consultAnpr(s.db, actor(ctx.operator), { criteria, purpose, today: today() }, (request, id) =>
        s.platforms.consultAnpr(request, id, ctx.operator!.id),
      );
      return {
        idOperazioneComune: r.idOperazioneComune,
        persons: r.persons.map((p) => ({
          idANPR: p.idANPR ?? null,
          idSchedaSoggettoANPR: p.idSchedaSoggettoANPR ?? null,
          codiceFiscale: p.codiceFiscale ?? null,
          cognome: p.cognome ?? null,
          nome: p.nome ?? null,
          sesso: p.sesso ?? null,
          dataNascita: p.dataNascita ?? null,
          localId: p.localId,
        })),
      };
    },

    'anagrafe.certificate.ready': (_input, ctx) => listReadyCertificates(s.db, actor(ctx.operator)),

    'anagrafe.certificate.download': ({ praticaId }, ctx) => ({
      filename: pdfName('certificato', praticaId.slice(0, 8)),
      pdfBase64: issuedCertificate(s.db, actor(ctx.operator), praticaId),
    }),
  };
}
