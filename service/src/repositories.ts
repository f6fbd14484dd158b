import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TokensRepository } from './auth/tokens.repository';
import { CustomersRepository } from './customers/customers.repository';
import { FeedRepository } from './events/feed.repository';
import { MembershipsRepository } from './memberships/memberships.repository';
import { PromotionsRepository } from './promotions/promotions.repository';
import { SegmentsRepository } from './segments/segments.repository';
import { GuestMerges } from './shopper-profiles/merge';
import { ShopperProfilesRepository } from './shopper-profiles/shopper-profiles.repository';
import { Table } from './store/table';

/** Everything the app reads and writes, one repository per resource. */
export interface Store {
  segments: SegmentsRepository;
  profiles: ShopperProfilesRepository;
  memberships: MembershipsRepository;
  tokens: TokensRepository;
  promotions: PromotionsRepository;
  customers: CustomersRepository;
  merges: GuestMerges;
  /** The stores' event feeds (written by the publisher, read by `GET /events`). */
  events: FeedRepository;
}

export interface StoreOptions {
  /** How long a token found stays trusted without a read (0: read on every request). */
  tokenCacheSeconds?: number;
}

/** The store on one DynamoDB table laid out as in ./keys.ts. */
export function createDynamoStore(db: DynamoDBDocumentClient, tableName: string, options: StoreOptions = {}): Store {
  const table = new Table(db, tableName);
  const profiles = new ShopperProfilesRepository(table);
  const memberships = new MembershipsRepository(table);
  const promotions = new PromotionsRepository(table);
  return {
    segments: new SegmentsRepository(table),
    profiles,
    memberships,
    tokens: new TokensRepository(table, options.tokenCacheSeconds),
    promotions,
    customers: new CustomersRepository(table, memberships, promotions),
    merges: new GuestMerges(table, profiles, memberships),
    events: new FeedRepository(table),
  };
}
