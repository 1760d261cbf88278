import type { z } from 'zod';
import type { setupContract, SetupView } from '../contracts/setup';
import { allocateIdOperazioneComune, getComuneSettings } from '../core/anagrafe/id-operazione';
import { loadEmbeddedPlaces, searchPlaces } from '../core/anagrafe/places';
import type { Operator } from '../core/auth/operators';
import { listStations } from '../core/cie/stations';
import { ValidationError } from '../core/errors';
import { getPagopaSettings } from '../core/pagopa/settings';
import { romeDate } from '../core/rome-time';
import { daysLeft, EXPIRY_WARNING_DAYS } from '../core/settings/certificates';
import {
  certificatesOf, importCertificate, platformsOf, readSetup, saveAgenda, saveAnpr, saveComune, saveGpd, saveWorkstation, type PlatformName,
} from '../core/settings/production';
import { getWorkstation } from '../core/settings/workstation';
import type { Handlers } from '../host/dispatch';
import { testAgenda, testAnpr, testGpd, type ConnectionOutcome } from '../platforms/connection-test';
import { credentialsChanged } from '../platforms/wiring';
import type { AppServices } from './services';

type SetupHandlers = Pick<Handlers, keyof typeof setupContract>;

/** "BAGNOREGIO" → "Bagnoregio", "SAN GIOVANNI IN FIORE" → "San Giovanni In Fiore" (the archive's names are upper case). */
function titleCase(name: string): string {
  return name.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

export function setupHandlers(s: AppServices): SetupHandlers {
  const actor = (op: Operator | null) => ({ operatorId: op!.id, workstationId: s.workstation.id });
  const view = (): z.output<typeof SetupView> => ({
    ...readSetup(s.db),
    cieStations: listStations(s.db).map((st) => ({ id: st.id, name: st.name })),
    demo: s.demo,
  });
  /** A change of a platform's settings: the sync engine tries again with them at once. */
  const changed = (platform: PlatformName) => {
    credentialsChanged(s.sync, platform);
    s.notifySync();
    return view();
  };
  const notConfigured = (what: string) =>
    new ValidationError('SETUP_NOT_CONFIGURED', `Prima di provare il collegamento salvare ${what}.`, 'platform');

  return {
    'setup.get': () => view(),

    'setup.comuni.search': async ({ query }) => {
      if ((s.db.prepare('SELECT count(*) AS n FROM anagrafe_place').get() as { n: number }).n === 0) await loadEmbeddedPlaces(s.db, 'all');
      return searchPlaces(s.db, query, { kind: 'comune', date: romeDate(), limit: 15 }).map((p) => ({
        nome: `Comune di ${titleCase(p.name)}`, provincia: p.sigla_provincia, codiceCatastale: p.belfiore, codiceIstat: p.codice_istat,
      }));
    },

    'setup.comune.save': (input, ctx) => {
      saveComune(s.db, actor(ctx.operator), input, s.workstation.number);
      return changed('anpr');
    },

    'setup.workstation.save': (input, ctx) => {
      saveWorkstation(s.db, actor(ctx.operator), input);
      Object.assign(s.workstation, getWorkstation(s.db)); // the header and the notice numbers follow at once
      return view();
    },

    'setup.anpr.save': (input, ctx) => {
      saveAnpr(s.db, actor(ctx.operator), input);
      return changed('anpr');
    },

    'setup.anpr.certificate': ({ role, p12Base64, password }, ctx) => {
      const clean = p12Base64.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw new ValidationError('CERT_NOT_PKCS12', 'Il file del certificato non è stato letto correttamente: sceglierlo di nuovo.', 'file');
      importCertificate(s.db, actor(ctx.operator), role, Buffer.from(clean, 'base64'), password, new Date());
      return changed('anpr');
    },

    'setup.gpd.save': (input, ctx) => {
      saveGpd(s.db, actor(ctx.operator), input);
      return changed('gpd');
    },

    'setup.agenda.save': (input, ctx) => {
      saveAgenda(s.db, actor(ctx.operator), input);
      return changed('agenda');
    },

    'setup.test': async ({ platform }, ctx): Promise<ConnectionOutcome> => {
      const p = platformsOf(s.db);
      if (platform === 'gpd') {
        const pagopa = getPagopaSettings(s.db);
        if (!p.gpd) throw notConfigured('l\'indirizzo e la chiave di pagoPA');
        if (!pagopa) throw notConfigured('i dati dell\'ente in "Impostazioni pagoPA" (codice fiscale, codice di segregazione)');
        return testGpd(p.gpd, pagopa.cfEnte);
      }
      if (platform === 'agenda') {
        if (!p.agenda) throw notConfigured('l\'indirizzo del sistema di prenotazione CIE');
        return testAgenda(p.agenda);
      }
      const a = p.anpr;
      if (!a) throw notConfigured('l\'indirizzo di ANPR');
      if (!a.comuneCertificate || !a.postazioneCertificate) throw notConfigured('i certificati del Comune e della postazione');
      const cf = ctx.operator?.codiceFiscale;
      if (!cf) {
        throw new ValidationError('SETUP_OPERATOR_CF', 'Per provare ANPR serve il codice fiscale dell\'operatore, come registrato in ANPR: chiedere di aggiungerlo al proprio profilo in "Operatori".', 'platform');
      }
      const c = getComuneSettings(s.db);
      const id = s.db.transaction(() => allocateIdOperazioneComune(s.db))();
      return testAnpr(
        { ...a, comuneCertificate: a.comuneCertificate, postazioneCertificate: a.postazioneCertificate, codiceIstatComune: c.comuneIstat },
        { comune: { nomeComune: c.comuneName, codiceIstat: c.comuneIstat, siglaProvinciaIstat: c.siglaProvincia }, operatorCodiceFiscale: cf, idOperazioneComune: id, now: new Date() },
      );
    },

    'setup.warnings': () => {
      const now = new Date();
      const certs = certificatesOf(s.db);
      const certificates = (['comune', 'postazione'] as const).flatMap((role) => {
        const c = certs[role];
        if (!c) return [];
        const left = daysLeft(c, now);
        return left <= EXPIRY_WARNING_DAYS ? [{ role, commonName: c.commonName, notAfter: c.notAfter, daysLeft: left }] : [];
      });
      return { certificates, setupIncomplete: !s.demo && readSetup(s.db).missing.length > 0 };
    },
  };
}
