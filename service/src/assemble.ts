import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TokensRepository } from './auth/tokens.repository';
import type { Config } from './config';
import { FeedRepository } from './events/feed.repository';
import { HooksRepository } from './hooks/hooks.repository';
import { ephemeralSealer, type SecretSealer } from './hooks/secrets';
import { IdempotencyRecords } from './idempotency/records';
import { LIMITS } from './limits';
import { MembershipsRepository } from './memberships/memberships.repository';
import { PromotionsRepository } from './promotions/promotions.repository';
import { SegmentsRepository } from './segments/segments.repository';
import { ShopperProfilesRepository } from './shopper-profiles/shopper-profiles.repository';
import { createDynamoClient, type DynamoTimeouts, documentClient } from './store/client';
import { Table } from './store/table';

/**
 * The composition root: every resource's repository on one Table. The workflows over them are
 * built by the app (./app.ts), which knows where a delete's cleanup runs.
 */
export interface Store {
  segments: SegmentsRepository;
  profiles: ShopperProfilesRepository;
  memberships: MembershipsRepository;
  tokens: TokensRepository;
  promotions: PromotionsRepository;
  idempotency: IdempotencyRecords;
  hooks: HooksRepository;
  /**
   * The stores' event feeds: written by the publisher, read by `GET /events` (./events/) and by
   * the webhooks' delivery, as their `EventSource` (./hooks/event-source.ts).
   */
  feed: FeedRepository;
}

export interface StoreOptions {
  /** How long a token found stays trusted without a read (0: read on every request). */
  tokenCacheSeconds?: number;
  /** How long a write's response is kept for its Idempotency-Key; `info.x-limits` by default. */
  idempotencyReplaySeconds?: number;
  /**
   * Seals hooks' signing secrets. Entry points whose hooks outlive the process pass theirs (KMS
   * in Lambda, a kept key under `npm start`); without one, a key made for this process only,
   * which suits what never restarts (tests, the benchmark, the Pact verifier).
   */
  hookSecrets?: SecretSealer;
}

/** The store on one DynamoDB table laid out as in ./store/keys.ts. */
export function createDynamoStore(db: DynamoDBDocumentClient, tableName: string, options: StoreOptions = {}): Store {
  const table = new Table(db, tableName);
  return {
    segments: new SegmentsRepository(table),
    profiles: new ShopperProfilesRepository(table),
    memberships: new MembershipsRepository(table),
    tokens: new TokensRepository(table, options.tokenCacheSeconds),
    promotions: new PromotionsRepository(table),
    idempotency: new IdempotencyRecords(table, {
      replaySeconds: options.idempotencyReplaySeconds ?? LIMITS.idempotencyReplaySeconds,
      inFlightSeconds: LIMITS.idempotencyInFlightSeconds,
    }),
    hooks: new HooksRepository(table, options.hookSecrets ?? ephemeralSealer()),
    feed: new FeedRepository(table),
  };
}

export interface StoreLocation extends StoreOptions {
  tableName: string;
  /** A DynamoDB to use instead of AWS's (DynamoDB Local in tests and `npm start`). */
  endpoint?: string | undefined;
  region: string;
  /** A client to use instead of a new one (a test's client with faults injected, say). */
  client?: DynamoDBClient;
  /** The new client's timeouts (see ./store/client.ts); the defaults when omitted. */
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

/**
 * The store the configuration names (table, endpoint, region, timeouts, token cache, idempotency
 * replay), on `client` when given, sealing hooks' secrets with `hookSecrets` when given.
 */
export function openConfiguredStore(
  config: Config,
  { client, hookSecrets }: { client?: DynamoDBClient; hookSecrets?: SecretSealer } = {},
): OpenedStore {
  return openStore({
    client,
    hookSecrets,
    tableName: config.tableName,
    endpoint: config.dynamodbEndpoint,
    region: config.region,
    tokenCacheSeconds: config.tokenCacheSeconds,
    idempotencyReplaySeconds: config.idempotencyReplaySeconds,
    timeouts: config.dynamodbTimeouts,
  });
}
