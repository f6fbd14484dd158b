/**
 * storefront knows its shoppers by customer id once they sign in and by a visitor id before:
 * it looks a customer's segments up, gives an anonymous visitor a guest profile, and merges that
 * profile into the customer's when the visitor signs in (whether the customer has a profile yet
 * or not). Every answer below is one it relies on.
 */

import {
  badRequestEnvelope,
  clientFor,
  EXAMPLE_IDS,
  eachLike,
  errorEnvelope,
  isoDateTime,
  JSON_RESPONSE_HEADERS,
  like,
  pagination,
  path,
  profileLike,
  requestHeaders,
  STATES,
  segmentLike,
  stateId,
  targetingLike,
  uuid,
} from '@customer-segmentation/client/pact';
import { MatchersV3 } from '@pact-foundation/pact';
import { consumerPact } from '../support';

const pact = consumerPact('storefront');

const CUSTOMER_ID = 301;
const VISITOR = 'visitor-7f3a';
/** After a merge the storefront keeps the profile id it is answered: it must be exactly the one the state made. */
const GUEST_PROFILE_ID = stateId('guestProfileId');
const CUSTOMER_PROFILE_ID = stateId('customerProfileId');

/** A guest's profile as the API answers it: customer 0 and the storefront's own visitor id. */
function guestProfileLike(guestId: string, id: unknown = uuid(EXAMPLE_IDS.profile)) {
  return { id, customer_id: 0, guest_id: guestId, created_at: isoDateTime(), updated_at: isoDateTime() };
}

describe('storefront → customer-segmentation', () => {
  describe('a signed-in customer’s segments (GET /customers/{customerId}/segments)', () => {
    it('gets the segments of the customer’s profile', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.profileInSegments, { customerId: CUSTOMER_ID, segmentNames: ['VIP'] })
        .uponReceiving('a request for the segments of a customer with a profile')
        .withRequest('GET', path(`/customers/${CUSTOMER_ID}/segments`), (req) => req.headers(requestHeaders('readOnly')))
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({
            data: eachLike(segmentLike({ name: 'VIP', description: like('VIP (made by a provider state)') }), 1),
            meta: pagination({ total: 1, count: 1, per_page: 50, current_page: 1, total_pages: 1 }),
          }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'readOnly').listCustomerSegments(CUSTOMER_ID);

        expect(response.status).toBe(200);
        expect(data?.data.map((segment) => segment.name)).toEqual(['VIP']);
      });
    });

    it('gets an empty list for a customer without a profile', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request for the segments of a customer without a profile')
        .withRequest('GET', path('/customers/302/segments'), (req) => req.headers(requestHeaders('readOnly')))
        .willRespondWith(200, (res) =>
          res
            .headers(JSON_RESPONSE_HEADERS)
            .jsonBody({ data: [], meta: pagination({ total: 0, count: 0, per_page: 50, current_page: 1, total_pages: 0 }) }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'readOnly').listCustomerSegments(302);

        expect(response.status).toBe(200);
        expect(data?.data).toEqual([]);
      });
    });
  });

  describe('a signed-in customer’s promotions (GET /customers/{customerId}/promotions)', () => {
    it('gets the promotions whose expression holds for the customer’s profile', async () => {
      const segment0 = stateId('segmentId0');
      const interaction = pact
        .addInteraction()
        .given(STATES.profileInTargetedSegments, { customerId: CUSTOMER_ID, segmentNames: ['VIP'], promotionIds: [11] })
        .uponReceiving('a request for the promotions of a customer with a profile')
        .withRequest('GET', path(`/customers/${CUSTOMER_ID}/promotions`), (req) => req.headers(requestHeaders('readOnly')))
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({
            data: [targetingLike({ promotionId: 11, expression: { id: [segment0] }, segmentIds: [segment0], deletedSegmentIds: [] })],
            meta: pagination({ total: 1, count: 1, per_page: 50, current_page: 1, total_pages: 1 }),
          }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'readOnly').listCustomerPromotions(CUSTOMER_ID);

        expect(response.status).toBe(200);
        expect(data?.data.map((targeting) => targeting.promotion_id)).toEqual([11]);
      });
    });
  });

  describe('a customer’s profile (GET /shopper-profiles?customer_id:in)', () => {
    it('finds the profile of a customer by customer id', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.profileExists, { customerId: CUSTOMER_ID })
        .uponReceiving('a request for the profiles of some customers')
        .withRequest('GET', path('/shopper-profiles'), (req) =>
          req.headers(requestHeaders('readOnly')).query({ 'customer_id:in': `${CUSTOMER_ID},302` }),
        )
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({
            data: [profileLike({ customerId: CUSTOMER_ID, id: stateId('shopperProfileId') })],
            meta: pagination({ total: 1, count: 1, per_page: 50, current_page: 1, total_pages: 1 }),
          }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'readOnly').listShopperProfiles({ 'customer_id:in': [CUSTOMER_ID, 302] });

        expect(response.status).toBe(200);
        expect(data?.data).toEqual([expect.objectContaining({ id: EXAMPLE_IDS.profile, customer_id: CUSTOMER_ID })]);
      });
    });
  });

  describe('an anonymous visitor (POST /shopper-profiles with guest_id)', () => {
    it('gets a guest profile: customer 0 and its visitor id', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request to create a guest profile')
        .withRequest('POST', path('/shopper-profiles'), (req) => req.headers(requestHeaders('modify')).jsonBody([{ guest_id: VISITOR }]))
        .willRespondWith(201, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: eachLike(guestProfileLike(VISITOR), 1), meta: {} }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'modify').createShopperProfiles([{ guest_id: VISITOR }]);

        expect(response.status).toBe(201);
        expect(data?.data).toEqual([expect.objectContaining({ customer_id: 0, guest_id: VISITOR })]);
      });
    });

    it('answers 400 naming the entry when it has both a customer id and a guest id', async () => {
      const both = [{ customer_id: CUSTOMER_ID, guest_id: VISITOR }];
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request to create a profile for a customer and a guest at once')
        .withRequest('POST', path('/shopper-profiles'), (req) => req.headers(requestHeaders('modify')).jsonBody(both))
        .willRespondWith(400, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody(badRequestEnvelope('0', 'must have exactly one of `customer_id` or `guest_id`')),
        );

      await interaction.executeTest(async (mockServer) => {
        // The typed client refuses this body at compile time; a storefront bug could still send it.
        const { error, response } = await clientFor(mockServer, 'modify').createShopperProfiles(both as never);

        expect(response.status).toBe(400);
        expect(error).toMatchObject({ status: 400, errors: { '0': expect.any(String) } });
      });
    });
  });

  describe('a visitor signs in (POST /shopper-profiles/merge)', () => {
    it('keeps the guest’s profile, now the customer’s, when the customer had none', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.guestInSegments, { guestId: VISITOR, segmentNames: ['Window shoppers'] })
        .uponReceiving('a request to merge a guest into a customer without a profile')
        .withRequest('POST', path('/shopper-profiles/merge'), (req) =>
          req.headers(requestHeaders('modify')).jsonBody({ guest_id: VISITOR, customer_id: CUSTOMER_ID }),
        )
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: profileLike({ customerId: CUSTOMER_ID, id: GUEST_PROFILE_ID }) }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'modify').mergeGuestProfile({ guest_id: VISITOR, customer_id: CUSTOMER_ID });

        expect(response.status).toBe(200);
        expect(data?.data).toEqual(expect.objectContaining({ id: EXAMPLE_IDS.profile, customer_id: CUSTOMER_ID }));
        expect(data?.data).not.toHaveProperty('guest_id');
      });
    });

    it('answers the customer’s own profile when the customer had one', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.guestAndCustomerProfiles, { guestId: VISITOR, segmentNames: ['Window shoppers'], customerId: CUSTOMER_ID })
        .uponReceiving('a request to merge a guest into a customer with a profile')
        .withRequest('POST', path('/shopper-profiles/merge'), (req) =>
          req.headers(requestHeaders('modify')).jsonBody({ guest_id: VISITOR, customer_id: CUSTOMER_ID }),
        )
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: profileLike({ customerId: CUSTOMER_ID, id: CUSTOMER_PROFILE_ID }) }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'modify').mergeGuestProfile({ guest_id: VISITOR, customer_id: CUSTOMER_ID });

        expect(response.status).toBe(200);
        expect(data?.data).toEqual(expect.objectContaining({ id: EXAMPLE_IDS.otherProfile, customer_id: CUSTOMER_ID }));
      });
    });

    it('finds every segment the guest was in on the customer afterwards', async () => {
      // The storefront personalises by the customer's segments from sign-in on: the guest's must be there.
      const interaction = pact
        .addInteraction()
        .given(STATES.guestMergedIntoCustomer, { guestId: VISITOR, segmentNames: ['VIP', 'Window shoppers'], customerId: CUSTOMER_ID })
        .uponReceiving('a request for the segments of a customer after a guest in two segments was merged into the customer’s profile')
        .withRequest('GET', path(`/customers/${CUSTOMER_ID}/segments`), (req) => req.headers(requestHeaders('readOnly')))
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({
            data: [
              segmentLike({ name: 'VIP', description: like('VIP (made by a provider state)'), id: stateId('segmentId0') }),
              segmentLike({
                name: 'Window shoppers',
                description: like('Window shoppers (made by a provider state)'),
                id: stateId('segmentId1'),
              }),
            ],
            meta: pagination({ total: 2, count: 2, per_page: 50, current_page: 1, total_pages: 1 }),
          }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'readOnly').listCustomerSegments(CUSTOMER_ID);

        expect(response.status).toBe(200);
        expect(data?.data.map((segment) => segment.id)).toEqual([EXAMPLE_IDS.segment, EXAMPLE_IDS.otherSegment]);
      });
    });

    it('answers 404 for a visitor without a profile', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request to merge a guest that has no profile')
        .withRequest('POST', path('/shopper-profiles/merge'), (req) =>
          req.headers(requestHeaders('modify')).jsonBody({ guest_id: 'visitor-unknown', customer_id: CUSTOMER_ID }),
        )
        .willRespondWith(404, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({ ...errorEnvelope(404), errors: MatchersV3.eachKeyLike('guest_id', like('why')) }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { error, response } = await clientFor(mockServer, 'modify').mergeGuestProfile({
          guest_id: 'visitor-unknown',
          customer_id: CUSTOMER_ID,
        });

        expect(response.status).toBe(404);
        expect(error).toMatchObject({ status: 404 });
      });
    });
  });
});
