/**
 * hooks-admin is a store's integration settings page: it subscribes the team's endpoint to the
 * store's events, shows the store's hooks, pauses and resumes one, rotates its secret and
 * removes it. It relies on the secret being shown at creation and rotation only, and on a
 * destination refused with 400 in the error envelope.
 */
import {
  badRequestEnvelope,
  clientFor,
  EXAMPLE_IDS,
  errorEnvelope,
  fromState,
  hookLike,
  hookSecret,
  JSON_RESPONSE_HEADERS,
  path,
  pathFromState,
  requestHeaders,
  STATES,
} from '@customer-segmentation/client/pact';
import { consumerPact } from '../support';

const pact = consumerPact('hooks-admin');

/** A public address written as such: the provider checks it without asking any resolver. */
const DESTINATION = 'https://93.184.215.14/segment-events';
const HOOK = { scope: 'segment.*', destination: DESTINATION, is_active: true } as const;
const STATE = { scope: HOOK.scope, destination: HOOK.destination };
const HOOK_ID = fromState('{hookId}', { hookId: EXAMPLE_IDS.hook });
const hookPath = (suffix = '') => pathFromState(`/hooks/{hookId}${suffix}`, { hookId: EXAMPLE_IDS.hook });

describe('hooks-admin → customer-segmentation', () => {
  it('subscribes a destination and is shown the signing secret once (POST /hooks)', async () => {
    const interaction = pact
      .addInteraction()
      .given(STATES.emptyStore)
      .uponReceiving('a request to subscribe a destination to segment events')
      .withRequest('POST', path('/hooks'), (req) => req.headers(requestHeaders('modify')).jsonBody(HOOK))
      .willRespondWith(201, (res) =>
        res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: { ...hookLike(HOOK), secret: hookSecret() }, meta: {} }),
      );

    await interaction.executeTest(async (mockServer) => {
      const { data, response } = await clientFor(mockServer, 'modify').createHook(HOOK);

      expect(response.status).toBe(201);
      expect(data?.data.secret).toMatch(/^whsec_/);
      expect(data?.data.is_active).toBe(true);
    });
  });

  it('is told 400 in the error envelope for a destination on a private network', async () => {
    const refused = { ...HOOK, destination: 'https://10.0.0.8/hooks' };
    const interaction = pact
      .addInteraction()
      .given(STATES.emptyStore)
      .uponReceiving('a request to subscribe a destination on a private network')
      .withRequest('POST', path('/hooks'), (req) => req.headers(requestHeaders('modify')).jsonBody(refused))
      .willRespondWith(400, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(badRequestEnvelope('destination')));

    await interaction.executeTest(async (mockServer) => {
      const { error, response } = await clientFor(mockServer, 'modify').createHook(refused);

      expect(response.status).toBe(400);
      expect(error?.errors?.destination).toBeDefined();
    });
  });

  it("lists the store's hooks, never with a secret (GET /hooks)", async () => {
    const interaction = pact
      .addInteraction()
      .given(STATES.hookExists, STATE)
      .uponReceiving("a read-only request for the store's webhooks")
      .withRequest('GET', path('/hooks'), (req) => req.headers(requestHeaders('readOnly')))
      .willRespondWith(200, (res) =>
        res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: [hookLike({ ...STATE, id: HOOK_ID })], meta: {} }),
      );

    await interaction.executeTest(async (mockServer) => {
      const { data, response } = await clientFor(mockServer, 'readOnly').listHooks();

      expect(response.status).toBe(200);
      expect(data?.data.map((hook) => hook.destination)).toEqual([DESTINATION]);
      expect(JSON.stringify(data)).not.toContain('whsec_');
    });
  });

  it('reads one hook (GET /hooks/{id}), and is told 404 for a hook the store does not have', async () => {
    const found = pact
      .addInteraction()
      .given(STATES.hookExists, STATE)
      .uponReceiving('a read-only request for a webhook')
      .withRequest('GET', hookPath(), (req) => req.headers(requestHeaders('readOnly')))
      .willRespondWith(200, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: hookLike({ ...STATE, id: HOOK_ID }), meta: {} }));
    await found.executeTest(async (mockServer) => {
      const { data, response } = await clientFor(mockServer, 'readOnly').getHook(EXAMPLE_IDS.hook);

      expect(response.status).toBe(200);
      expect(data?.data.scope).toBe('segment.*');
    });

    const missing = pact
      .addInteraction()
      .given(STATES.emptyStore)
      .uponReceiving('a request for a webhook that does not exist')
      .withRequest('GET', path(`/hooks/${EXAMPLE_IDS.unknown}`), (req) => req.headers(requestHeaders('readOnly')))
      .willRespondWith(404, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(errorEnvelope(404)));
    await missing.executeTest(async (mockServer) => {
      const { response } = await clientFor(mockServer, 'readOnly').getHook(EXAMPLE_IDS.unknown);

      expect(response.status).toBe(404);
    });
  });

  it('pauses a hook, keeping its destination and scope (PUT /hooks/{id})', async () => {
    const interaction = pact
      .addInteraction()
      .given(STATES.hookExists, STATE)
      .uponReceiving('a request to pause a webhook')
      .withRequest('PUT', hookPath(), (req) => req.headers(requestHeaders('modify')).jsonBody({ is_active: false }))
      .willRespondWith(200, (res) =>
        res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: hookLike({ ...STATE, id: HOOK_ID, isActive: false }), meta: {} }),
      );

    await interaction.executeTest(async (mockServer) => {
      const { data, response } = await clientFor(mockServer, 'modify').updateHook(EXAMPLE_IDS.hook, { is_active: false });

      expect(response.status).toBe(200);
      expect(data?.data).toMatchObject({ is_active: false, destination: DESTINATION });
    });
  });

  it('rotates the secret and is shown the new one once (POST /hooks/{id}/secret)', async () => {
    const interaction = pact
      .addInteraction()
      .given(STATES.hookExists, STATE)
      .uponReceiving("a request to rotate a webhook's secret")
      .withRequest('POST', hookPath('/secret'), (req) => req.headers(requestHeaders('modify')))
      .willRespondWith(200, (res) =>
        res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: { ...hookLike({ ...STATE, id: HOOK_ID }), secret: hookSecret() }, meta: {} }),
      );

    await interaction.executeTest(async (mockServer) => {
      const { data, response } = await clientFor(mockServer, 'modify').rotateHookSecret(EXAMPLE_IDS.hook);

      expect(response.status).toBe(200);
      expect(data?.data.secret).toMatch(/^whsec_/);
    });
  });

  it('removes a hook (DELETE /hooks/{id})', async () => {
    const interaction = pact
      .addInteraction()
      .given(STATES.hookExists, STATE)
      .uponReceiving('a request to delete a webhook')
      .withRequest('DELETE', hookPath(), (req) => req.headers(requestHeaders('modify')))
      .willRespondWith(204);

    await interaction.executeTest(async (mockServer) => {
      const { response } = await clientFor(mockServer, 'modify').deleteHook(EXAMPLE_IDS.hook);

      expect(response.status).toBe(204);
    });
  });
});
