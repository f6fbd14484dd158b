import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TokensRepository } from '../auth/tokens.repository';
import { MembershipsRepository } from '../memberships/memberships.repository';
import { PromotionsRepository } from '../promotions/promotions.repository';
import { SegmentsRepository } from '../segments/segments.repository';
import { ShopperProfilesRepository } from '../shopper-profiles/shopper-profiles.repository';
import { Table } from './table';

/** Everything the app reads and writes, one repository per resource. */
export interface Store {
  segments: SegmentsRepository;
  profiles: ShopperProfilesRepository;
  memberships: MembershipsRepository;
  tokens: TokensRepository;
  promotions: PromotionsRepository;
}

export interface StoreOptions {
  /** How long a token found stays trusted without a read (0: read on every request). */
  tokenCacheSeconds?: number;
}

/** The store on one DynamoDB table laid out as in ./keys.ts. */
export function createDynamoStore(db: DynamoDBDocumentClient, tableName: string, options: StoreOptions = {}): Store {
  const table = new Table(db, tableName);
  return {
    segments: new SegmentsRepository(table),
    profiles: new ShopperProfilesRepository(table),
    memberships: new MembershipsRepository(table),
    tokens: new TokensRepository(table, options.tokenCacheSeconds),
    promotions: new PromotionsRepository(table),
  };
}
