/**
 * segment-cache keeps shoppers' segments from the service's events (its message pacts are in
 * contracts/message-consumers/segment-cache). When it starts, or comes back after being down, it
 * catches up from the feed: GET /events with its last cursor, polling with `meta.next_cursor`.
 */
import { clientFor, JSON_RESPONSE_HEADERS, like, path, requestHeaders, STATES } from '@customer-segmentation/client/pact';
import { consumerPact } from '../support';

const pact = consumerPact('segment-cache');

describe('segment-cache → customer-segmentation', () => {
  it('reads the feed from its start, and always gets a cursor to poll with', async () => {
    const interaction = pact
      .addInteraction()
      .given(STATES.emptyStore)
      .uponReceiving('a read of the events feed of a store with no changes yet')
      .withRequest('GET', path('/events'), (req) => req.headers(requestHeaders('readOnly')).query({ limit: '250' }))
      .willRespondWith(200, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: [], meta: { next_cursor: like('ZTEuMA') } }));

    await interaction.executeTest(async (mockServer) => {
      const { data, response } = await clientFor(mockServer, 'readOnly').raw.GET('/events', { params: { query: { limit: 250 } } });

      expect(response.status).toBe(200);
      expect(data?.data).toEqual([]);
      expect(typeof data?.meta.next_cursor).toBe('string');
    });
  });
});
