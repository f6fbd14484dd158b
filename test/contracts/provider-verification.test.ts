/**
 * The provider verification of `npm test`: every committed pact, against the app served
 * in-process, against the Lambda handler behind an API Gateway event bridge, and against a
 * "remote" instance configured the way PROVIDER_BASE_URL & co configure one.
 */

import { pactFilesIn } from '../../contracts/provider/pact-files';
import { startInProcessProvider } from '../../contracts/provider/providers';
import { verifyInProcess, verifyLambda, verifyRemote } from '../../contracts/provider/run';
import { targetFromEnv } from '../../contracts/provider/target';
import type { PactSource } from '../../contracts/provider/verify';
import { jestDynamo } from './helpers';

const committed: PactSource = { kind: 'files', files: pactFilesIn() };

describe('provider verification of the committed pacts', () => {
  it('finds pacts to verify', () => {
    expect(committed.kind === 'files' && committed.files.length).toBeGreaterThanOrEqual(2);
  });

  it('passes against the app served in-process', async () => {
    const outcome = await verifyInProcess(jestDynamo(), committed);

    expect(outcome.failures).toEqual([]);
    expect(outcome.ok).toBe(true);
  });

  it('passes against the Lambda handler, the entry we deploy', async () => {
    const outcome = await verifyLambda(jestDynamo(), committed);

    expect(outcome.failures).toEqual([]);
    expect(outcome.ok).toBe(true);
  });

  it('passes against a running instance named by PROVIDER_BASE_URL, PROVIDER_STORE_HASH and the tokens', async () => {
    // Arrange: a running instance with its own store and tokens, known only through the environment.
    const running = await startInProcessProvider(jestDynamo());
    try {
      const target = targetFromEnv({
        PROVIDER_BASE_URL: running.target.origin,
        PROVIDER_STORE_HASH: running.target.storeHash,
        PROVIDER_TOKEN: running.target.modifyToken,
        PROVIDER_READONLY_TOKEN: running.target.readOnlyToken,
      });

      // Act
      const outcome = await verifyRemote(target!, committed);

      // Assert
      expect(outcome.failures).toEqual([]);
      expect(outcome.ok).toBe(true);
    } finally {
      await running.stop();
    }
  });
});
