import type { Store } from '../../service/src/assemble';
import type { TargetingExpression } from '../../service/src/items/expression';
import { targetingItems } from '../../service/src/promotions/promotions.repository';
import { Table } from '../../service/src/store/table';
import { Api } from '../lib/http';
import { atMost, type Figure } from '../lib/report';
import type { BenchService } from '../lib/service';
import { interleave, pool, ratio, summarize, type Timings } from '../lib/stats';

const SEGMENTS = 200;
const PROFILE_SEGMENTS = 50;
/** One promotion in twenty holds outside every segment (a `not`), up to the store's limit of such promotions. */
const ALWAYS_EVERY = 20;
const MAX_ALWAYS = 200;

export interface PromotionsStore {
  storeHash: string;
  token: string;
  promotions: number;
  profileId: string;
  segmentIds: string[];
}

export interface EligibilityResult {
  promotions: number;
  eligible: number;
  /** DynamoDB requests of one eligibility call, and of one call listing the profile's segments (token checks excluded). */
  requests: number;
  segmentsRequests: number;
  readUnits: number;
  eligibility: Timings;
  profileSegments: Timings;
  ratio: number;
}

/** A small deterministic generator, so every run builds the same stores. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A promotion's expression as engines write them: one to three segments, `or` / `and` / `not` of them. */
function expressionFor(index: number, segmentIds: string[], next: () => number): TargetingExpression {
  const pick = () => segmentIds[Math.floor(next() * segmentIds.length)]!;
  if (index % ALWAYS_EVERY === 0 && index / ALWAYS_EVERY < MAX_ALWAYS) return { not: { id: [pick()] } };
  const shape = next();
  if (shape < 0.5) return { id: [pick()] };
  if (shape < 0.8) return { or: [{ id: [pick()] }, { id: [pick(), pick()] }] };
  return { and: [{ id: [pick()] }, { not: { id: [pick()] } }] };
}

/**
 * A store of 200 segments, a profile in 50 of them, and `promotions` targetings. Segments, the
 * profile and its memberships go through the repositories; the targetings are batch-written as
 * the items the API would write (`targetingItems`), then checked through the API.
 */
export async function seedPromotionsStore(service: BenchService, storeHash: string, promotions: number): Promise<PromotionsStore> {
  const store: Store = service.store;
  const token = await store.tokens.mint(storeHash, 'modify');
  const segmentIds: string[] = [];
  for (let i = 0; i < SEGMENTS; i += 25) {
    const names = Array.from({ length: 25 }, (_, j) => ({ name: `segment-${i + j}` }));
    segmentIds.push(...(await store.segments.create(storeHash, names)).map((s) => s.id));
  }
  const [profile] = await store.profiles.create(storeHash, [{ customer_id: 1 }]);
  await pool(segmentIds.slice(0, PROFILE_SEGMENTS), 8, async (segmentId) => {
    await store.memberships.add(storeHash, segmentId, [profile!.id]);
  });
  const next = random(promotions);
  const targetings = Array.from({ length: promotions }, (_, i) => ({
    promotionId: i + 1,
    expression: expressionFor(i, segmentIds, next),
  }));
  const items = targetingItems(storeHash, targetings, new Date().toISOString());
  const table = new Table(service.db, service.tableName);
  await pool(
    Array.from({ length: Math.ceil(items.length / 250) }, (_, i) => items.slice(i * 250, (i + 1) * 250)),
    4,
    (part) => table.putMany(part),
  );

  // The fixture is only worth measuring if the API reads it back as it would have written it.
  const api = new Api(service.origin, storeHash, token);
  const sample = targetings[targetings.length - 1]!;
  const read = await api.expect(200, 'GET', `/promotions/${sample.promotionId}/customer-segments`);
  if (
    JSON.stringify((read.body as { data: { customer_segments: unknown } }).data.customer_segments) !== JSON.stringify(sample.expression)
  ) {
    throw new Error('the seeded targeting does not read back as written');
  }
  const first = segmentIds[0]!;
  const naming = targetings.filter((t) => JSON.stringify(t.expression).includes(first)).length;
  const listed = await api.expect(200, 'GET', `/segments/${first}/promotions?limit=1`);
  if ((listed.body as { meta: { pagination: { total: number } } }).meta.pagination.total !== naming) {
    throw new Error(`segment lists a different number of promotions than were seeded (${naming})`);
  }
  return { storeHash, token, promotions, profileId: profile!.id, segmentIds };
}

/** Eligibility beside the profile's segments, same profile, turn about; and the requests one call costs. */
export async function measureEligibility(service: BenchService, seeded: PromotionsStore, rounds: number): Promise<EligibilityResult> {
  const api = new Api(service.origin, seeded.storeHash, seeded.token);
  // Both at the default page size (50): the same number of items to send back.
  const eligibilityPath = `/shopper-profiles/${seeded.profileId}/promotions`;
  const segmentsPath = `/shopper-profiles/${seeded.profileId}/segments`;
  const count = async (path: string) => {
    await api.expect(200, 'GET', path);
    service.counter.reset();
    service.auth.reset();
    const response = await api.expect(200, 'GET', path);
    const spent = service.counter.snapshot();
    return { requests: spent.requests - service.auth.requests().requests, readUnits: spent.capacity.readUnits, response };
  };
  const eligibility = await count(eligibilityPath);
  const segments = await count(segmentsPath);
  const samples = await interleave(
    {
      eligibility: async () => (await api.expect(200, 'GET', eligibilityPath)).ms,
      segments: async () => (await api.expect(200, 'GET', segmentsPath)).ms,
    },
    rounds,
  );
  const eligibilityTimings = summarize(samples.eligibility);
  const segmentsTimings = summarize(samples.segments);
  return {
    promotions: seeded.promotions,
    eligible: (eligibility.response.body as { meta: { pagination: { total: number } } }).meta.pagination.total,
    requests: eligibility.requests,
    segmentsRequests: segments.requests,
    readUnits: eligibility.readUnits,
    eligibility: eligibilityTimings,
    profileSegments: segmentsTimings,
    ratio: ratio(eligibilityTimings.median, segmentsTimings.median),
  };
}

/** The targets hold at 1,000 promotions; the other sizes show how the call grows. */
const TARGET_SIZE = 1000;

export function eligibilityFigures(results: EligibilityResult[]): Figure[] {
  const section = `7. Eligibility (GET /shopper-profiles/{id}/promotions, profile in ${PROFILE_SEGMENTS} of ${SEGMENTS} segments)`;
  return results.flatMap((r): Figure[] => {
    const size = `${r.promotions.toLocaleString('en')} targeted promotions`;
    const targeted = r.promotions === TARGET_SIZE;
    return [
      {
        id: `eligibility.${r.promotions}.requests`,
        section,
        name: `${size}: DynamoDB requests (profile's segments: ${r.segmentsRequests})`,
        value: `${r.requests} (${r.readUnits} RRU)`,
        ...(targeted ? atMost(r.requests, 3) : { measured: r.requests, target: '' }),
      },
      {
        id: `eligibility.${r.promotions}.ratio`,
        section,
        name: `${size}: median latency / GET …/segments (${r.eligible} eligible)`,
        value: `${r.ratio}× (${r.eligibility.median} / ${r.profileSegments.median} ms)`,
        ...(targeted ? atMost(r.ratio, 2) : { measured: r.ratio, target: '' }),
      },
    ];
  });
}
