import { dirname } from 'node:path';
import { createApp } from '../app';
import { openConfiguredStore, type Store } from '../assemble';
import { parseTokenList } from '../auth/tokens.repository';
import { type Config, loadConfig } from '../config';
import { type InProcessPublisher, startInProcessPublisher } from '../events/in-process';
import { HookDeliverer } from '../hooks/delivery';
import { DestinationPolicy } from '../hooks/destinations';
import { HookDispatcher } from '../hooks/dispatcher';
import { AesGcmSealer, keyFileFor } from '../hooks/secrets';
import { storeBasePath } from '../http/base-path';
import { listen } from '../http/listen';
import type { Logger } from '../logger';
import { jsonLogger } from '../logger';
import { createDynamoClient } from '../store/client';
import { type EmbeddedDynamoDb, ensureTable, startEmbeddedDynamoDb } from '../store/dynamodb-local';

export const LOCAL_STORE_HASH = 'local';

export interface LocalService {
  /** e.g. http://127.0.0.1:3000 */
  origin: string;
  /** The DynamoDB endpoint in use, and whether this service started it (and will stop it). */
  dynamodb: { endpoint: string | undefined; embedded: boolean };
  store: Store;
  /** The event publisher, reading the table's stream in this process. */
  events: InProcessPublisher;
  /** A modify token for store `local`, when one was minted because none was configured. */
  mintedToken: string | undefined;
  /** The webhooks' delivery loop (./hooks/dispatcher.ts). */
  hooks: HookDispatcher;
  stop(): Promise<void>;
}

/** `npm start` serves the API reference from swagger-ui-dist's own folder in node_modules. */
export function localDocs(): { assetsDir: string } {
  return { assetsDir: dirname(require.resolve('swagger-ui-dist/package.json')) };
}

/**
 * Runs the service the way `npm start` does: on the configured DynamoDB, or on an embedded
 * DynamoDB Local when none is given, with the table created from the schema module.
 */
export async function startLocalService(config: Config, logger: Logger = jsonLogger()): Promise<LocalService> {
  let embedded: EmbeddedDynamoDb | undefined;
  if (!config.dynamodbEndpoint) embedded = await startEmbeddedDynamoDb();
  const endpoint = config.dynamodbEndpoint ?? embedded?.endpoint;
  const client = createDynamoClient({ endpoint, region: config.region, timeouts: config.dynamodbTimeouts });
  try {
    await ensureTable(client, config.tableName);
    // The key that seals hooks' secrets: configured, or kept in a file for this table, outside it
    // (the embedded DynamoDB Local holds its table in memory, so its key file is one for them all).
    const secretsKey =
      config.hooks.secretKey ?? (await keyFileFor(config.hooks.keyDirectory, config.dynamodbEndpoint ?? 'embedded', config.tableName));
    const { store } = openConfiguredStore(config, { client, hookSecrets: new AesGcmSealer(secretsKey) });
    const hookDestinations = new DestinationPolicy({ allowLoopback: config.hooks.allowLoopback });
    const hooks = new HookDispatcher(store.hooks, new HookDeliverer(store.hooks, store.feed, hookDestinations, logger), logger);
    const provisioned = parseTokenList(config.provisionedTokens ?? '');
    for (const { token, storeHash, scope } of provisioned) await store.tokens.save(storeHash, token, scope);
    const mintedToken = provisioned.length === 0 ? await store.tokens.mint(LOCAL_STORE_HASH, 'modify') : undefined;

    const events = await startInProcessPublisher({ client, tableName: config.tableName, endpoint, region: config.region, logger });
    // Hooks hear of new events as the publisher appends them (the bus's wake-up in AWS), not at the next poll.
    events.output.subscribe(() => void hooks.wake());
    const served = await listen(
      createApp({ store, logger, corsAllowedOrigins: config.corsAllowedOrigins, docs: localDocs(), hookDestinations }),
      config.port,
    );
    hooks.start();
    return {
      origin: served.origin,
      dynamodb: { endpoint, embedded: embedded !== undefined },
      store,
      events,
      mintedToken,
      hooks,
      stop: async () => {
        await served.close();
        await hooks.stop();
        await events.stop();
        client.destroy();
        await embedded?.stop();
      },
    };
  } catch (error) {
    client.destroy();
    await embedded?.stop();
    throw error;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const service = await startLocalService(config);
  const stop = async () => {
    await service.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const lines = [
    '',
    `Customer Segmentation API listening on ${service.origin}`,
    `  base URL: ${service.origin}${storeBasePath(LOCAL_STORE_HASH)}`,
    `  API reference: ${service.origin}/docs`,
    `  DynamoDB: ${service.dynamodb.embedded ? 'embedded DynamoDB Local (in memory) at ' : ''}${service.dynamodb.endpoint ?? 'AWS'}, table ${config.tableName}`,
  ];
  if (service.mintedToken) {
    lines.push(`  token (modify, store "${LOCAL_STORE_HASH}"): ${service.mintedToken}`);
    lines.push(`  try: curl -H 'X-Auth-Token: ${service.mintedToken}' ${service.origin}${storeBasePath(LOCAL_STORE_HASH)}/segments`);
  }
  lines.push('Ctrl-C stops the service and DynamoDB Local.', '');
  process.stderr.write(lines.join('\n'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
