import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../../service/src/assemble';
import { PROFILE_SEGMENTS_ATTRIBUTE } from '../../service/src/items/profile';
import { newId } from '../../service/src/store/ids';
import { ENTITY, keys, memberBucket } from '../../service/src/store/keys';
import { adjustCount, membersList, profilesList } from '../../service/src/store/lists';
import { KEY } from '../../service/src/store/schema';
import { Table } from '../../service/src/store/table';
import { Api, dataOf } from './http';
import { pool } from './stats';

/**
 * Prepared stores, built through the repositories (the same code the API runs), so that whatever
 * the write path maintains — counters, markers, any index a later design adds — is there too.
 * No HTTP: 10,000 memberships through the API would measure seeding, not the service.
 */
export interface OpsStore {
  storeHash: string;
  token: string;
  segmentIds: string[];
  profileIds: string[];
  /** A segment with `profileIds.length` members. */
  populousSegmentId: string;
  /** A profile in `profileSegments` segments. */
  memberProfileId: string;
  profileSegments: number;
}

export interface DeepStore {
  storeHash: string;
  token: string;
  segmentId: string;
  members: number;
  /** A profile of the store that is not a member, for changing the list between reads. */
  spareProfileId: string;
  /** Profiles that are not members and would sort first, in the middle and last among them. */
  spares: { start: string; middle: string; end: string };
}

const BATCH = 25;
const ADD = 50;
const CONCURRENCY = 8;

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function createProfiles(store: Store, storeHash: string, count: number, firstCustomerId = 1): Promise<string[]> {
  const ids: string[][] = [];
  const customerIds = Array.from({ length: count }, (_, i) => firstCustomerId + i);
  await pool(batches(customerIds, BATCH), CONCURRENCY, async (part, index) => {
    ids[index] = (
      await store.profiles.create(
        storeHash,
        part.map((customer_id) => ({ customer_id })),
      )
    ).map((p) => p.id);
  });
  return ids.flat();
}

async function addMembers(store: Store, storeHash: string, segmentId: string, profileIds: string[]): Promise<void> {
  await pool(batches(profileIds, ADD), CONCURRENCY, async (part) => {
    await store.memberships.add(storeHash, segmentId, part);
  });
}

/** `segments` segments, `profiles` profiles, the first segment holding every profile, the first profile in `profileSegments` segments. */
export async function seedOpsStore(
  store: Store,
  storeHash: string,
  sizes: { segments: number; profiles: number; profileSegments: number },
): Promise<OpsStore> {
  const token = await store.tokens.mint(storeHash, 'modify');
  const names = Array.from({ length: sizes.segments }, (_, i) => `segment-${String(i + 1).padStart(4, '0')}`);
  const segmentIds: string[] = [];
  for (const part of batches(names, BATCH)) {
    segmentIds.push(
      ...(
        await store.segments.create(
          storeHash,
          part.map((name) => ({ name, description: `prepared by the benchmark: ${name}` })),
        )
      ).map((s) => s.id),
    );
  }
  const profileIds = await createProfiles(store, storeHash, sizes.profiles);
  const populousSegmentId = segmentIds[0]!;
  await addMembers(store, storeHash, populousSegmentId, profileIds);
  const memberProfileId = profileIds[0]!;
  await pool(segmentIds.slice(1, sizes.profileSegments), CONCURRENCY, async (segmentId) => {
    await store.memberships.add(storeHash, segmentId, [memberProfileId]);
  });
  return { storeHash, token, segmentIds, profileIds, populousSegmentId, memberProfileId, profileSegments: sizes.profileSegments };
}

const SPARES = 60;
/** Header updates of the bulk load touch at most this many buckets each (an update expression holds 4 KB). */
const BUCKETS_PER_HEADER_UPDATE = 60;

/**
 * One segment with `members` members (and as many profiles), plus a few spare profiles. The
 * segment and the spares go through the repositories; the bulk is written with BatchWrite as the
 * items the API writes (profile with its set of segments, customer marker, membership edge with its
 * index keys) and the
 * headers are moved by the same `adjustCount` the write paths use. Through the API, 100,000
 * members would take the run's whole budget; `verifyDeepStore` reads it back through the API.
 */
export async function seedDeepStore(
  service: { store: Store; db: DynamoDBDocumentClient; tableName: string; origin: string },
  storeHash: string,
  members: number,
): Promise<DeepStore> {
  const { store, db, tableName, origin } = service;
  const token = await store.tokens.mint(storeHash, 'modify');
  const [segment] = await store.segments.create(storeHash, [{ name: 'deep', description: `${members} members` }]);
  const segmentId = segment!.id;
  const now = new Date().toISOString();
  const profiles = Array.from({ length: members }, (_, i) => ({ id: newId(), customer_id: i + 1, created_at: now, updated_at: now }));
  const items = profiles.flatMap((profile) => [
    {
      ...keys.profile(storeHash, profile.id),
      ...profile,
      entity: ENTITY.profile,
      store_hash: storeHash,
      [PROFILE_SEGMENTS_ATTRIBUTE]: new Set([segmentId]),
    },
    { ...keys.customer(storeHash, profile.customer_id), customer_id: profile.customer_id, profile_id: profile.id },
    {
      ...keys.membership(storeHash, segmentId, profile.id),
      ...keys.membershipByProfile(storeHash, segmentId, profile.id),
      ...profile,
      segment_id: segmentId,
    },
  ]);
  const table = new Table(db, tableName);
  await pool(batches(items, 500), CONCURRENCY, async (part) => {
    await table.putMany(part);
  });
  const update = async (action: ReturnType<typeof adjustCount>) => {
    await db.send(new UpdateCommand(action.Update as ConstructorParameters<typeof UpdateCommand>[0]));
  };
  await update(adjustCount(tableName, profilesList(storeHash), members));
  const members_ = membersList(storeHash, segmentId);
  const byBucket = new Map<string, string[]>();
  for (const profile of profiles) {
    const sortKey = keys.membership(storeHash, segmentId, profile.id)[KEY.sort];
    const bucket = members_.buckets!.of(sortKey);
    byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), sortKey]);
  }
  for (const part of batches([...byBucket.values()], BUCKETS_PER_HEADER_UPDATE)) {
    const changed = part.flat();
    await update(adjustCount(tableName, members_, changed.length, { mustExist: true, changed }));
  }

  const spareIds = await createProfiles(store, storeHash, SPARES, members + 1);
  const bySortOrder = [...spareIds].sort((a, b) => memberBucket(a).localeCompare(memberBucket(b)) || a.localeCompare(b));
  const spares = { start: bySortOrder[0]!, middle: bySortOrder[Math.floor(SPARES / 2)]!, end: bySortOrder[SPARES - 1]! };
  const deep = { storeHash, token, segmentId, members, spareProfileId: spares.middle, spares };
  await verifyDeepStore(origin, deep, new Map(profiles.map((profile) => [profile.id, profile])));
  return deep;
}

/**
 * Reads the bulk-loaded store back through the API and throws unless it holds what the write
 * paths would have left: the totals, every member once (a cursor walk) and field for field as
 * written, the store's profiles, and the profile's own set that lists a member's segment.
 */
async function verifyDeepStore(origin: string, deep: DeepStore, written: Map<string, object>): Promise<void> {
  const api = new Api(origin, deep.storeHash, deep.token);
  const path = `/segments/${deep.segmentId}/shopper-profiles`;
  const fail = (what: string) => {
    throw new Error(`the bulk-loaded store is not what the API would have written: ${what}`);
  };
  const canonical = (value: object | undefined) => JSON.stringify(value, value ? Object.keys(value).sort() : undefined);
  type Listed = { data: { id: string }[]; meta: { pagination: { total: number }; next_cursor?: string } };
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = (await api.expect(200, 'GET', `${path}?limit=250${cursor ? `&cursor=${cursor}` : ''}`)).body as Listed;
    if (page.meta.pagination.total !== deep.members) fail(`members total ${page.meta.pagination.total}`);
    for (const member of page.data) {
      if (canonical(member) !== canonical(written.get(member.id))) fail(`member ${member.id} is not as written`);
      seen.add(member.id);
    }
    cursor = page.meta.next_cursor;
  } while (cursor);
  if (seen.size !== deep.members) fail(`a cursor walk saw ${seen.size} distinct members`);
  const profiles = (await api.expect(200, 'GET', '/shopper-profiles?limit=250&page=3')).body as Listed;
  if (profiles.meta.pagination.total !== deep.members + SPARES) fail(`profiles total ${profiles.meta.pagination.total}`);
  for (const profile of profiles.data) {
    if (written.has(profile.id) && canonical(profile) !== canonical(written.get(profile.id)))
      fail(`profile ${profile.id} is not as written`);
  }
  const member = profiles.data[0]!.id;
  const segments = dataOf<{ id: string }>(await api.expect(200, 'GET', `/shopper-profiles/${member}/segments`));
  if (segments.map((s) => s.id).join() !== deep.segmentId) fail(`profile ${member} lists segments ${segments.map((s) => s.id).join()}`);
}
