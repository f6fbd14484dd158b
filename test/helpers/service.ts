import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createApp } from '../../service/src/app';
import type { Store } from '../../service/src/assemble';
import { type OpenedStore, openStore } from '../../service/src/assemble';
import type { DestinationPolicy } from '../../service/src/hooks/destinations';
import { ephemeralSealer } from '../../service/src/hooks/secrets';
import { listen } from '../../service/src/http/listen';
import { type Logger, silentLogger } from '../../service/src/logger';
import { createDynamoClient, documentClient } from '../../service/src/store/client';
import { type CleanupRetry, InProcessCleanup } from '../../service/src/workflows/cleanup';
import { newStore, type StoreApi } from './api';

/** The real app on a real ephemeral port, on the run's DynamoDB Local (started by global-setup). */
export interface TestService {
  origin: string;
  store: Store;
  db: DynamoDBDocumentClient;
  tableName: string;
  /** The in-process cleanup behind deletes; `await cleanup.idle()` to see its work done. */
  cleanup: InProcessCleanup;
  stop(): Promise<void>;
}

export function testDynamoClient(): DynamoDBClient {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run the tests through jest (global-setup starts DynamoDB Local)');
  return createDynamoClient({ endpoint, region: 'us-east-1' });
}

/** One key for the hooks' secrets in this test process, so every store opened here opens what another sealed. */
const hookSecrets = ephemeralSealer();

/** The store (and its clients) on the run's DynamoDB Local: the table of the run unless told another. */
export function testStore(options: { client?: DynamoDBClient; tableName?: string; tokenCacheSeconds?: number } = {}): OpenedStore {
  return openStore({
    client: options.client ?? testDynamoClient(),
    tableName: options.tableName ?? process.env.TABLE_NAME!,
    region: 'us-east-1',
    tokenCacheSeconds: options.tokenCacheSeconds,
    hookSecrets,
  });
}

export interface TestServiceOptions {
  /** The client the app uses (one with faults injected, or one behind a proxy). */
  client?: DynamoDBClient;
  /** The client the test reads the table with (`db`, snapshots); the app's client by default. */
  inspector?: DynamoDBClient;
  logger?: Logger;
  cleanupRetry?: CleanupRetry;
  /** Which webhook destinations the app accepts (tests give it a resolver's answers: no DNS query leaves the machine). */
  hookDestinations?: DestinationPolicy;
  /** A table of the run's DynamoDB Local other than the shared one (created by the caller). */
  tableName?: string;
}

export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const tableName = options.tableName ?? process.env.TABLE_NAME!;
  const { client, db: appDb, store } = testStore({ client: options.client, tableName });
  const inspector = options.inspector ?? client;
  const db = options.inspector ? documentClient(options.inspector) : appDb;
  const logger = options.logger ?? silentLogger;
  const cleanup = new InProcessCleanup(store, logger, options.cleanupRetry);
  const served = await listen(createApp({ store, cleanup, logger, hookDestinations: options.hookDestinations }));
  return {
    origin: served.origin,
    store,
    db,
    tableName,
    cleanup,
    stop: async () => {
      await served.close();
      await cleanup.idle();
      client.destroy();
      if (inspector !== client) inspector.destroy();
    },
  };
}

/** What a suite that uses `useServiceAndFreshStore` reads: set by its hooks before each test runs. */
export interface ServiceContext {
  service: TestService;
  /** A store of its own for the current test. */
  api: StoreApi;
}

/**
 * Starts the real app once for the suite (stopped after it) and gives each test a fresh store
 * with its own tokens, so tests never see each other's data.
 */
export function useServiceAndFreshStore(
  options: { client?: () => DynamoDBClient; hookDestinations?: () => DestinationPolicy } = {},
): ServiceContext {
  const context = {} as ServiceContext;
  beforeAll(async () => {
    context.service = await startTestService({ client: options.client?.(), hookDestinations: options.hookDestinations?.() });
  });
  afterAll(async () => {
    await context.service.stop();
  });
  beforeEach(async () => {
    context.api = await newStore(context.service);
  });
  return context;
}
