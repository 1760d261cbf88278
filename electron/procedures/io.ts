/** The IO room's procedures: its services in the Settings (a booking's and a notice's messages come with their own views). */
import { randomUUID } from 'node:crypto';
import type { ioContract } from '../contracts/io';
import { ioSettingsView, removeIoService, saveIoEndpoint, saveIoService } from '../core/io/settings';
import { operatorActor } from '../core/settings/workstation';
import type { Procedures } from '../host/dispatch';
import type { AppServices } from './services';

type IoProcedures = Pick<Procedures, keyof typeof ioContract>;

export function ioProcedures(s: AppServices): IoProcedures {
  const actor = (ctx: { operator: { id: string } | null }) => operatorActor(ctx.operator, s.workstation.id);
  const changed = () => {
    // A new or changed key is used by the next send; items paused for a refused key try again now.
    s.sync.credentialsChanged('io');
    return ioSettingsView(s.db);
  };
  return {
    'io.settings.get': () => ioSettingsView(s.db),
    'io.settings.saveService': (input, ctx) => {
      saveIoService(s.db, actor(ctx), input, () => randomUUID());
      return changed();
    },
    'io.settings.removeService': ({ id }, ctx) => {
      removeIoService(s.db, actor(ctx), id);
      return changed();
    },
    'io.settings.saveEndpoint': ({ endpoint }, ctx) => {
      saveIoEndpoint(s.db, actor(ctx), endpoint);
      return changed();
    },
  };
}
