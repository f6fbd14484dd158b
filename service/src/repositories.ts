import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TokensRepository } from './auth/tokens.repository';
import { CustomersRepository } from './customers/customers.repository';
import { TableEventLog } from './hooks/event-source';
import { HooksRepository } from './hooks/hooks.repository';
import { ephemeralSealer, type SecretSealer } from './hooks/secrets';
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
  hooks: HooksRepository;
  /** The events the webhooks deliver (./hooks/event-source.ts). */
  events: TableEventLog;
}

export interface StoreOptions {
  /** How long a token found stays trusted without a read (0: read on every request). */
  tokenCacheSeconds?: number;
  /**
   * Seals hooks' signing secrets. Entry points whose hooks outlive the process pass theirs (KMS
   * in Lambda, a kept key under `npm start`); without one, a key made for this process only,
   * which suits what never restarts (tests, the benchmark, the Pact verifier).
   */
  hookSecrets?: SecretSealer;
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
    hooks: new HooksRepository(table, options.hookSecrets ?? ephemeralSealer()),
    events: new TableEventLog(table),
  };
}
