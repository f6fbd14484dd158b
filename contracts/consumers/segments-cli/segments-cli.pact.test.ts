/**
 * segments-cli (`npx segments`, cli/) fills a segment from a file and exports it: it walks lists
 * at the largest page size, creates the profiles that are missing, adds members in batches, reads
 * the 409s it gets back, and removes members with --mirror. Each interaction runs the CLI's own
 * call (cli/src/api.ts), so the pact pins exactly what it sends and relies on.
 */

import {
  anyPagination,
  batchConflictEnvelope,
  clientFor,
  EXAMPLE_IDS,
  eachLike,
  fromState,
  JSON_RESPONSE_HEADERS,
  path,
  pathFromState,
  profileLike,
  requestHeaders,
  STATES,
  segmentLike,
} from '@customer-segmentation/client/pact';
import {
  addMembers,
  createProfiles,
  createSegment,
  findSegmentById,
  findSegmentByName,
  memberPages,
  PAGE_SIZE,
  profilePages,
  removeMembers,
} from '../../../cli/src/api';
import { consumerPact } from '../support';

const pact = consumerPact('segments-cli');

const VIP = { name: 'VIP', description: 'Customers who spent over 1000' };
const CUSTOMER = { customerId: 101 };
const SEGMENT_ID = fromState('{segmentId}', { segmentId: EXAMPLE_IDS.segment });
const PROFILE_ID = fromState('{shopperProfileId}', { shopperProfileId: EXAMPLE_IDS.profile });
const MEMBERSHIP = { customerId: CUSTOMER.customerId, segmentNames: [VIP.name] };
const FIRST_PAGE = { page: '1', limit: String(PAGE_SIZE) };
const ONE_PAGE = (total: number) => ({
  pagination: { total, count: total, per_page: PAGE_SIZE, current_page: 1, total_pages: total === 0 ? 0 : 1 },
});
const members = pathFromState('/segments/{segmentId}/shopper-profiles', { segmentId: EXAMPLE_IDS.segment });

async function collect<T>(pages: AsyncGenerator<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

describe('segments-cli → customer-segmentation', () => {
  it('finds a segment by name, walking the segments at the largest page size', async () => {
    const interaction = pact
      .addInteraction()
      .given(STATES.segmentExists, VIP)
      .uponReceiving('the CLI listing segments to find one by name')
      .withRequest('GET', path('/segments'), (req) => req.headers(requestHeaders('modify')).query(FIRST_PAGE))
      .willRespondWith(200, (res) =>
        res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: eachLike(segmentLike({ ...VIP, id: SEGMENT_ID }), 1), meta: ONE_PAGE(1) }),
      );

    await interaction.executeTest(async (mockServer) => {
      const segment = await findSegmentByName(clientFor(mockServer, 'modify'), VIP.name);

      expect(segment).toMatchObject({ id: EXAMPLE_IDS.segment, name: VIP.name });
    });
  });

  it('reads back the segment of a checkpoint by its id', async () => {
    const interaction = pact
      .addInteraction()
      .given(STATES.segmentExists, VIP)
      .uponReceiving('the CLI reading a segment by id')
      .withRequest('GET', path('/segments'), (req) => req.headers(requestHeaders('modify')).query({ 'id:in': SEGMENT_ID }))
      .willRespondWith(200, (res) =>
        res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: eachLike(segmentLike({ ...VIP, id: SEGMENT_ID }), 1), meta: anyPagination }),
      );

    await interaction.executeTest(async (mockServer) => {
      const segment = await findSegmentById(clientFor(mockServer, 'modify'), EXAMPLE_IDS.segment);

      expect(segment?.id).toBe(EXAMPLE_IDS.segment);
    });
  });

  it('creates the segment with --create', async () => {
    const interaction = pact
      .addInteraction()
      .given(STATES.emptyStore)
      .uponReceiving('the CLI creating a segment by name')
      .withRequest('POST', path('/segments'), (req) => req.headers(requestHeaders('modify')).jsonBody([{ name: VIP.name }]))
      .willRespondWith(201, (res) =>
        res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: eachLike(segmentLike({ name: VIP.name, description: '' }), 1), meta: {} }),
      );

    await interaction.executeTest(async (mockServer) => {
      const segment = await createSegment(clientFor(mockServer, 'modify'), VIP.name);

      expect(segment).toMatchObject({ id: EXAMPLE_IDS.segment, name: VIP.name });
    });
  });

  it("walks the store's shopper profiles to learn each customer's profile id", async () => {
    const interaction = pact
      .addInteraction()
      .given(STATES.profileExists, CUSTOMER)
      .uponReceiving('the CLI listing shopper profiles at the largest page size')
      .withRequest('GET', path('/shopper-profiles'), (req) => req.headers(requestHeaders('modify')).query(FIRST_PAGE))
      .willRespondWith(200, (res) =>
        res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: eachLike(profileLike({ ...CUSTOMER, id: PROFILE_ID }), 1), meta: ONE_PAGE(1) }),
      );

    await interaction.executeTest(async (mockServer) => {
      const profiles = await collect(profilePages(clientFor(mockServer, 'modify')));

      expect(profiles.map((p) => [p.customer_id, p.id])).toEqual([[CUSTOMER.customerId, EXAMPLE_IDS.profile]]);
    });
  });

  it("walks the segment's members (the modify scope), for re-runs, --mirror and export", async () => {
    const interaction = pact
      .addInteraction()
      .given(STATES.profileInSegments, MEMBERSHIP)
      .uponReceiving('the CLI listing the members of a segment at the largest page size')
      .withRequest('GET', members, (req) => req.headers(requestHeaders('modify')).query(FIRST_PAGE))
      .willRespondWith(200, (res) =>
        res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: eachLike(profileLike({ ...CUSTOMER, id: PROFILE_ID }), 1), meta: ONE_PAGE(1) }),
      );

    await interaction.executeTest(async (mockServer) => {
      let total = -1;
      const profiles = await collect(memberPages(clientFor(mockServer, 'modify'), EXAMPLE_IDS.segment, (t) => (total = t)));

      expect(total).toBe(1);
      expect(profiles.map((p) => p.customer_id)).toEqual([CUSTOMER.customerId]);
    });
  });

  it('creates the missing shopper profiles in one batch', async () => {
    const batch = [101, 102];
    const interaction = pact
      .addInteraction()
      .given(STATES.emptyStore)
      .uponReceiving('the CLI creating shopper profiles for customers without one')
      .withRequest('POST', path('/shopper-profiles'), (req) =>
        req.headers(requestHeaders('modify')).jsonBody(batch.map((customer_id) => ({ customer_id }))),
      )
      .willRespondWith(201, (res) =>
        res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: batch.map((customerId) => profileLike({ customerId })), meta: {} }),
      );

    await interaction.executeTest(async (mockServer) => {
      const result = await createProfiles(clientFor(mockServer, 'modify'), batch);

      expect(result.ok && result.value.map((p) => p.customer_id)).toEqual(batch);
    });
  });

  it('learns from a 409 that a customer already has a profile, and writes nothing', async () => {
    const interaction = pact
      .addInteraction()
      .given(STATES.profileExists, CUSTOMER)
      .uponReceiving('the CLI creating a shopper profile for a customer that has one')
      .withRequest('POST', path('/shopper-profiles'), (req) => req.headers(requestHeaders('modify')).jsonBody([{ customer_id: 101 }]))
      .willRespondWith(409, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(batchConflictEnvelope(1)));

    await interaction.executeTest(async (mockServer) => {
      const result = await createProfiles(clientFor(mockServer, 'modify'), [101]);

      expect(result).toMatchObject({ ok: false, conflict: true });
    });
  });

  it('adds profiles to the segment', async () => {
    const interaction = pact
      .addInteraction()
      .given(STATES.segmentExists, VIP)
      .given(STATES.profileExists, CUSTOMER)
      .uponReceiving('the CLI adding a batch of shopper profiles to a segment')
      .withRequest('POST', members, (req) => req.headers(requestHeaders('modify')).jsonBody([PROFILE_ID]))
      .willRespondWith(201, (res) =>
        res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: eachLike(profileLike({ ...CUSTOMER, id: PROFILE_ID }), 1) }),
      );

    await interaction.executeTest(async (mockServer) => {
      const result = await addMembers(clientFor(mockServer, 'modify'), EXAMPLE_IDS.segment, [EXAMPLE_IDS.profile]);

      expect(result).toEqual({ ok: true, value: 1 });
    });
  });

  it('counts a 409 for a profile already in the segment as done', async () => {
    const interaction = pact
      .addInteraction()
      .given(STATES.profileInSegments, MEMBERSHIP)
      .uponReceiving('the CLI adding a shopper profile that is already in the segment')
      .withRequest('POST', members, (req) => req.headers(requestHeaders('modify')).jsonBody([PROFILE_ID]))
      .willRespondWith(409, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(batchConflictEnvelope(1)));

    await interaction.executeTest(async (mockServer) => {
      const result = await addMembers(clientFor(mockServer, 'modify'), EXAMPLE_IDS.segment, [EXAMPLE_IDS.profile]);

      expect(result).toMatchObject({ ok: false, conflict: true });
    });
  });

  it('removes the members a --mirror file does not hold, by id', async () => {
    const interaction = pact
      .addInteraction()
      .given(STATES.profileInSegments, MEMBERSHIP)
      .uponReceiving('the CLI removing shopper profiles from a segment by id')
      .withRequest('DELETE', members, (req) => req.headers(requestHeaders('modify')).query({ 'id:in': PROFILE_ID }))
      .willRespondWith(204);

    await interaction.executeTest(async (mockServer) => {
      await expect(removeMembers(clientFor(mockServer, 'modify'), EXAMPLE_IDS.segment, [EXAMPLE_IDS.profile])).resolves.toBeUndefined();
    });
  });
});
