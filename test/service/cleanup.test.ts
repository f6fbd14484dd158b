import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { keys } from '../../service/src/store/keys';
import { cleanupTaskOf } from '../../service/src/workflows/cleanup';

type Image = Record<string, unknown>;

function record(eventName: DynamoDBRecord['eventName'], oldImage?: Image, newImage?: Image): DynamoDBRecord {
  const wire = (image: Image | undefined) =>
    image &&
    (marshall(image, { removeUndefinedValues: true }) as Record<string, AttributeValue> as NonNullable<
      DynamoDBRecord['dynamodb']
    >['OldImage']);
  return { eventName, dynamodb: { SequenceNumber: '1', OldImage: wire(oldImage), NewImage: wire(newImage) } };
}

const profile = (extra: Image = {}): Image => ({
  ...keys.profile('h', 'p1'),
  entity: 'profile',
  store_hash: 'h',
  id: 'p1',
  customer_id: 7,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  ...extra,
});
const profilesHeader = (extra: Image = {}): Image => ({
  ...keys.listHeader(keys.profilesPartition('h'), 'PROFILE#'),
  profile_count: 0,
  ...extra,
});

describe('which stream records call for cleanup', () => {
  it('names the cleanup of a removed segment, and of a profile removed by a delete of it, with the segments it was in', () => {
    expect(cleanupTaskOf(record('REMOVE', { entity: 'segment', store_hash: 'h', id: 's1' }))).toEqual({
      kind: 'segment-deleted',
      storeHash: 'h',
      segmentId: 's1',
    });
    expect(cleanupTaskOf(record('REMOVE', profile({ deleting: '2026-01-02T00:00:00.000Z', segment_ids: new Set(['s1', 's2']) })))).toEqual({
      kind: 'profiles-deleted',
      storeHash: 'h',
      departures: [{ profileId: 'p1', segmentIds: ['s1', 's2'] }],
    });
  });

  it('names the cleanup after a delete of every profile when its record is inserted, and not when the profiles header moves', () => {
    const deletion = { ...keys.profilesDeletion('h', 'p9'), entity: 'profiles-deletion', store_hash: 'h', through: 'p9' };
    expect(cleanupTaskOf(record('INSERT', undefined, deletion))).toEqual({
      kind: 'profiles-deleted-through',
      storeHash: 'h',
      through: 'p9',
    });
    expect(cleanupTaskOf(record('REMOVE', deletion))).toBeUndefined();
    expect(cleanupTaskOf(record('MODIFY', profilesHeader(), profilesHeader({ deleted_through: 'p9' })))).toBeUndefined();
  });

  it('ignores every other write: inserts, updates, removed edges, markers and headers, and profiles the cleanup itself removes', () => {
    const segment = { entity: 'segment', store_hash: 'h', id: 's1' };

    expect(cleanupTaskOf(record('INSERT', undefined, segment))).toBeUndefined();
    expect(cleanupTaskOf(record('MODIFY', segment, segment))).toBeUndefined();
    expect(cleanupTaskOf(record('REMOVE', { id: 'p1', segment_id: 's1' }))).toBeUndefined();
    expect(cleanupTaskOf(record('REMOVE', profile()))).toBeUndefined();
    expect(cleanupTaskOf(record('REMOVE'))).toBeUndefined();
  });
});
