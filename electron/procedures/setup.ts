import type { z } from 'zod';
import type { setupContract, SetupView } from '../contracts/setup';
import { comuneChoices } from '../core/anagrafe/comune-choices';
import type { Operator } from '../core/auth/operators';
import { listStations } from '../core/cie/stations';
import { ValidationError } from '../core/errors';
import { romeDate } from '../core/rome-time';
import {
  importCertificate,
  readSetup,
  saveAgenda,
  saveAnpr,
  saveComune,
  saveGpd,
  saveWorkstation,
  setupWarnings,
} from '../core/settings/production';
import { operatorActor } from '../core/settings/workstation';
import { hubView } from '../core/settings/hub';
import type { Db } from '../core/store/types';
import type { Platform } from '../core/sync/types';
import type { TimeSource } from '../core/audit/daily-anchor';
import type { Procedures } from '../host/dispatch';
import type { AppServices } from './services';

type SetupProcedures = Pick<Procedures, keyof typeof setupContract>;

/** `clock`: the app's time source (certificate validity at import, days left on the home screen). */
export function setupProcedures(s: AppServices, clock: TimeSource = { nowMs: () => Date.now() }): SetupProcedures {
  const now = () => new Date(clock.nowMs());
  const actor = (op: Operator | null) => operatorActor(op, s.workstation.id);
  const view = (): z.output<typeof SetupView> => ({
    ...readSetup(s.db),
    cieStations: listStations(s.db).map((st) => ({ id: st.id, name: st.name })),
    demo: s.demo,
    hub: hubShown(s.db),
  });
  /** A change of a platform's settings: a lane paused for its credentials resumes with them at once. */
  const changed = (platform: Platform) => {
    s.sync.credentialsChanged(platform);
    s.notifySync();
    return view();
  };

  return {
    'setup.get': () => view(),

    'setup.comuni.search': ({ query }) => comuneChoices(s.db, query, romeDate(clock.nowMs())),

    'setup.comune.save': (input, ctx) => {
      saveComune(s.db, actor(ctx.operator), input, s.workstation.number);
      return changed('anpr');
    },

    'setup.workstation.save': (input, ctx) => {
      // The header and the notice numbers follow at once.
      Object.assign(s.workstation, saveWorkstation(s.db, actor(ctx.operator), input));
      return view();
    },

    'setup.anpr.save': (input, ctx) => {
      saveAnpr(s.db, actor(ctx.operator), input);
      return changed('anpr');
    },

    'setup.anpr.certificate': async ({ role, p12Base64, password }, ctx) => {
      const clean = p12Base64.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean))
        throw new ValidationError(
          'CERT_NOT_PKCS12',
          'Il file del certificato non è stato letto correttamente: sceglierlo di nuovo.',
          'file',
        );
      await importCertificate(s.db, actor(ctx.operator), role, Buffer.from(clean, 'base64'), password, now());
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

    'setup.hub.join': async (input, ctx) => {
      // The header, the notice numbers and the hub's lane follow at once (no restart).
      Object.assign(s.workstation, await s.platforms.joinHub(actor(ctx.operator), input, s.sync, () => s.notifySync()));
      return view();
    },

    'setup.test': ({ platform }, ctx) =>
      s.platforms.testConnection(platform, { operatorCodiceFiscale: ctx.operator?.codiceFiscale ?? null }),

    'setup.warnings': () => setupWarnings(s.db, now(), s.demo),
  };
}

/** What the set-up shows of the hub connection (never the role's password). */
function hubShown(db: Db) {
  const h = hubView(db);
  return h ? { url: h.url, number: h.number, caSet: h.caSet, joinedAt: h.joinedAt } : null;
}
