import { InvalidRequest } from '../errors';
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
