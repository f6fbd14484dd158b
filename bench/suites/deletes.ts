import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PROFILE_SEGMENTS_ATTRIBUTE } from '../../service/src/items/profile';
import { keys, SK_PREFIX } from '../../service/src/store/keys';
import { adjustCount, membersList } from '../../service/src/store/lists';
import { KEY } from '../../service/src/store/schema';
import { Table } from '../../service/src/store/table';
import { type DeepStore, seedDeepStore } from '../lib/fixtures';
import { Api } from '../lib/http';
import { atMost, type Figure } from '../lib/report';
import type { BenchService } from '../lib/service';
import { msSince, pool } from '../lib/stats';

/** The answer a store-wide delete owes at any store size (issue: well inside the function's 10 s). */
const ANSWER_LIMIT_MS = 2_000;

/** One store-wide operation, timed: until it answered, and until the cleanup behind it had removed its storage. */
export interface StoreWideDelete {
  /** Which operation, in figure ids. */
  key: 'someProfiles' | 'allProfiles' | 'allSegments';
  /** What was deleted, as the report names it. */
  operation: string;
  /** Profiles in the store when it ran. */
  profiles: number;
  answerMs: number;
  /** Until the deferred cleanup (the stream's work in AWS) finished. */
  storageGoneMs: number;
  /** Items it should have removed still stored once the cleanup finished (0 expected). */
  itemsLeft: number;
}

/** Segments that 50 profiles are each in, for the delete of those 50: the store's limit. */
const SEGMENTS = 1000;
const PROFILES_IN_EVERY_SEGMENT = 50;
const SEGMENTS_PER_CREATE = 25;
const HEADER_UPDATES_IN_FLIGHT = 16;

/** Items stored under one partition with a sort-key prefix, counted by DynamoDB. */
async function itemsUnder(service: BenchService, partition: string, prefix: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await service.db.send(
      new QueryCommand({
        TableName: service.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

async function timed(service: BenchService, send: () => Promise<unknown>): Promise<{ answerMs: number; storageGoneMs: number }> {
  const started = process.hrtime.bigint();
  await send();
  const answerMs = msSince(started);
  await service.cleanup.drain();
  return { answerMs, storageGoneMs: msSince(started) };
}

/**
 * Puts `count` of the deep store's profiles into 999 more segments (1000 with the deep one),
 * bulk-loaded as the write paths leave them: the edges, each profile's set, each segment's counts.
 */
async function spreadOverSegments(
  service: BenchService,
  deep: DeepStore,
  count: number,
): Promise<{ profileIds: string[]; segmentIds: string[] }> {
  const { store, db, tableName } = service;
  const segmentIds = [deep.segmentId];
  for (let made = 1; made < SEGMENTS; made += SEGMENTS_PER_CREATE) {
    const size = Math.min(SEGMENTS_PER_CREATE, SEGMENTS - made);
    const created = await store.segments.create(
      deep.storeHash,
      Array.from({ length: size }, (_, i) => ({ name: `wide ${made + i}` })),
    );
    segmentIds.push(...created.map((segment) => segment.id));
  }
  const first = await store.profiles.list(deep.storeHash, { page: 1, limit: count });
  const profiles = first.items;
  const others = segmentIds.slice(1);
  const table = new Table(db, tableName);
  await table.putMany(
    others.flatMap((segmentId) =>
      profiles.map((profile) => ({
        ...keys.membership(deep.storeHash, segmentId, profile.id),
        ...keys.membershipByProfile(deep.storeHash, segmentId, profile.id),
        ...profile,
        segment_id: segmentId,
      })),
    ),
  );
  await pool(profiles, HEADER_UPDATES_IN_FLIGHT, async (profile) => {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.profile(deep.storeHash, profile.id),
        UpdateExpression: 'ADD #segments :segments',
        ExpressionAttributeNames: { '#segments': PROFILE_SEGMENTS_ATTRIBUTE },
        ExpressionAttributeValues: { ':segments': new Set(others) },
      }),
    );
  });
  await pool(others, HEADER_UPDATES_IN_FLIGHT, async (segmentId) => {
    const changed = profiles.map((profile) => keys.membership(deep.storeHash, segmentId, profile.id)[KEY.sort]);
    const action = adjustCount(tableName, membersList(deep.storeHash, segmentId), changed.length, { mustExist: true, changed });
    await db.send(new UpdateCommand(action.Update as ConstructorParameters<typeof UpdateCommand>[0]));
  });
  return { profileIds: profiles.map((profile) => profile.id), segmentIds };
}

/**
 * On a store of `profiles` profiles, all members of one segment (bulk-loaded as the write paths
 * leave them), three operations whose work grows with the store, each timed until it answers and
 * until the cleanup it leaves behind has removed what it deleted:
 * 1. `DELETE /shopper-profiles?id:in=` 50 profiles that are each in 1,000 segments;
 * 2. `DELETE /shopper-profiles` with no filter (the rest);
 * 3. on a second store of the same size, `DELETE /segments` with no filter, the deep segment holding every profile.
 */
export async function measureStoreWideDeletes(service: BenchService, profiles: number): Promise<StoreWideDelete[]> {
  const size = profiles.toLocaleString('en');
  const deep = await seedDeepStore(service, `bench-delete-${profiles}`, profiles);
  const api = new Api(service.origin, deep.storeHash, deep.token);
  const wide = await spreadOverSegments(service, deep, PROFILES_IN_EVERY_SEGMENT);
  const edgesOf = async (segmentIds: readonly string[]) => {
    let count = 0;
    for (const segmentId of segmentIds)
      count += await itemsUnder(service, keys.membersPartition(deep.storeHash, segmentId), SK_PREFIX.profile);
    return count;
  };

  const some = await timed(service, () => api.expect(204, 'DELETE', `/shopper-profiles?id:in=${wide.profileIds.join(',')}`));
  const someLeft = (await edgesOf(wide.segmentIds)) - (profiles - PROFILES_IN_EVERY_SEGMENT);

  const all = await timed(service, () => api.expect(204, 'DELETE', '/shopper-profiles'));
  const allLeft =
    (await itemsUnder(service, keys.profilesPartition(deep.storeHash), SK_PREFIX.profile)) +
    (await itemsUnder(service, keys.profilesPartition(deep.storeHash), SK_PREFIX.customer)) +
    (await edgesOf([deep.segmentId]));

  const segmentsStore = await seedDeepStore(service, `bench-delete-segments-${profiles}`, profiles);
  const segmentsApi = new Api(service.origin, segmentsStore.storeHash, segmentsStore.token);
  const segments = await timed(service, () => segmentsApi.expect(204, 'DELETE', '/segments'));
  const segmentsLeft = await itemsUnder(
    service,
    keys.membersPartition(segmentsStore.storeHash, segmentsStore.segmentId),
    SK_PREFIX.profile,
  );

  return [
    {
      key: 'someProfiles',
      operation: `DELETE /shopper-profiles?id:in= (${PROFILES_IN_EVERY_SEGMENT} profiles, each in ${SEGMENTS.toLocaleString('en')} segments), ${size} profiles`,
      profiles,
      ...some,
      itemsLeft: someLeft,
    },
    {
      key: 'allProfiles',
      operation: `DELETE /shopper-profiles (no filter), ${size} profiles in one segment`,
      profiles,
      ...all,
      itemsLeft: allLeft,
    },
    {
      key: 'allSegments',
      operation: `DELETE /segments (no filter), one segment of ${size} members`,
      profiles,
      ...segments,
      itemsLeft: segmentsLeft,
    },
  ];
}

export function storeWideDeleteFigures(results: readonly StoreWideDelete[]): Figure[] {
  return results.flatMap((result): Figure[] => {
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const id = `deletes.${result.key}.${result.profiles}`;
    return [
      {
        id: `${id}.answer`,
        section: SECTION,
        name: `${result.operation}: answer`,
        value: seconds(result.answerMs),
        ...atMost(result.answerMs, ANSWER_LIMIT_MS),
      },
      {
        id: `${id}.storageGone`,
        section: SECTION,
        name: `… until the cleanup has removed what it deleted (${result.itemsLeft} left)`,
        value: seconds(result.storageGoneMs),
        target: '',
      },
    ];
  });
}

const SECTION = '10. Store-wide deletes (answer, and storage gone)';
