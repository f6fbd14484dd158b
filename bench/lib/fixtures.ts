import type { Store } from '../../service/src/store/dynamo-store';
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

/** One segment with `members` members (and as many profiles). */
export async function seedDeepStore(store: Store, storeHash: string, members: number): Promise<DeepStore> {
  const token = await store.tokens.mint(storeHash, 'modify');
  const [segment] = await store.segments.create(storeHash, [{ name: 'deep', description: `${members} members` }]);
  const [spareProfileId, ...profileIds] = await createProfiles(store, storeHash, members + 1);
  await addMembers(store, storeHash, segment!.id, profileIds);
  return { storeHash, token, segmentId: segment!.id, members, spareProfileId: spareProfileId! };
}
