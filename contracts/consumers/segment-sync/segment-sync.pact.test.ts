/**
 * segment-sync keeps a store's segments in step with a third-party tool (the flows of the beta
 * guide): it creates and renames segments, creates shopper profiles, adds and removes members,
 * deletes what the tool dropped, and handles the 400s, 401s, 404s and 409s. Every answer below
 * is one it relies on.
 */
import {
  anyPagination,
  badRequestEnvelope,
  batchConflictEnvelope,
  clientFor,
  EXAMPLE_IDS,
  eachLike,
  errorEnvelope,
  fromState,
  JSON_RESPONSE_HEADERS,
  pagination,
  path,
  pathFromState,
  profileLike,
  requestHeaders,
  STATES,
  segmentLike,
  stateId,
} from '@customer-segmentation/client/pact';
import { consumerPact } from '../support';

const pact = consumerPact('segment-sync');

const VIP = { name: 'VIP', description: 'Customers who spent over 1000' };
const CUSTOMER = { customerId: 101 };
const SEGMENT_ID = fromState('{segmentId}', { segmentId: EXAMPLE_IDS.segment });
const PROFILE_ID = fromState('{shopperProfileId}', { shopperProfileId: EXAMPLE_IDS.profile });
const MEMBERSHIP = { customerId: CUSTOMER.customerId, segmentNames: [VIP.name] };

describe('segment-sync → customer-segmentation', () => {
  describe('creating segments (POST /segments)', () => {
    it('gets the created segment back, with the id and timestamps the provider made', async () => {
      // Arrange
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request to create a segment')
        .withRequest('POST', path('/segments'), (req) => req.headers(requestHeaders('modify')).jsonBody([VIP]))
        .willRespondWith(201, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: eachLike(segmentLike(VIP), 1), meta: {} }));

      await interaction.executeTest(async (mockServer) => {
        // Act
        const { data, error, response } = await clientFor(mockServer, 'modify').createSegments([VIP]);

        // Assert
        expect(response.status).toBe(201);
        expect(error).toBeUndefined();
        expect(data?.data).toEqual([expect.objectContaining({ id: EXAMPLE_IDS.segment, ...VIP })]);
      });
    });

    it('answers 409 in the batch envelope when the name is taken', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.segmentExists, VIP)
        .uponReceiving('a request to create a segment whose name is taken')
        .withRequest('POST', path('/segments'), (req) => req.headers(requestHeaders('modify')).jsonBody([{ name: VIP.name }]))
        .willRespondWith(409, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(batchConflictEnvelope(1)));

      await interaction.executeTest(async (mockServer) => {
        const { data, error, response } = await clientFor(mockServer, 'modify').createSegments([{ name: VIP.name }]);

        expect(response.status).toBe(409);
        expect(data).toBeUndefined();
        expect(error).toMatchObject({
          data: [],
          errors: [expect.objectContaining({ status: 409 })],
          meta: { total: 1, success: 0, failed: 1 },
        });
      });
    });

    it('answers 400 naming the field when a segment has no name', async () => {
      const nameless = [{ description: 'a segment without a name' }];
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request to create a segment without a name')
        .withRequest('POST', path('/segments'), (req) => req.headers(requestHeaders('modify')).jsonBody(nameless))
        .willRespondWith(400, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(badRequestEnvelope('0.name', 'is required')));

      await interaction.executeTest(async (mockServer) => {
        // The typed client refuses this body at compile time; the tool forwards what it was given.
        const { error, response } = await clientFor(mockServer, 'modify').createSegments(nameless as never);

        expect(response.status).toBe(400);
        expect(error).toMatchObject({ status: 400, errors: { '0.name': 'is required' } });
      });
    });

    it('answers 401 in the error envelope when the token is unknown', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request to create a segment with an unknown token')
        .withRequest('POST', path('/segments'), (req) => req.headers(requestHeaders('unknown')).jsonBody([VIP]))
        .willRespondWith(401, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(errorEnvelope(401)));

      await interaction.executeTest(async (mockServer) => {
        const { error, response } = await clientFor(mockServer, 'unknown').createSegments([VIP]);

        expect(response.status).toBe(401);
        expect(error).toMatchObject({ status: 401 });
      });
    });
  });

  describe('renaming segments (PUT /segments)', () => {
    it('answers 201 with the updated segment', async () => {
      const renamed = { name: 'VIP customers', description: VIP.description };
      const interaction = pact
        .addInteraction()
        .given(STATES.segmentExists, VIP)
        .uponReceiving('a request to rename a segment')
        .withRequest('PUT', path('/segments'), (req) =>
          req.headers(requestHeaders('modify')).jsonBody([{ id: SEGMENT_ID, name: renamed.name }]),
        )
        .willRespondWith(201, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: eachLike(segmentLike({ ...renamed, id: SEGMENT_ID }), 1), meta: {} }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'modify').updateSegments([{ id: EXAMPLE_IDS.segment, name: renamed.name }]);

        expect(response.status).toBe(201);
        expect(data?.data).toEqual([expect.objectContaining({ id: EXAMPLE_IDS.segment, ...renamed })]);
      });
    });

    it('answers 404 when the segment does not exist', async () => {
      const rename = [{ id: EXAMPLE_IDS.unknown, name: 'VIP customers' }];
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request to rename a segment that does not exist')
        .withRequest('PUT', path('/segments'), (req) => req.headers(requestHeaders('modify')).jsonBody(rename))
        .willRespondWith(404, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(errorEnvelope(404)));

      await interaction.executeTest(async (mockServer) => {
        const { error, response } = await clientFor(mockServer, 'modify').updateSegments(rename);

        expect(response.status).toBe(404);
        expect(error).toMatchObject({ status: 404 });
      });
    });
  });

  describe('deleting segments (DELETE /segments)', () => {
    it('answers 204 when it deletes a segment by id', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.segmentExists, VIP)
        .uponReceiving('a request to delete a segment by id')
        .withRequest('DELETE', path('/segments'), (req) => req.headers(requestHeaders('modify')).query({ 'id:in': SEGMENT_ID }))
        .willRespondWith(204);

      await interaction.executeTest(async (mockServer) => {
        const { error, response } = await clientFor(mockServer, 'modify').deleteSegments([EXAMPLE_IDS.segment]);

        expect(response.status).toBe(204);
        expect(error).toBeUndefined();
      });
    });
  });

  describe('shopper profiles (/shopper-profiles)', () => {
    it('gets the created profile back', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request to create a shopper profile')
        .withRequest('POST', path('/shopper-profiles'), (req) => req.headers(requestHeaders('modify')).jsonBody([{ customer_id: 101 }]))
        .willRespondWith(201, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: eachLike(profileLike(CUSTOMER), 1), meta: {} }));

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'modify').createShopperProfiles([{ customer_id: 101 }]);

        expect(response.status).toBe(201);
        expect(data?.data).toEqual([expect.objectContaining({ id: EXAMPLE_IDS.profile, customer_id: 101 })]);
      });
    });

    it('answers 409 when the customer already has a profile', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.profileExists, CUSTOMER)
        .uponReceiving('a request to create a second shopper profile for a customer')
        .withRequest('POST', path('/shopper-profiles'), (req) => req.headers(requestHeaders('modify')).jsonBody([{ customer_id: 101 }]))
        .willRespondWith(409, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(batchConflictEnvelope(1)));

      await interaction.executeTest(async (mockServer) => {
        const { error, response } = await clientFor(mockServer, 'modify').createShopperProfiles([{ customer_id: 101 }]);

        expect(response.status).toBe(409);
        expect(error).toMatchObject({ data: [], meta: { failed: 1 } });
      });
    });

    it('lists the store’s profiles a page at a time, to reconcile with the tool', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.profileExists, CUSTOMER)
        .uponReceiving('a request to list shopper profiles')
        .withRequest('GET', path('/shopper-profiles'), (req) => req.headers(requestHeaders('modify')).query({ page: '1', limit: '250' }))
        .willRespondWith(200, (res) =>
          res
            .headers(JSON_RESPONSE_HEADERS)
            .jsonBody({ data: eachLike(profileLike({ ...CUSTOMER, id: PROFILE_ID }), 1), meta: anyPagination }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'modify').listShopperProfiles({ page: 1, limit: 250 });

        expect(response.status).toBe(200);
        expect(data?.data[0]?.customer_id).toBe(101);
        expect(data?.meta.pagination.total_pages).toBe(1);
      });
    });

    it('answers 204 when it deletes a profile by id', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.profileExists, CUSTOMER)
        .uponReceiving('a request to delete a shopper profile by id')
        .withRequest('DELETE', path('/shopper-profiles'), (req) => req.headers(requestHeaders('modify')).query({ 'id:in': PROFILE_ID }))
        .willRespondWith(204);

      await interaction.executeTest(async (mockServer) => {
        const { response } = await clientFor(mockServer, 'modify').deleteShopperProfiles([EXAMPLE_IDS.profile]);

        expect(response.status).toBe(204);
      });
    });
  });

  describe('members of a segment (/segments/{segmentId}/shopper-profiles)', () => {
    const members = pathFromState('/segments/{segmentId}/shopper-profiles', { segmentId: EXAMPLE_IDS.segment });

    it('adds a shopper profile to a segment', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.segmentExists, VIP)
        .given(STATES.profileExists, CUSTOMER)
        .uponReceiving('a request to add a shopper profile to a segment')
        .withRequest('POST', members, (req) => req.headers(requestHeaders('modify')).jsonBody([PROFILE_ID]))
        .willRespondWith(201, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: eachLike(profileLike({ ...CUSTOMER, id: PROFILE_ID }), 1) }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'modify').addSegmentProfiles(EXAMPLE_IDS.segment, [EXAMPLE_IDS.profile]);

        expect(response.status).toBe(201);
        expect(data?.data.map((profile) => profile.id)).toEqual([EXAMPLE_IDS.profile]);
      });
    });

    it('answers 409 in the batch envelope when the profile is already a member', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.profileInSegments, MEMBERSHIP)
        .uponReceiving('a request to add a shopper profile that is already in the segment')
        .withRequest('POST', members, (req) => req.headers(requestHeaders('modify')).jsonBody([PROFILE_ID]))
        .willRespondWith(409, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(batchConflictEnvelope(1)));

      await interaction.executeTest(async (mockServer) => {
        const { error, response } = await clientFor(mockServer, 'modify').addSegmentProfiles(EXAMPLE_IDS.segment, [EXAMPLE_IDS.profile]);

        expect(response.status).toBe(409);
        expect(error).toMatchObject({ data: [], meta: { total: 1, success: 0, failed: 1 } });
      });
    });

    it('answers 404 when adding to a segment that does not exist', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.profileExists, CUSTOMER)
        .uponReceiving('a request to add a shopper profile to a segment that does not exist')
        .withRequest('POST', path(`/segments/${EXAMPLE_IDS.unknown}/shopper-profiles`), (req) =>
          req.headers(requestHeaders('modify')).jsonBody([PROFILE_ID]),
        )
        .willRespondWith(404, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(errorEnvelope(404)));

      await interaction.executeTest(async (mockServer) => {
        const { error, response } = await clientFor(mockServer, 'modify').addSegmentProfiles(EXAMPLE_IDS.unknown, [EXAMPLE_IDS.profile]);

        expect(response.status).toBe(404);
        expect(error).toMatchObject({ status: 404 });
      });
    });

    it('answers 400 naming the entry when a profile id is not a uuid', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.segmentExists, VIP)
        .uponReceiving('a request to add a shopper profile id that is not a uuid')
        .withRequest('POST', members, (req) => req.headers(requestHeaders('modify')).jsonBody(['customer-101']))
        .willRespondWith(400, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(badRequestEnvelope('0', 'must be a uuid')));

      await interaction.executeTest(async (mockServer) => {
        const { error, response } = await clientFor(mockServer, 'modify').addSegmentProfiles(EXAMPLE_IDS.segment, ['customer-101']);

        expect(response.status).toBe(400);
        expect(error).toMatchObject({ status: 400 });
      });
    });

    it('lists the members of a segment, with the pagination meta', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.profileInSegments, MEMBERSHIP)
        .uponReceiving('a request to list the shopper profiles of a segment')
        .withRequest('GET', members, (req) => req.headers(requestHeaders('modify')))
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({
            data: eachLike(profileLike({ ...CUSTOMER, id: PROFILE_ID }), 1),
            meta: { pagination: { total: 1, count: 1, per_page: 50, current_page: 1, total_pages: 1 } },
          }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'modify').listSegmentProfiles(EXAMPLE_IDS.segment);

        expect(response.status).toBe(200);
        expect(data?.data.map((profile) => profile.id)).toEqual([EXAMPLE_IDS.profile]);
        expect(data?.meta.pagination).toEqual({ total: 1, count: 1, per_page: 50, current_page: 1, total_pages: 1 });
      });
    });

    it('lists the customer’s profile, and no longer the guest’s, in a segment of a guest that signed in', async () => {
      // The tool keys its members by profile id: after a merge it must find exactly the customer's.
      const interaction = pact
        .addInteraction()
        .given(STATES.guestMergedIntoCustomer, { guestId: 'visitor-7f3a', segmentNames: ['VIP', 'Window shoppers'], customerId: 301 })
        .uponReceiving('a request to list the shopper profiles of a segment whose guest member was merged into a customer')
        .withRequest('GET', pathFromState('/segments/{segmentId1}/shopper-profiles', { segmentId1: EXAMPLE_IDS.otherSegment }), (req) =>
          req.headers(requestHeaders('modify')),
        )
        .willRespondWith(200, (res) =>
          res.headers(JSON_RESPONSE_HEADERS).jsonBody({
            data: [profileLike({ customerId: 301, id: stateId('customerProfileId') })],
            meta: pagination({ total: 1, count: 1, per_page: 50, current_page: 1, total_pages: 1 }),
          }),
        );

      await interaction.executeTest(async (mockServer) => {
        const { data, response } = await clientFor(mockServer, 'modify').listSegmentProfiles(EXAMPLE_IDS.otherSegment);

        expect(response.status).toBe(200);
        expect(data?.data.map((profile) => [profile.id, profile.customer_id])).toEqual([[EXAMPLE_IDS.otherProfile, 301]]);
        expect(data?.meta.pagination.total).toBe(1);
      });
    });

    it('answers 204 when it removes a member by id', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.profileInSegments, MEMBERSHIP)
        .uponReceiving('a request to remove a shopper profile from a segment')
        .withRequest('DELETE', members, (req) => req.headers(requestHeaders('modify')).query({ 'id:in': PROFILE_ID }))
        .willRespondWith(204);

      await interaction.executeTest(async (mockServer) => {
        const { response } = await clientFor(mockServer, 'modify').removeSegmentProfiles(EXAMPLE_IDS.segment, [EXAMPLE_IDS.profile]);

        expect(response.status).toBe(204);
      });
    });

    it('answers 204 when it empties a segment', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.profileInSegments, MEMBERSHIP)
        .uponReceiving('a request to remove every shopper profile from a segment')
        .withRequest('DELETE', members, (req) => req.headers(requestHeaders('modify')))
        .willRespondWith(204);

      await interaction.executeTest(async (mockServer) => {
        const { response } = await clientFor(mockServer, 'modify').removeSegmentProfiles(EXAMPLE_IDS.segment);

        expect(response.status).toBe(204);
      });
    });

    it('answers 404 when removing from a segment that does not exist', async () => {
      const interaction = pact
        .addInteraction()
        .given(STATES.emptyStore)
        .uponReceiving('a request to remove shopper profiles from a segment that does not exist')
        .withRequest('DELETE', path(`/segments/${EXAMPLE_IDS.unknown}/shopper-profiles`), (req) => req.headers(requestHeaders('modify')))
        .willRespondWith(404, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(errorEnvelope(404)));

      await interaction.executeTest(async (mockServer) => {
        const { error, response } = await clientFor(mockServer, 'modify').removeSegmentProfiles(EXAMPLE_IDS.unknown);

        expect(response.status).toBe(404);
        expect(error).toMatchObject({ status: 404 });
      });
    });
  });
});
