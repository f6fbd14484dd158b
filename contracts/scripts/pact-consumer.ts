/**
 * `npm run pact:consumer`: runs every consumer's Pact tests and replaces contracts/pacts with the
 * pacts they write, one file per consumer–provider pair. Commit the result: `npm test` fails while
 * the committed pacts differ from what the tests write.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { COMMITTED_PACTS_DIR, generateConsumerPacts, REPO_ROOT, stalePacts } from './support/consumer-pacts';
import { runMain } from './support/run-main';

function main(): number {
  // Pact merges into an existing file, so the tests write into an empty directory.
  const out = mkdtempSync(join(tmpdir(), 'pacts-'));
  try {
    const { ok, output } = generateConsumerPacts(out);
    if (!ok) {
      process.stderr.write(`${output}\nThe consumer tests failed; contracts/pacts is unchanged.\n`);
      return 1;
    }
    const changes = stalePacts(out);
    for (const name of readdirSync(COMMITTED_PACTS_DIR).filter((n) => n.endsWith('.json'))) rmSync(join(COMMITTED_PACTS_DIR, name));
    const written = readdirSync(out).filter((n) => n.endsWith('.json'));
    for (const name of written) copyFileSync(join(out, name), join(COMMITTED_PACTS_DIR, name));
    const where = relative(REPO_ROOT, COMMITTED_PACTS_DIR);
    process.stdout.write(
      changes.length === 0
        ? `${where}: ${written.length} pact(s), unchanged.\n`
        : `${where}: ${written.length} pact(s) written; changes:\n${changes.map((c) => `  - ${c}`).join('\n')}\nCommit them.\n`,
    );
    return 0;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (require.main === module) runMain(main);
