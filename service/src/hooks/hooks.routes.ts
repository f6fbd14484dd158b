import { Expired, InvalidRequest } from '../errors';
import type { TypedOperationHandlers } from '../http/operation-types';
import { type DestinationPolicy, DestinationRefused } from './destinations';
import type { EventSource } from './event-source';
import { type HookPut, headerProblems } from './hook';
import type { HooksRepository } from './hooks.repository';

/** The webhooks' operations (`/hooks`, in the shape of BigCommerce's Webhooks API). */
export function hooksHandlers(hooks: HooksRepository, destinations: DestinationPolicy, events: EventSource): TypedOperationHandlers {
  /** Refuses (400, nothing written) a destination or headers a hook may not have. */
  const check = async (body: HookPut) => {
    const problems = body.headers ? headerProblems(body.headers) : {};
    if (body.destination !== undefined) {
      try {
        await destinations.vet(body.destination);
      } catch (error) {
        if (!(error instanceof DestinationRefused)) throw error;
        problems.destination = `The destination ${error.message}.`;
      }
    }
    if (Object.keys(problems).length > 0) throw new InvalidRequest('The hook cannot be saved as given.', problems);
  };
  /**
   * Refuses (410, nothing written) to turn on a hook whose position the feed no longer keeps (it
   * was off longer than the feed's retention): it would either skip events unannounced or never
   * deliver again. Its run would deactivate it at once, and says so in the log, if it got there.
   */
  const checkPositionKept = async (storeHash: string, hookId: string) => {
    const item = await hooks.item(storeHash, hookId);
    try {
      await events.readAfter(storeHash, item.cursor, 1);
    } catch (error) {
      if (!(error instanceof Expired)) throw error;
      throw new Expired('The events after this hook position are no longer kept, so it cannot be turned back on.', {
        is_active:
          'The hook was behind longer than the feed keeps events. Delete it and create a new one (it starts after the newest event), and read the current state from the API.',
      });
    }
  };
  return {
    GetHooks: async ({ storeHash }, reply) => reply(200, { data: await hooks.list(storeHash), meta: {} }),
    CreateHook: async ({ storeHash, body }, reply) => {
      await check(body);
      const created = await hooks.create(storeHash, body, await events.endCursor(storeHash));
      return reply(201, { data: { ...created.hook, secret: created.secret }, meta: {} });
    },
    GetHook: async ({ storeHash, params }, reply) => reply(200, { data: await hooks.get(storeHash, params.hookId), meta: {} }),
    UpdateHook: async ({ storeHash, params, body }, reply) => {
      await check(body);
      if (body.is_active === true) await checkPositionKept(storeHash, params.hookId);
      return reply(200, { data: await hooks.update(storeHash, params.hookId, body), meta: {} });
    },
    DeleteHook: async ({ storeHash, params }, reply) => {
      await hooks.delete(storeHash, params.hookId);
      return reply(204);
    },
    RotateHookSecret: async ({ storeHash, params }, reply) => {
      const rotated = await hooks.rotateSecret(storeHash, params.hookId);
      return reply(200, { data: { ...rotated.hook, secret: rotated.secret }, meta: {} });
    },
  };
}
