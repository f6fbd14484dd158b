/**
 * promotions-engine is the read side: when a shopper checks out it asks which segments their
 * profile is in, looks segments up by `id:in` (the ids a promotion targets), pages through
 * segments, and calls with a read-only token, which may not list a segment's profiles. With a
 * modify token it stores which segments each of its promotions targets (its `customer.segments`),
 * removes that when a promotion ends, and asks which promotions name a segment.
 */
import {
  badRequestEnvelope,
  clientFor,
  EXAMPLE_IDS,
  eachLike,
  errorEnvelope,
  fromState,
  JSON_RESPONSE_HEADERS,
  like,
  path,
  pathFromState,
  profileLike,
  requestHeaders,
  STATES,
  segmentLike,
  stateId,
  targetingLike,
} from '@customer-segmentation/client/pact';
import { consumerPact } from '../support';

const pact = consumerPact('promotions-engine');

/** The engine matches on ids and shows names; a description is only a string to it. */
const segment = (name: string, id: unknown) => segmentLike({ name, description: like('whatever the segment says'), id });
/** The engine matches on ids: the segments it is answered must be exactly those the state made. */
const SEGMENT_0 = stateId('segmentId0');
const SEGMENT_1 = stateId('segmentId1');

describe('promotions-engine → customer-segmentation', () => {
  describe('the segments of a shopper profile (GET /shopper-profiles/{id}/segments)', () => {
    const profileSegments = pathFromState('/shopper-profiles/{shopperProfileId}/segments', { shopperProfileId: EXAMPLE_IDS.profile });

    it('lists them oldest first, 50 a page by default, with a read-only token', async () => {
      // Arrange
      const interaction = pact
        .addInteraction()
        .given(STATES.profileInSegments, { customerId: 7, segmentNames: ['VIP', 'Newsletter'] })
        .uponReceiving('a read-only request for the segments of a shopper profile')
        .withRequest('GET', profileSegments, (req) => req.headers(requestHeaders('readOnly')))
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({
            data: [segment('VIP', SEGMENT_0), segment('Newsletter', SEGMENT_1)],
            meta: { pagination: { total: 2, count: 2, per_page: 50, current_page: 1, total_pages: 1 } },
          }),
        );

      await interaction.executeTest(async (mockServer) => {
        // Act
        const { data, error, response } = await clientFor(mockServer, 'readOnly').listProfileSegments(EXAMPLE_IDS.profile);

        // Assert
        expect(response.status).toBe(200);
        expect(error).toBeUndefined();
        expect(data?.data.map((s) => s.id)).toEqual([EXAMPLE_IDS.segment, EXAMPLE_IDS.otherSegment]);
        expect(data?.meta.pagination.per_page).toBe(50);
      });
    });

    it('answers 404 for a shopper profile that does not exist', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request for the segments of a shopper profile that does not exist')
        .withRequest('GET', path(`/shopper-profiles/${EXAMPLE_IDS.unknown}/segments`), (req) => req.headers(requestHeaders('readOnly')))
        .willRespondWith(404, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(errorEnvelope(404)));

      await interaction.executeTest(async (mockServer) => {
        const { error, response } = await clientFor(mockServer, 'readOnly').listProfileSegments(EXAMPLE_IDS.unknown);

        expect(response.status).toBe(404);
        expect(error).toMatchObject({ status: 404 });
      });
    });
  });

  describe('segments (GET /segments)', () => {
    it('looks segments up by id:in, leaving out the others', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.segmentsExist, { names: ['VIP', 'Newsletter', 'Lapsed'] })
        .uponReceiving('a request for segments by id:in')
        .withRequest('GET', path('/segments'), (req) =>
          req.headers(requestHeaders('readOnly')).query({
            'id:in': fromState('{segmentId0},{segmentId1}', { segmentId0: EXAMPLE_IDS.segment, segmentId1: EXAMPLE_IDS.otherSegment }),
          }),
        )
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({
            data: [segment('VIP', SEGMENT_0), segment('Newsletter', SEGMENT_1)],
            meta: { pagination: { total: 2, count: 2, per_page: 50, current_page: 1, total_pages: 1 } },
          }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'readOnly').listSegments({
          'id:in': [EXAMPLE_IDS.segment, EXAMPLE_IDS.otherSegment],
        });

        expect(response.status).toBe(200);
        expect(data?.data.map((s) => s.name)).toEqual(['VIP', 'Newsletter']);
      });
    });

    it('pages through segments with page and limit', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.segmentsExist, { names: ['VIP', 'Newsletter', 'Lapsed'] })
        .uponReceiving('a request for the second page of segments, two a page')
        .withRequest('GET', path('/segments'), (req) => req.headers(requestHeaders('readOnly')).query({ page: '2', limit: '2' }))
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({
            data: [segment('Lapsed', stateId('segmentId2'))],
            meta: { pagination: { total: 3, count: 1, per_page: 2, current_page: 2, total_pages: 2 } },
          }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'readOnly').listSegments({ page: 2, limit: 2 });

        expect(response.status).toBe(200);
        expect(data?.data.map((s) => s.name)).toEqual(['Lapsed']);
        expect(data?.meta.pagination).toEqual({ total: 3, count: 1, per_page: 2, current_page: 2, total_pages: 2 });
      });
    });

    it('answers 400 naming limit when it is above the maximum of 250', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request for segments with a limit above 250')
        .withRequest('GET', path('/segments'), (req) => req.headers(requestHeaders('readOnly')).query({ limit: '251' }))
        .willRespondWith(400, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(badRequestEnvelope('limit', 'must be <= 250')));

      await interaction.executeTest(async (mockServer) => {
        const { error, response } = await clientFor(mockServer, 'readOnly').listSegments({ limit: 251 });

        expect(response.status).toBe(400);
        expect(error).toMatchObject({ status: 400, errors: { limit: expect.any(String) } });
      });
    });

    it('answers 401 in the error envelope when no token is sent', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request for segments without a token')
        .withRequest('GET', path('/segments'), (req) => req.headers(requestHeaders('none')))
        .willRespondWith(401, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(errorEnvelope(401)));

      await interaction.executeTest(async (mockServer) => {
        const { error, response } = await clientFor(mockServer, 'none').listSegments();

        expect(response.status).toBe(401);
        expect(error).toMatchObject({ status: 401 });
      });
    });
  });

  describe('shopper profiles (GET /shopper-profiles)', () => {
    it('lists them with a read-only token', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.profileExists, { customerId: 7 })
        .uponReceiving('a read-only request for shopper profiles')
        .withRequest('GET', path('/shopper-profiles'), (req) => req.headers(requestHeaders('readOnly')))
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({
            data: eachLike(
              profileLike({ customerId: 7, id: fromState('{shopperProfileId}', { shopperProfileId: EXAMPLE_IDS.profile }) }),
              1,
            ),
            meta: { pagination: { total: 1, count: 1, per_page: 50, current_page: 1, total_pages: 1 } },
          }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'readOnly').listShopperProfiles();

        expect(response.status).toBe(200);
        expect(data?.data[0]?.customer_id).toBe(7);
      });
    });
  });

  describe('the profiles of a segment (GET /segments/{id}/shopper-profiles)', () => {
    it('answers 403 to a read-only token: listing a segment’s profiles needs modify', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.profileInSegments, { customerId: 7, segmentNames: ['VIP'] })
        .uponReceiving('a read-only request for the shopper profiles of a segment')
        .withRequest('GET', pathFromState('/segments/{segmentId}/shopper-profiles', { segmentId: EXAMPLE_IDS.segment }), (req) =>
          req.headers(requestHeaders('readOnly')),
        )
        .willRespondWith(403, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(errorEnvelope(403)));

      await interaction.executeTest(async (mockServer) => {
        const { data, error, response } = await clientFor(mockServer, 'readOnly').listSegmentProfiles(EXAMPLE_IDS.segment);

        expect(response.status).toBe(403);
        expect(data).toBeUndefined();
        expect(error).toMatchObject({ status: 403 });
      });
    });
  });
  describe("a promotion's targeting (PUT and DELETE /promotions/{id}/customer-segments)", () => {
    const targetingPath = path('/promotions/42/customer-segments');
    const bodyHeaders = { ...requestHeaders('modify'), 'Content-Type': 'application/json' };

    it('stores the expression, replacing what was there, and answers it with the segments it names', async () => {
      const expression = { and: [{ id: [SEGMENT_0] }, { not: { id: [SEGMENT_1] } }] };
      const interaction = pact
        .addInteraction()
        .given(STATES.segmentsExist, { names: ['VIP', 'Lapsed'] })
        .uponReceiving('a request to target VIP but not Lapsed with promotion 42')
        .withRequest('PUT', targetingPath, (req) => req.headers(bodyHeaders).jsonBody(expression))
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({
            data: targetingLike({ promotionId: 42, expression, segmentIds: [SEGMENT_0, SEGMENT_1], deletedSegmentIds: [] }),
            meta: {},
          }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'modify').putPromotionTargeting(42, {
          and: [{ id: [EXAMPLE_IDS.segment] }, { not: { id: [EXAMPLE_IDS.otherSegment] } }],
        });

        expect(response.status).toBe(200);
        expect(data?.data.promotion_id).toBe(42);
        expect(data?.data.segment_ids).toEqual([EXAMPLE_IDS.segment, EXAMPLE_IDS.otherSegment]);
      });
    });

    it('answers 404 naming a segment id the store does not have, writing nothing', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request to target a segment that does not exist')
        .withRequest('PUT', targetingPath, (req) => req.headers(bodyHeaders).jsonBody({ id: [EXAMPLE_IDS.unknown] }))
        .willRespondWith(404, (res) =>
          res
            .headers(JSON_RESPONSE_HEADERS)
            .jsonBody({ ...errorEnvelope(404), errors: { [EXAMPLE_IDS.unknown]: like('Segment does not exist.') } }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { error, response } = await clientFor(mockServer, 'modify').putPromotionTargeting(42, { id: [EXAMPLE_IDS.unknown] });

        expect(response.status).toBe(404);
        expect(Object.keys(error?.errors ?? {})).toEqual([EXAMPLE_IDS.unknown]);
      });
    });

    it('answers 400 for an expression deeper than three operator levels', async () => {
      const tooDeep = { not: { not: { not: { not: { id: [EXAMPLE_IDS.unknown] } } } } };
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request to target with an expression four operator levels deep')
        .withRequest('PUT', targetingPath, (req) => req.headers(bodyHeaders).jsonBody(tooDeep))
        .willRespondWith(400, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody(badRequestEnvelope('body', 'must match exactly one schema in oneOf')),
        );

      await interaction.executeTest(async (mockServer) => {
        // The typed client refuses this shape at compile time; the engine's own data may still hold it.
        const { error, response } = await clientFor(mockServer, 'modify').raw.PUT('/promotions/{promotionId}/customer-segments', {
          params: { path: { promotionId: 42 }, header: { 'Content-Type': 'application/json' } },
          body: tooDeep as never,
        });

        expect(response.status).toBe(400);
        expect(error).toMatchObject({ status: 400 });
      });
    });

    it('answers 403 to a read-only token', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a read-only request to delete a promotion targeting')
        .withRequest('DELETE', targetingPath, (req) => req.headers(requestHeaders('readOnly')))
        .willRespondWith(403, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(errorEnvelope(403)));

      await interaction.executeTest(async (mockServer) => {
        const { response } = await clientFor(mockServer, 'readOnly').deletePromotionTargeting(42);

        expect(response.status).toBe(403);
      });
    });

    it('deletes the targeting when the promotion ends, answering 204', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.promotionTargetsSegments, { promotionId: 42, segmentNames: ['VIP'] })
        .uponReceiving('a request to delete the targeting of promotion 42')
        .withRequest('DELETE', targetingPath, (req) => req.headers(requestHeaders('modify')))
        .willRespondWith(204);

      await interaction.executeTest(async (mockServer) => {
        const { response } = await clientFor(mockServer, 'modify').deletePromotionTargeting(42);

        expect(response.status).toBe(204);
      });
    });
  });

  describe("a segment's promotions (GET /segments/{id}/promotions)", () => {
    it('lists every promotion whose expression names the segment', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.promotionTargetsSegments, { promotionId: 42, segmentNames: ['VIP', 'Newsletter'] })
        .uponReceiving('a read-only request for the promotions naming a segment')
        .withRequest('GET', pathFromState('/segments/{segmentId0}/promotions', { segmentId0: EXAMPLE_IDS.segment }), (req) =>
          req.headers(requestHeaders('readOnly')),
        )
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({
            data: [
              targetingLike({
                promotionId: 42,
                expression: { id: [SEGMENT_0, SEGMENT_1] },
                segmentIds: [SEGMENT_0, SEGMENT_1],
                deletedSegmentIds: [],
              }),
            ],
            meta: { pagination: { total: 1, count: 1, per_page: 50, current_page: 1, total_pages: 1 } },
          }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'readOnly').listSegmentPromotions(EXAMPLE_IDS.segment);

        expect(response.status).toBe(200);
        expect(data?.data.map((t) => t.promotion_id)).toEqual([42]);
        expect(data?.data[0]?.segment_ids).toEqual([EXAMPLE_IDS.segment, EXAMPLE_IDS.otherSegment]);
      });
    });

    it('answers 404 for a segment that does not exist', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request for the promotions of a segment that does not exist')
        .withRequest('GET', path(`/segments/${EXAMPLE_IDS.unknown}/promotions`), (req) => req.headers(requestHeaders('readOnly')))
        .willRespondWith(404, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(errorEnvelope(404)));

      await interaction.executeTest(async (mockServer) => {
        const { response } = await clientFor(mockServer, 'readOnly').listSegmentPromotions(EXAMPLE_IDS.unknown);

        expect(response.status).toBe(404);
      });
    });
  });
});
