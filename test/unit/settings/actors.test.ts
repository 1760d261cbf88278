import { describe, expect, it } from 'vitest';
import { SportelloError } from '../../../electron/core/errors';
import { operatorActor, SYSTEM_OPERATOR_ID, systemActor } from '../../../electron/core/settings/workstation';

describe('actors', () => {
  it('a signed-in operator acts in their own name at this workstation', () => {
    expect(operatorActor({ id: 'op-7' }, 'ws-1')).toEqual({ operatorId: 'op-7', workstationId: 'ws-1' });
  });

  it('no operator is refused, not recorded under a guessed name', () => {
    let thrown: unknown;
    try {
      operatorActor(null, 'ws-1');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SportelloError);
    expect((thrown as SportelloError).code).toBe('AUTH_REQUIRED');
  });

  it('what the workstation does by itself is the system actor, never an operator', () => {
    expect(systemActor('ws-1')).toEqual({ operatorId: SYSTEM_OPERATOR_ID, workstationId: 'ws-1' });
    expect(operatorActor({ id: 'op-7' }, 'ws-1').operatorId).not.toBe(SYSTEM_OPERATOR_ID);
  });
});
