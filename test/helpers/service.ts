import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createApp } from '../../service/src/app';
import { InProcessCleanup } from '../../service/src/cleanup/cleanup';
import { type Logger, silentLogger } from '../../service/src/http/logger';
import { createDynamoClient, documentClient } from '../../service/src/store/client';
import { createDynamoStore, type Store } from '../../service/src/store/dynamo-store';
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

export interface TestServiceOptions {
  /** The client the app uses (one with faults injected, or one behind a proxy). */
  client?: DynamoDBClient;
  /** The client the test reads the table with (`db`, snapshots); the app's client by default. */
  inspector?: DynamoDBClient;
  logger?: Logger;
}

export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const client = options.client ?? testDynamoClient();
  const inspector = options.inspector ?? client;
  const tableName = process.env.TABLE_NAME!;
  const store = createDynamoStore(documentClient(client), tableName);
  const db = documentClient(inspector);
  const logger = options.logger ?? silentLogger;
  const cleanup = new InProcessCleanup(store.memberships, logger);
  const server: Server = await new Promise((resolve) => {
    const listening = createApp({ store, cleanup, logger }).listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    store,
    db,
    tableName,
    cleanup,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
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
export function useServiceAndFreshStore(options: { client?: () => DynamoDBClient } = {}): ServiceContext {
  const context = {} as ServiceContext;
  beforeAll(async () => {
    context.service = await startTestService({ client: options.client?.() });
  });
  afterAll(async () => {
    await context.service.stop();
  });
  beforeEach(async () => {
    context.api = await newStore(context.service);
  });
  return context;
}
