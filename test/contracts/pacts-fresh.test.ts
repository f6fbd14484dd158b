/**
 * The committed pacts (contracts/pacts) must be what the consumer tests write today: a consumer
 * test changed without `npm run pact:consumer` would otherwise leave the provider verifying an
 * old expectation.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMITTED_PACTS_DIR, generateConsumerPacts, stalePacts } from '../../contracts/scripts/support/consumer-pacts';
import { scratchDir } from './helpers';

const committedNames = () => readdirSync(COMMITTED_PACTS_DIR).filter((n) => n.endsWith('.json'));

/** A copy of the committed pacts to change, as if freshly generated. */
function freshCopy(dir: string, name: string): string {
  const out = join(dir, name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out);
  for (const file of committedNames()) copyFileSync(join(COMMITTED_PACTS_DIR, file), join(out, file));
  return out;
}

function edit(
  dir: string,
  file: string,
  change: (pact: { metadata: Record<string, unknown>; interactions: Record<string, unknown>[] }) => void,
): void {
  const path = join(dir, file);
  const pact = JSON.parse(readFileSync(path, 'utf8'));
  change(pact);
  writeFileSync(path, JSON.stringify(pact, null, 2));
}

describe('the committed pacts are current', () => {
  const dir = scratchDir('pacts-fresh-');

  it('matches what the consumer tests write now (run `npm run pact:consumer` and commit when this fails)', () => {
    // Act: the consumer tests, in a jest of their own, writing into an empty directory.
    const out = join(dir, 'generated');
    mkdirSync(out);
    const run = generateConsumerPacts(out);

    // Assert
    if (!run.ok) throw new Error(`the consumer tests failed:\n${run.output}`);
    expect(stalePacts(out)).toEqual([]);
  });

  describe('the staleness check itself', () => {
    const [first] = committedNames();

    it('ignores only the Pact library version stamps', () => {
      const fresh = freshCopy(dir, 'versions');
      edit(fresh, first!, (pact) => {
        pact.metadata['pact-js'] = { version: '99.0.0' };
        pact.metadata.pactRust = { ffi: '9.9.9', models: '9.9.9' };
      });

      expect(stalePacts(fresh)).toEqual([]);
    });

    it('reports a changed interaction by name', () => {
      const fresh = freshCopy(dir, 'changed');
      let description = '';
      edit(fresh, first!, (pact) => {
        const interaction = pact.interactions[0] as { description: string; response: { status: number } };
        description = interaction.description;
        interaction.response.status = 299;
      });

      expect(stalePacts(fresh)).toEqual([`${first}: changed interaction "${description}"`]);
    });

    it('reports a new and a removed interaction', () => {
      const fresh = freshCopy(dir, 'added');
      let removed = '';
      edit(fresh, first!, (pact) => {
        removed = String(pact.interactions[0]?.description);
        pact.interactions[0] = { ...pact.interactions[0], description: 'a brand new request' };
      });

      expect(stalePacts(fresh)).toEqual([`${first}: new interaction "a brand new request"; interaction "${removed}" is gone`]);
    });

    it('reports a pact file that is not committed, and one no consumer writes any more', () => {
      const fresh = freshCopy(dir, 'files');
      copyFileSync(join(fresh, first!), join(fresh, 'new-consumer-customer-segmentation.json'));
      rmSync(join(fresh, first!));

      expect(stalePacts(fresh)).toEqual([
        'new-consumer-customer-segmentation.json: not committed',
        `${first}: committed, but no consumer test writes it any more`,
      ]);
    });

    it('reports a change of the pact-level metadata (the specification version, say)', () => {
      const fresh = freshCopy(dir, 'spec');
      edit(fresh, first!, (pact) => {
        pact.metadata.pactSpecification = { version: '3.0.0' };
      });

      expect(stalePacts(fresh)).toEqual([`${first}: metadata or pact-level fields differ`]);
    });
  });
});
