/**
 * checkout asks, for the shopper at the till, which promotions their profile is eligible for, and
 * reads a promotion's targeting to explain why a discount applies (or no longer does, when a
 * segment it named was deleted). It only reads, with a read-only token.
 */
import {
  clientFor,
  EXAMPLE_IDS,
  errorEnvelope,
  JSON_RESPONSE_HEADERS,
  path,
  pathFromState,
  requestHeaders,
  STATES,
  stateId,
  targetingLike,
} from '@customer-segmentation/client/pact';
import { consumerPact } from '../support';

const pact = consumerPact('checkout');

/** Checkout explains a discount by the segments a targeting names: it relies on exactly these ids. */
const SEGMENT_0 = stateId('segmentId0');
const SEGMENT_1 = stateId('segmentId1');
const DELETED = stateId('segmentId');
const profilePromotions = pathFromState('/shopper-profiles/{shopperProfileId}/promotions', { shopperProfileId: EXAMPLE_IDS.profile });

describe('checkout → customer-segmentation', () => {
  describe("a shopper profile's promotions (GET /shopper-profiles/{id}/promotions)", () => {
    it('lists the promotions whose expression holds for the profile, by promotion id', async () => {
      // Arrange
      const interaction = pact
        .addInteraction()
        .given(STATES.profileInTargetedSegments, { customerId: 7, segmentNames: ['VIP', 'Newsletter'], promotionIds: [42, 7] })
        .uponReceiving("a read-only request for a shopper profile's promotions")
        .withRequest('GET', profilePromotions, (req) => req.headers(requestHeaders('readOnly')))
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({
            data: [7, 42].map((promotionId) =>
              targetingLike({ promotionId, expression: { id: [SEGMENT_0] }, segmentIds: [SEGMENT_0], deletedSegmentIds: [] }),
            ),
            meta: { pagination: { total: 2, count: 2, per_page: 50, current_page: 1, total_pages: 1 } },
          }),
        );

      await interaction.executeTest(async (mockServer) => {
        // Act
        const { data, error, response } = await clientFor(mockServer, 'readOnly').listProfilePromotions(EXAMPLE_IDS.profile);

        // Assert
        expect(response.status).toBe(200);
        expect(error).toBeUndefined();
        expect(data?.data.map((t) => t.promotion_id)).toEqual([7, 42]);
      });
    });

    it('includes a promotion targeting `not` a deleted segment for a profile that was in it: a deleted segment is empty', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.promotionTargetsDeletedSegment, { customerId: 8, promotionId: 43, segmentName: 'Lapsed' })
        .uponReceiving("a request for the promotions of a profile whose segment was deleted, which a promotion's `not` names")
        .withRequest('GET', profilePromotions, (req) => req.headers(requestHeaders('readOnly')))
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({
            data: [
              targetingLike({
                promotionId: 43,
                expression: { not: { id: [DELETED] } },
                segmentIds: [],
                deletedSegmentIds: [DELETED],
              }),
            ],
            meta: { pagination: { total: 1, count: 1, per_page: 50, current_page: 1, total_pages: 1 } },
          }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'readOnly').listProfilePromotions(EXAMPLE_IDS.profile);

        expect(response.status).toBe(200);
        expect(data?.data[0]?.deleted_segment_ids).toEqual([EXAMPLE_IDS.segment]);
      });
    });

    it('answers 404 for a shopper profile that does not exist', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request for the promotions of a shopper profile that does not exist')
        .withRequest('GET', path(`/shopper-profiles/${EXAMPLE_IDS.unknown}/promotions`), (req) => req.headers(requestHeaders('readOnly')))
        .willRespondWith(404, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(errorEnvelope(404)));

      await interaction.executeTest(async (mockServer) => {
        const { error, response } = await clientFor(mockServer, 'readOnly').listProfilePromotions(EXAMPLE_IDS.unknown);

        expect(response.status).toBe(404);
        expect(error).toMatchObject({ status: 404 });
      });
    });
  });

  describe("a promotion's targeting (GET /promotions/{id}/customer-segments)", () => {
    it('answers the expression as written with the segments it names', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.promotionTargetsSegments, { promotionId: 42, segmentNames: ['VIP', 'Newsletter'] })
        .uponReceiving("a read-only request for a promotion's targeting")
        .withRequest('GET', path('/promotions/42/customer-segments'), (req) => req.headers(requestHeaders('readOnly')))
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({
            data: targetingLike({
              promotionId: 42,
              expression: { id: [SEGMENT_0, SEGMENT_1] },
              segmentIds: [SEGMENT_0, SEGMENT_1],
              deletedSegmentIds: [],
            }),
            meta: {},
          }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'readOnly').getPromotionTargeting(42);

        expect(response.status).toBe(200);
        expect(data?.data.segment_ids).toEqual([EXAMPLE_IDS.segment, EXAMPLE_IDS.otherSegment]);
      });
    });

    it('keeps a deleted segment in the expression, listed under deleted_segment_ids', async () => {
      const deleted = DELETED;
      const interaction = pact
        .addInteraction()
        .given(STATES.promotionTargetsDeletedSegment, { customerId: 8, promotionId: 43, segmentName: 'Lapsed' })
        .uponReceiving('a request for the targeting of a promotion whose segment was deleted')
        .withRequest('GET', path('/promotions/43/customer-segments'), (req) => req.headers(requestHeaders('readOnly')))
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({
            data: targetingLike({ promotionId: 43, expression: { not: { id: [deleted] } }, segmentIds: [], deletedSegmentIds: [deleted] }),
            meta: {},
          }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'readOnly').getPromotionTargeting(43);

        expect(response.status).toBe(200);
        expect(data?.data.segment_ids).toEqual([]);
        expect(data?.data.deleted_segment_ids).toEqual([EXAMPLE_IDS.segment]);
      });
    });

    it('answers 404 for a promotion that targets nothing', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request for the targeting of a promotion that targets nothing')
        .withRequest('GET', path('/promotions/404/customer-segments'), (req) => req.headers(requestHeaders('readOnly')))
        .willRespondWith(404, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(errorEnvelope(404)));

      await interaction.executeTest(async (mockServer) => {
        const { error, response } = await clientFor(mockServer, 'readOnly').getPromotionTargeting(404);

        expect(response.status).toBe(404);
        expect(error).toMatchObject({ status: 404 });
      });
    });
  });
});
