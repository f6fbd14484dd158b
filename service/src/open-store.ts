import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoStore, type Store, type StoreOptions } from './repositories';
import { createDynamoClient, type DynamoTimeouts, documentClient } from './store/client';

export interface StoreLocation extends StoreOptions {
  tableName: string;
  /** A DynamoDB to use instead of AWS's (DynamoDB Local in tests and `npm start`). */
  endpoint?: string | undefined;
  region: string;
  /** A client to use instead of a new one (a test's client with faults injected, say). */
  client?: DynamoDBClient;
  /** The new client's timeouts (see client.ts); the defaults when omitted. */
  timeouts?: DynamoTimeouts;
}

export interface OpenedStore {
  client: DynamoDBClient;
  db: DynamoDBDocumentClient;
  store: Store;
}

/** Client → document client → store: the one way every entry point, test and benchmark opens the table. */
export function openStore({ tableName, endpoint, region, client, timeouts, ...options }: StoreLocation): OpenedStore {
  const dynamo = client ?? createDynamoClient({ endpoint, region, timeouts });
  const db = documentClient(dynamo);
  return { client: dynamo, db, store: createDynamoStore(db, tableName, options) };
}
