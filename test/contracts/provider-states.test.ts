/**
 * Every state a pact names must have a handler. Pact itself only logs a warning for a missing
 * one (and the interaction then fails for some other, confusing reason), so the harness checks.
 */
import { STATES } from '../../contracts/client/conventions';
import { type PactFile, stateProblems } from '../../contracts/provider/pact-files';
import { startInProcessProvider } from '../../contracts/provider/providers';
import { stateHandlers } from '../../contracts/provider/states';
import { stateClient } from '../../contracts/provider/target';
import { StateCheckError, verifyProvider } from '../../contracts/provider/verify';
import { committedPacts, jestDynamo, scratchDir, writePacts } from './helpers';

const handled = Object.keys(
  stateHandlers(stateClient({ origin: 'http://unused', storeHash: 'unused', modifyToken: 'unused', readOnlyToken: undefined })),
);

function pactWith(states: { name: string; params?: Record<string, unknown> }[] | undefined): PactFile {
  return {
    consumer: { name: 'new-consumer' },
    provider: { name: 'customer-segmentation' },
    interactions: [{ description: 'a request', providerStates: states, request: { method: 'GET', path: '/x' }, response: { status: 200 } }],
  };
}

describe('provider states', () => {
  it('has a handler for every state of the conventions', () => {
    expect(handled.sort()).toEqual(Object.values(STATES).sort());
  });

  it('has a handler for every state the committed pacts name, and every interaction names one', () => {
    expect(stateProblems(committedPacts(), handled)).toEqual([]);
  });

  it('reports a state that has no handler, naming the consumer and the interaction', () => {
    const problems = stateProblems([pactWith([{ name: 'a segment named VIP is archived' }])], handled);

    expect(problems).toEqual([
      {
        consumer: 'new-consumer',
        interaction: 'a request',
        problem: 'names the state "a segment named VIP is archived", which has no handler in contracts/provider/states.ts',
      },
    ]);
  });

  it('reports an interaction that names no state (the store would not be emptied before it)', () => {
    expect(stateProblems([pactWith(undefined)], handled)).toEqual([
      expect.objectContaining({ problem: expect.stringContaining('names no provider state') }),
    ]);
  });

  describe('in a verification', () => {
    const dir = scratchDir('states-');
    const renamed = (interaction: { providerStates?: { name: string }[] }) => {
      for (const state of interaction.providerStates ?? []) state.name = `${state.name}, renamed by a consumer`;
    };
    const oneInteraction = (description: string) => (interaction: { description: string }) => interaction.description === description;

    it('fails before verifying when a committed pact names a state without a handler', async () => {
      const files = writePacts(dir, oneInteraction('a request to create a segment'), renamed);
      const provider = await startInProcessProvider(jestDynamo());
      try {
        await expect(verifyProvider({ target: provider.target, source: { kind: 'files', files } })).rejects.toThrow(StateCheckError);
        await expect(verifyProvider({ target: provider.target, source: { kind: 'files', files } })).rejects.toThrow(
          /segment-sync: "a request to create a segment" names the state "the store has no segments and no shopper profiles, renamed by a consumer"/,
        );
      } finally {
        await provider.stop();
      }
    });

    it('fails when a pact that was not checked beforehand (a broker’s) names a state without a handler', async () => {
      const files = writePacts(dir, oneInteraction('a request to create a segment'), renamed);
      const provider = await startInProcessProvider(jestDynamo());
      try {
        const outcome = await verifyProvider({ target: provider.target, source: { kind: 'files', files }, checkStatesFirst: false });

        expect(outcome.ok).toBe(false);
        expect(outcome.failures).toContain(
          'state "the store has no segments and no shopper profiles, renamed by a consumer" has no handler in contracts/provider/states.ts',
        );
      } finally {
        await provider.stop();
      }
    });

    it('fails when a state handler cannot build its state', async () => {
      // A segment named VIP is made by the state; creating it again in the same state must fail.
      const files = writePacts(dir, oneInteraction('a request to create a segment whose name is taken'), (interaction) => {
        interaction.providerStates = [...(interaction.providerStates ?? []), ...(interaction.providerStates ?? [])];
      });
      const provider = await startInProcessProvider(jestDynamo());
      try {
        const outcome = await verifyProvider({ target: provider.target, source: { kind: 'files', files } });

        expect(outcome.ok).toBe(false);
        expect(outcome.failures).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/^state "a segment exists" .* could not be set up: creating segments answered 409/),
          ]),
        );
      } finally {
        await provider.stop();
      }
    });
  });
});
