import type { SegmentationClient } from '../client';
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

async function createProfile(client: SegmentationClient, customerId: number): Promise<string> {
  const { data, error, response } = await client.createShopperProfiles([{ customer_id: customerId }]);
  const id = data?.data[0]?.id;
  if (!id) throw failed('creating a shopper profile', response, error);
  return id;
}

function segmentIdParams(ids: string[]): StateParams {
  return Object.fromEntries([['segmentIds', ids.join(',')], ...ids.map((id, i) => [`segmentId${i}`, id])]);
}

/**
 * Empties the store through the API itself (DELETE without `id:in` deletes everything), so the
 * same setup works on an in-process app, on the Lambda entry and on a deployed stage.
 */
export async function emptyStore(client: SegmentationClient): Promise<void> {
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
      for (const segmentId of segmentIds) {
        const { error, response } = await client.addSegmentProfiles(segmentId, [shopperProfileId]);
        if (response.status !== 201) throw failed('adding the shopper profile to a segment', response, error);
      }
      return { shopperProfileId, segmentId: segmentIds[0]!, ...segmentIdParams(segmentIds) };
    },
  };
}
