/**
 * `npm run token -- create --store <store_hash> --scope modify|read-only`
 * Mints a token in whatever table the environment names (TABLE_NAME, DYNAMODB_ENDPOINT or the
 * AWS defaults) and prints it once: only its hash is stored.
 */
import { parseArgs } from 'node:util';
import { openConfiguredStore } from '../assemble';
import { isScope, isStoreHash, SCOPES } from '../auth/tokens.repository';
import { loadConfig } from '../config';

const USAGE = `usage: npm run token -- create --store <store_hash> --scope ${SCOPES.join('|')}`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { store: { type: 'string' }, scope: { type: 'string' } },
  });
  const { store: storeHash, scope } = values;
  if (positionals[0] !== 'create' || !storeHash || !scope) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (!isStoreHash(storeHash)) {
    process.stderr.write(`--store must be letters, digits, _ or - (at most 64), got "${storeHash}"\n`);
    return 2;
  }
  if (!isScope(scope)) {
    process.stderr.write(`--scope must be one of ${SCOPES.join(', ')}, got "${scope}"\n`);
    return 2;
  }
  const config = loadConfig();
  const { client, store } = openConfiguredStore(config);
  try {
    const token = await store.tokens.mint(storeHash, scope);
    process.stderr.write(`minted a ${scope} token for store "${storeHash}" in table ${config.tableName}; it is shown once:\n`);
    process.stdout.write(`${token}\n`);
    return 0;
  } finally {
    client.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`could not mint a token: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
