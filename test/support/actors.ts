/** The clerk most unit tests act as (a room's own fixtures name others where two operators matter). */
import { operatorActor } from '../../electron/core/settings/workstation';
import type { Actor } from '../../electron/core/store/types';

export const clerk: Actor = operatorActor({ id: 'op-test' }, 'ws-test');
