// A consumer team's Pact test, as it would sit in the team's own repository: plain JavaScript,
// node:test, and nothing from this project but the installed consumer kit. The kit test copies it
// into a folder outside the repository, beside the packed kit, and runs `node --test` on it.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const {
  anyPagination,
  clientFor,
  consumerPact,
  eachLike,
  errorEnvelope,
  JSON_RESPONSE_HEADERS,
  path,
  requestHeaders,
  STATES,
  segmentLike,
} = require('@customer-segmentation/client/pact');

const pact = consumerPact('kit-consumer', { dir: process.env.PACT_DIR });
const VIP = { name: 'VIP', description: 'Customers who spent over 1000' };

test('reads the first page of segments', async () => {
  const interaction = pact
    .addInteraction()
    .given(STATES.segmentExists, VIP)
    .uponReceiving('a request for the first page of segments')
    .withRequest('GET', path('/segments'), (req) => req.headers(requestHeaders('modify')))
    .willRespondWith(200, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody({ data: eachLike(segmentLike(VIP)), meta: anyPagination }));

  await interaction.executeTest(async (mockServer) => {
    const { data, response } = await clientFor(mockServer, 'modify').listSegments();

    assert.equal(response.status, 200);
    assert.equal(data.data[0].name, 'VIP');
  });
});

test('is told 401 with a token no store knows', async () => {
  const interaction = pact
    .addInteraction()
    .given(STATES.emptyStore)
    .uponReceiving('a request for segments with an unknown token')
    .withRequest('GET', path('/segments'), (req) => req.headers(requestHeaders('unknown')))
    .willRespondWith(401, (res) => res.headers(JSON_RESPONSE_HEADERS).jsonBody(errorEnvelope(401)));

  await interaction.executeTest(async (mockServer) => {
    const { data, error, response } = await clientFor(mockServer, 'unknown').listSegments();

    assert.equal(response.status, 401);
    assert.equal(data, undefined);
    assert.equal(error.status, 401);
  });
});
