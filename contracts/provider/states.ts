import { openapiDocument } from '../../service/src/generated/openapi-document';
import type { HookPost, SegmentationClient, TargetingExpression } from '../client';
import { STATES, type StateName } from '../client/conventions';

/** What a state handler returns: the values `fromProviderState` expressions read. */
export type StateParams = Record<string, string | number>;
export type StateSetup = (params: Record<string, unknown>) => Promise<StateParams>;

class StateSetupError extends Error {}

function stringParam(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  if (typeof value !== 'string') throw new StateSetupError(`the state needs a string parameter "${name}", got ${JSON.stringify(value)}`);
  return value;
}

function numberParam(params: Record<string, unknown>, name: string): number {
  const value = params[name];
  if (typeof value !== 'number') throw new StateSetupError(`the state needs a number parameter "${name}", got ${JSON.stringify(value)}`);
  return value;
}

function stringListParam(params: Record<string, unknown>, name: string): string[] {
  const value = params[name];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new StateSetupError(`the state needs a list of strings "${name}", got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A hook scope the document lists (the API would refuse any other). */
function hookScopeParam(params: Record<string, unknown>, name: string): HookPost['scope'] {
  const value = stringParam(params, name);
  const scope = openapiDocument.components.schemas.HookScope.enum.find((known) => known === value);
  if (!scope) throw new StateSetupError(`the state needs a hook scope "${name}", got ${JSON.stringify(value)}`);
  return scope;
}

function failed(what: string, response: Response, error: unknown): StateSetupError {
  return new StateSetupError(`${what} answered ${response.status}: ${JSON.stringify(error)}`);
}

async function createSegments(client: SegmentationClient, names: string[], description?: string): Promise<string[]> {
  const { data, error, response } = await client.createSegments(
    names.map((name) => ({ name, description: description ?? `${name} (made by a provider state)` })),
  );
  if (!data) throw failed('creating segments', response, error);
  return data.data.map((segment) => segment.id);
}

async function createProfile(client: SegmentationClient, owner: number | { guest_id: string }): Promise<string> {
  const entry = typeof owner === 'number' ? { customer_id: owner } : owner;
  const { data, error, response } = await client.createShopperProfiles([entry]);
  const id = data?.data[0]?.id;
  if (!id) throw failed('creating a shopper profile', response, error);
  return id;
}

function numberListParam(params: Record<string, unknown>, name: string): number[] {
  const value = params[name];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'number')) {
    throw new StateSetupError(`the state needs a list of numbers "${name}", got ${JSON.stringify(value)}`);
  }
  return value;
}

async function addToSegments(client: SegmentationClient, shopperProfileId: string, segmentIds: string[]): Promise<void> {
  for (const segmentId of segmentIds) {
    const { error, response } = await client.addSegmentProfiles(segmentId, [shopperProfileId]);
    if (response.status !== 201) throw failed('adding the shopper profile to a segment', response, error);
  }
}

/**
 * Promotions targeted by states, per client: a targeting whose segments were all deleted is found
 * through no segment, so the next empty store removes these by id.
 */
const targetedByStates = new WeakMap<SegmentationClient, Set<number>>();

async function target(client: SegmentationClient, promotionId: number, expression: TargetingExpression): Promise<void> {
  const { error, response } = await client.putPromotionTargeting(promotionId, expression);
  if (response.status !== 200) throw failed(`targeting segments with promotion ${promotionId}`, response, error);
  const ids = targetedByStates.get(client) ?? new Set<number>();
  targetedByStates.set(client, ids.add(promotionId));
}

/** Removes every targeting: those naming a live segment, found through the segments, and those states made. */
async function removeTargetings(client: SegmentationClient): Promise<void> {
  const promotionIds = new Set(targetedByStates.get(client) ?? []);
  for (let page = 1; ; page++) {
    const { data, error, response } = await client.listSegments({ page, limit: 250 });
    if (!data) throw failed('listing segments', response, error);
    for (const segment of data.data) {
      for (let promotionsPage = 1; ; promotionsPage++) {
        const listed = await client.listSegmentPromotions(segment.id, { page: promotionsPage, limit: 250 });
        if (!listed.data) throw failed("listing a segment's promotions", listed.response, listed.error);
        for (const targeting of listed.data.data) promotionIds.add(targeting.promotion_id);
        if (promotionsPage >= listed.data.meta.pagination.total_pages) break;
      }
    }
    if (page >= data.meta.pagination.total_pages) break;
  }
  for (const promotionId of promotionIds) {
    const { error, response } = await client.deletePromotionTargeting(promotionId);
    if (response.status !== 204) throw failed(`deleting the targeting of promotion ${promotionId}`, response, error);
  }
  targetedByStates.delete(client);
}

/** Deletes every webhook of the store (a store has 20 at most: one list). */
async function removeHooks(client: SegmentationClient): Promise<void> {
  const listed = await client.listHooks();
  if (!listed.data) throw failed('listing webhooks', listed.response, listed.error);
  for (const hook of listed.data.data) {
    const { error, response } = await client.deleteHook(hook.id);
    if (response.status !== 204) throw failed(`deleting webhook ${hook.id}`, response, error);
  }
}

function segmentIdParams(ids: string[]): StateParams {
  return Object.fromEntries([['segmentIds', ids.join(',')], ...ids.map((id, i) => [`segmentId${i}`, id])]);
}

/**
 * Empties the store through the API itself (DELETE without `id:in` deletes everything; hooks and
 * targetings one by one), so the
 * same setup works on an in-process app, on the Lambda entry and on a deployed stage.
 */
export async function emptyStore(client: SegmentationClient): Promise<void> {
  await removeTargetings(client);
  await removeHooks(client);
  for (const [what, call] of [
    ['deleting every segment', () => client.deleteSegments()],
    ['deleting every shopper profile', () => client.deleteShopperProfiles()],
  ] as const) {
    const { error, response } = await call();
    if (response.status !== 204) throw failed(what, response, error);
  }
}

/**
 * One handler for every state a pact may name, each building its data through the typed client
 * and returning the ids it made for the consumers' `fromProviderState` expressions.
 */
export function stateHandlers(client: SegmentationClient): Record<StateName, StateSetup> {
  return {
    [STATES.emptyStore]: async () => ({}),

    [STATES.segmentExists]: async (params) => {
      const [segmentId] = await createSegments(client, [stringParam(params, 'name')], stringParam(params, 'description'));
      return { segmentId: segmentId! };
    },

    [STATES.segmentsExist]: async (params) => segmentIdParams(await createSegments(client, stringListParam(params, 'names'))),

    [STATES.profileExists]: async (params) => ({ shopperProfileId: await createProfile(client, numberParam(params, 'customerId')) }),

    [STATES.profileInSegments]: async (params) => {
      const shopperProfileId = await createProfile(client, numberParam(params, 'customerId'));
      const segmentIds = await createSegments(client, stringListParam(params, 'segmentNames'));
      await addToSegments(client, shopperProfileId, segmentIds);
      return { shopperProfileId, segmentId: segmentIds[0]!, ...segmentIdParams(segmentIds) };
    },

    [STATES.promotionTargetsSegments]: async (params) => {
      const promotionId = numberParam(params, 'promotionId');
      const segmentIds = await createSegments(client, stringListParam(params, 'segmentNames'));
      await target(client, promotionId, { id: segmentIds });
      return { promotionId, ...segmentIdParams(segmentIds) };
    },

    [STATES.profileInTargetedSegments]: async (params) => {
      const shopperProfileId = await createProfile(client, numberParam(params, 'customerId'));
      const segmentIds = await createSegments(client, stringListParam(params, 'segmentNames'));
      await addToSegments(client, shopperProfileId, segmentIds);
      for (const promotionId of numberListParam(params, 'promotionIds')) await target(client, promotionId, { id: [segmentIds[0]!] });
      return { shopperProfileId, ...segmentIdParams(segmentIds) };
    },

    [STATES.promotionTargetsDeletedSegment]: async (params) => {
      const shopperProfileId = await createProfile(client, numberParam(params, 'customerId'));
      const [segmentId] = await createSegments(client, [stringParam(params, 'segmentName')]);
      await addToSegments(client, shopperProfileId, [segmentId!]);
      await target(client, numberParam(params, 'promotionId'), { not: { id: [segmentId!] } });
      const { error, response } = await client.deleteSegments([segmentId!]);
      if (response.status !== 204) throw failed('deleting the segment', response, error);
      return { shopperProfileId, segmentId: segmentId! };
    },

    [STATES.guestInSegments]: async (params) => {
      const guestProfileId = await createProfile(client, { guest_id: stringParam(params, 'guestId') });
      const segmentIds = await createSegments(client, stringListParam(params, 'segmentNames'));
      await addToSegments(client, guestProfileId, segmentIds);
      return { guestProfileId, ...segmentIdParams(segmentIds) };
    },

    [STATES.guestAndCustomerProfiles]: async (params) => {
      const guestProfileId = await createProfile(client, { guest_id: stringParam(params, 'guestId') });
      const customerProfileId = await createProfile(client, numberParam(params, 'customerId'));
      const segmentIds = await createSegments(client, stringListParam(params, 'segmentNames'));
      await addToSegments(client, guestProfileId, segmentIds);
      return { guestProfileId, customerProfileId, ...segmentIdParams(segmentIds) };
    },

    [STATES.guestMergedIntoCustomer]: async (params) => {
      const guestId = stringParam(params, 'guestId');
      const customerId = numberParam(params, 'customerId');
      const guestProfileId = await createProfile(client, { guest_id: guestId });
      const customerProfileId = await createProfile(client, customerId);
      const segmentIds = await createSegments(client, stringListParam(params, 'segmentNames'));
      await addToSegments(client, guestProfileId, segmentIds);
      await addToSegments(client, customerProfileId, segmentIds.slice(0, 1));
      // Through the API under verification: what the interaction then reads is what its merge left.
      const { error, response } = await client.mergeGuestProfile({ guest_id: guestId, customer_id: customerId });
      if (response.status !== 200) throw failed('merging the guest into the customer', response, error);
      return { guestProfileId, customerProfileId, ...segmentIdParams(segmentIds) };
    },

    [STATES.hookExists]: async (params) => {
      const { data, error, response } = await client.createHook({
        scope: hookScopeParam(params, 'scope'),
        destination: stringParam(params, 'destination'),
        is_active: true,
      });
      if (!data) throw failed('creating a webhook', response, error);
      return { hookId: data.data.id };
    },
  };
}
