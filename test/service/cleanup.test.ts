import type { DynamoDBRecord } from 'aws-lambda';
import { cleanupTaskOf } from '../../service/src/workflows/cleanup';

function record(eventName: DynamoDBRecord['eventName'], oldImage?: Record<string, { S: string }>): DynamoDBRecord {
  return { eventName, dynamodb: { SequenceNumber: '1', OldImage: oldImage } };
}

describe('which stream records call for cleanup', () => {
  it('names the cleanup of a removed segment and of a removed shopper profile', () => {
    expect(cleanupTaskOf(record('REMOVE', { entity: { S: 'segment' }, store_hash: { S: 'h' }, id: { S: 's1' } }))).toEqual({
      kind: 'segment-deleted',
      storeHash: 'h',
      segmentId: 's1',
    });
    expect(cleanupTaskOf(record('REMOVE', { entity: { S: 'profile' }, store_hash: { S: 'h' }, id: { S: 'p1' } }))).toEqual({
      kind: 'profile-deleted',
      storeHash: 'h',
      profileId: 'p1',
    });
  });

  it('ignores every other write: inserts, updates, and removed edges, markers and headers', () => {
    const segment = { entity: { S: 'segment' }, store_hash: { S: 'h' }, id: { S: 's1' } };

    expect(cleanupTaskOf(record('INSERT', segment))).toBeUndefined();
    expect(cleanupTaskOf(record('MODIFY', segment))).toBeUndefined();
    expect(cleanupTaskOf(record('REMOVE', { id: { S: 'p1' }, segment_id: { S: 's1' } }))).toBeUndefined();
    expect(cleanupTaskOf(record('REMOVE'))).toBeUndefined();
  });
});
