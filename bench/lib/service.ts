import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createApp } from '../../service/src/app';
import { type CleanupScheduler, type CleanupTask, runCleanupTask } from '../../service/src/cleanup/cleanup';
import { loadConfig } from '../../service/src/config';
import { jsonLogger } from '../../service/src/logger';
import { createDynamoStore, type Store } from '../../service/src/repositories';
import { createDynamoClient, documentClient } from '../../service/src/store/client';
import { KEY, tableDefinition } from '../../service/src/store/schema';
import { itemBytes, type StoredItem } from './cost';
import { accumulate, type Counts, difference, RequestCounter, type TransactionInspector } from './counter';

/**
 * The work a delete leaves behind, held until `drain()`: in AWS the table's stream hands it to
 * the cleanup function, outside the API call, so the bench counts it apart from the request.
 */
export class DeferredCleanup implements CleanupScheduler {
  private readonly tasks: CleanupTask[] = [];

  constructor(private readonly memberships: Store['memberships']) {}

  async schedule(task: CleanupTask): Promise<void> {
    this.tasks.push(task);
  }

  async drain(): Promise<void> {
    for (let task = this.tasks.shift(); task; task = this.tasks.shift()) await runCleanupTask(this.memberships, task);
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

/**
 * Wraps the token repository so that whatever DynamoDB work happens inside one of its calls is
 * booked to authentication. Measured requests run one at a time, so nothing else overlaps.
 */
function meteredTokens<T extends object>(tokens: T, counter: RequestCounter, book: (spent: Counts) => void): T {
  return new Proxy(tokens, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const before = counter.snapshot();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          book(difference(counter.snapshot(), before));
        }
      };
    },
  });
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
  const store = createDynamoStore(db, tableName, { tokenCacheSeconds: config.tokenCacheSeconds });
  const inspectorClient = createDynamoClient({ endpoint, region: 'us-east-1' });
  const inspector = transactionInspector(documentClient(inspectorClient));
  let authSpent = RequestCounter.empty();
  const add = (spent: Counts) => {
    authSpent = accumulate(authSpent, spent);
  };
  const served: Store = { ...store, tokens: meteredTokens(store.tokens, counter, add) };
  const logger = jsonLogger(() => {});
  const cleanup = new DeferredCleanup(store.memberships);
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
      requests: () => authSpent,
      reset: () => {
        authSpent = RequestCounter.empty();
      },
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await cleanup.drain();
      client.destroy();
      inspectorClient.destroy();
    },
  };
}
