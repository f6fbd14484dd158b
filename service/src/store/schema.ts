/**
 * The single table: its key attributes and its one index, as data.
 *
 * This module is the only place the table's shape is written down. The local start-up and the
 * tests create the table from `tableDefinition`, and the CDK stack builds its `Table` from the
 * same constants, so a key or index can never exist in one place only.
 */
export const KEY = {
  partition: 'pk',
  sort: 'sk',
} as const;

/**
 * The inverted index over membership edges: the edge `segment → profile` is stored under the
 * segment and indexed under the profile, so one item answers both "profiles of a segment" and
 * "segments of a profile". Only keys are projected: the second walk reads segment nodes anyway.
 */
export const SEGMENTS_BY_PROFILE_INDEX = {
  name: 'segmentsByProfile',
  partition: 'gsi1pk',
  sort: 'gsi1sk',
  projection: 'KEYS_ONLY',
} as const;

/**
 * Items that may expire (cached page boundaries) carry their expiry here, in epoch seconds; the
 * table's time-to-live setting names this attribute.
 */
export const TTL_ATTRIBUTE = 'expires_at';

export const DEFAULT_TABLE_NAME = 'segmentation';

/**
 * What the table's change stream carries: each item before and after the change. The cleanup
 * reads the old image of a removed node; the event publisher (../events/) needs both, to tell
 * what a change did (a profile's set of segments before and after is its joins and leaves).
 */
export const STREAM_VIEW_TYPE = 'NEW_AND_OLD_IMAGES';

type AttributeType = 'S';

export interface TableDefinition {
  TableName: string;
  AttributeDefinitions: { AttributeName: string; AttributeType: AttributeType }[];
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  GlobalSecondaryIndexes: {
    IndexName: string;
    KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    Projection: { ProjectionType: 'KEYS_ONLY' };
  }[];
  BillingMode: 'PAY_PER_REQUEST';
  StreamSpecification: { StreamEnabled: true; StreamViewType: typeof STREAM_VIEW_TYPE };
}

/** The `CreateTable` input for this design; used by `npm start` and the tests (the CDK stack reads the same constants). */
export function tableDefinition(tableName: string): TableDefinition {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: KEY.partition, AttributeType: 'S' },
      { AttributeName: KEY.sort, AttributeType: 'S' },
      { AttributeName: SEGMENTS_BY_PROFILE_INDEX.partition, AttributeType: 'S' },
      { AttributeName: SEGMENTS_BY_PROFILE_INDEX.sort, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: KEY.partition, KeyType: 'HASH' },
      { AttributeName: KEY.sort, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: SEGMENTS_BY_PROFILE_INDEX.name,
        KeySchema: [
          { AttributeName: SEGMENTS_BY_PROFILE_INDEX.partition, KeyType: 'HASH' },
          { AttributeName: SEGMENTS_BY_PROFILE_INDEX.sort, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: SEGMENTS_BY_PROFILE_INDEX.projection },
      },
    ],
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: STREAM_VIEW_TYPE },
  };
}
