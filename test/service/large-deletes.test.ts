import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, SK_PREFIX } from '../../service/src/store/keys';
import { addMembers, type Collection, createProfiles, createSegments, type Segment, type ShopperProfile } from '../helpers/factories';
import { useServiceAndFreshStore } from '../helpers/service';

/** Members of the big segment; RELIABILITY_MEMBERS=100000 runs the full-size case. */
const MEMBERS = Number(process.env.RELIABILITY_MEMBERS ?? 5000);
const SEED_CONCURRENCY = 8;

const ctx = useServiceAndFreshStore();

async function inParallel<T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < tasks.length; i += concurrency)
    results.push(...(await Promise.all(tasks.slice(i, i + concurrency).map((task) => task()))));
  return results;
}

/** Edges still stored under a segment, read from the table itself (the API no longer shows them). */
async function edgesLeft(segmentId: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ctx.service.db.send(
      new QueryCommand({
        TableName: ctx.service.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :edge)',
        ExpressionAttributeValues: { ':pk': keys.membersPartition(ctx.api.storeHash, segmentId), ':edge': SK_PREFIX.profile },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

describe(`deleting a segment with ${MEMBERS} members`, () => {
  // Seeding thousands of members, and the cleanup's update of each member's set, take a while on a busy machine.
  it('answers at once, hides every membership immediately, and cleans up in the background', async () => {
    const [big, other] = await createSegments(ctx.api, 2);
    const batches = Array.from({ length: Math.ceil(MEMBERS / 250) }, (_, i) => Math.min(250, MEMBERS - i * 250));
    const profiles = (
      await inParallel(
        batches.map((size) => () => createProfiles(ctx.api, size)),
        SEED_CONCURRENCY,
      )
    ).flat();
    const ids = profiles.map((p) => p.id);
    await inParallel(
      Array.from({ length: Math.ceil(ids.length / 500) }, (_, i) => () => addMembers(ctx.api, big!.id, ids.slice(i * 500, (i + 1) * 500))),
      SEED_CONCURRENCY,
    );
    await addMembers(ctx.api, other!.id, [ids[0]!]);
    expect(await edgesLeft(big!.id)).toBe(MEMBERS);

    const started = performance.now();
    const response = await ctx.api.delete('/segments', { query: { 'id:in': big!.id } });
    const answeredMs = performance.now() - started;

    expect(response.status).toBe(204);
    // Before cleanup has finished: no membership of the deleted segment shows, and totals are exact.
    const members = await ctx.api.get(`/segments/${big!.id}/shopper-profiles`);
    expect(members.status).toBe(404);
    const ofProfile = await ctx.api.get<Collection<Segment>>(`/shopper-profiles/${ids[0]}/segments`);
    expect(ofProfile.body.data.map((s) => s.id)).toEqual([other!.id]);
    expect(ofProfile.body.meta.pagination.total).toBe(1);
    const segments = await ctx.api.get<Collection<Segment>>('/segments');
    expect(segments.body.meta.pagination.total).toBe(1);

    await ctx.service.cleanup.idle();
    const cleanedMs = performance.now() - started;
    expect(await edgesLeft(big!.id)).toBe(0);
    const profilesKept = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles', { query: { limit: 1 } });
    expect(profilesKept.body.meta.pagination.total).toBe(MEMBERS);
    console.info(
      `[reliability] segment with ${MEMBERS} members: delete answered in ${answeredMs.toFixed(0)} ms, memberships gone after ${cleanedMs.toFixed(0)} ms`,
    );
  }, 240_000);
});

describe('deleting every segment of a full store', () => {
  it('removes 1000 segments and all their memberships', async () => {
    const segments = await createSegments(ctx.api, 1000);
    const profiles = await createProfiles(ctx.api, 10);
    await inParallel(
      segments
        .filter((_, i) => i % 10 === 0)
        .map(
          (segment) => () =>
            addMembers(
              ctx.api,
              segment.id,
              profiles.map((p) => p.id),
            ),
        ),
      SEED_CONCURRENCY,
    );

    const started = performance.now();
    const response = await ctx.api.delete('/segments');
    const answeredMs = performance.now() - started;

    expect(response.status).toBe(204);
    const listed = await ctx.api.get<Collection<Segment>>('/segments');
    expect(listed.body.meta.pagination.total).toBe(0);
    const ofProfile = await ctx.api.get<Collection<Segment>>(`/shopper-profiles/${profiles[0]!.id}/segments`);
    expect(ofProfile.body).toMatchObject({ data: [], meta: { pagination: { total: 0 } } });

    await ctx.service.cleanup.idle();
    const left = await Promise.all(segments.filter((_, i) => i % 10 === 0).map((segment) => edgesLeft(segment.id)));
    expect(left.every((n) => n === 0)).toBe(true);
    expect(ctx.service.cleanup.stats.failed).toBe(0);
    console.info(
      `[reliability] full store: 1000 segments deleted in ${answeredMs.toFixed(0)} ms, ${100 * profiles.length} memberships cleaned up after`,
    );
  });
});
