import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createApp } from '../../service/src/app';
import { createDynamoStore, type Store } from '../../service/src/assemble';
import { loadConfig } from '../../service/src/config';
import { jsonLogger } from '../../service/src/logger';
import { createDynamoClient, documentClient } from '../../service/src/store/client';
import { KEY, tableDefinition } from '../../service/src/store/schema';
import { type CleanupResources, type CleanupScheduler, type CleanupTask, runCleanupTask } from '../../service/src/workflows/cleanup';
import { itemBytes, type StoredItem } from './cost';
import { type Counts, RequestCounter, type TransactionInspector } from './counter';

/**
 * The work a delete leaves behind, held until `drain()`: in AWS the table's stream hands it to
 * the cleanup function, outside the API call, so the bench counts it apart from the request.
 */
export class DeferredCleanup implements CleanupScheduler {
  private readonly tasks: CleanupTask[] = [];

  constructor(private readonly resources: CleanupResources) {}

  async schedule(task: CleanupTask): Promise<void> {
    this.tasks.push(task);
  }

  async drain(): Promise<void> {
    for (let task = this.tasks.shift(); task; task = this.tasks.shift()) await runCleanupTask(this.resources, task);
  }
}

/**
 * The app from the same `createApp` as every other entry, on an ephemeral loopback port, with a
 * request counter on its DynamoDB client and the cleanup of deletes deferred as the stream defers
 * it in AWS. Request logs are formatted as in production but not written, so the report stays
 * readable.
 */
export interface BenchService {
  origin: string;
  client: DynamoDBClient;
  db: DynamoDBDocumentClient;
  store: Store;
  tableName: string;
  counter: RequestCounter;
  /** Reads what a transaction overwrites or deletes, with a client of its own (not counted). */
  inspector: TransactionInspector;
  cleanup: DeferredCleanup;
  /** What the token checks cost since the counter was last reset (the rest is the operation's). */
  auth: { requests: () => Counts; reset: () => void };
  stop(): Promise<void>;
}

/** The partition-key attributes of the table's secondary indexes, from the schema module. */
function indexAttributes(): string[] {
  return tableDefinition('any').GlobalSecondaryIndexes.flatMap((index) => index.KeySchema.map((key) => key.AttributeName));
}

function transactionInspector(db: DynamoDBDocumentClient): TransactionInspector {
  const indexed = indexAttributes();
  return (actions) =>
    Promise.all(
      actions.map(async (action): Promise<StoredItem | undefined> => {
        const target = (action.Put ?? action.Update ?? action.Delete ?? action.ConditionCheck) as
          | { TableName?: string; Key?: Record<string, unknown>; Item?: Record<string, unknown> }
          | undefined;
        const source = target?.Key ?? target?.Item;
        if (!target?.TableName || !source) return undefined;
        const key = { [KEY.partition]: source[KEY.partition], [KEY.sort]: source[KEY.sort] };
        const { Item } = await db.send(new GetCommand({ TableName: target.TableName, Key: key, ConsistentRead: true }));
        return Item ? { bytes: itemBytes(Item), indexed: indexed.some((name) => name in Item) } : undefined;
      }),
    );
}

export async function startBenchService(endpoint: string, tableName: string): Promise<BenchService> {
  // The store is configured as the Lambda entry configures it (the token cache, for one).
  const config = loadConfig(process.env);
  const client = createDynamoClient({ endpoint, region: 'us-east-1' });
  const counter = new RequestCounter(indexAttributes()).attach(client);
  const db = documentClient(client);
  const store = createDynamoStore(db, tableName, {
    tokenCacheSeconds: config.tokenCacheSeconds,
    idempotencyReplaySeconds: config.idempotencyReplaySeconds,
  });
  const inspectorClient = createDynamoClient({ endpoint, region: 'us-east-1' });
  const inspector = transactionInspector(documentClient(inspectorClient));
  // The token checks go through a client of their own, counted twice: in the total, and apart as
  // authentication. A read's token check overlaps its own requests (http/route.ts), so what was
  // sent during the check cannot tell them apart.
  const authClient = createDynamoClient({ endpoint, region: 'us-east-1' });
  counter.attach(authClient);
  const authCounter = new RequestCounter(indexAttributes()).attach(authClient);
  const tokens = createDynamoStore(documentClient(authClient), tableName, { tokenCacheSeconds: config.tokenCacheSeconds }).tokens;
  const served: Store = { ...store, tokens };
  const logger = jsonLogger(() => {});
  const cleanup = new DeferredCleanup(store);
  const server: Server = await new Promise((resolve) => {
    const listening = createApp({ store: served, cleanup, logger }).listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    client,
    db,
    store,
    tableName,
    counter,
    inspector,
    cleanup,
    auth: {
      requests: () => authCounter.snapshot(),
      reset: () => authCounter.reset(),
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await cleanup.drain();
      client.destroy();
      inspectorClient.destroy();
      authClient.destroy();
    },
  };
}
