import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { decodeWireImage, type StreamRecord, type WireImage } from './images';
import type { Publisher } from './publisher';

/** A record of Lambda's stream event, in the shape the publisher reads (the same one the in-process reader makes). */
export function fromLambdaRecord(record: DynamoDBRecord): StreamRecord {
  const change = record.dynamodb;
  return {
    eventId: record.eventID ?? '',
    eventName: record.eventName ?? 'MODIFY',
    sequenceNumber: change?.SequenceNumber ?? '',
    // Lambda gives epoch seconds (with a fraction when the stream's precision is milliseconds).
    committedAtMs: Math.round((change?.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000),
    oldImage: decodeWireImage(change?.OldImage as WireImage | undefined),
    newImage: decodeWireImage(change?.NewImage as WireImage | undefined),
  };
}

/**
 * The publisher behind Lambda's event source mapping. A record it cannot read is reported
 * (partial batch response): the records before it are done, the mapping retries from it and,
 * past its retries, sends it to the on-failure queue and goes on. Anything else that fails
 * (DynamoDB, EventBridge) fails the batch, which is retried whole: the feed's id markers keep a
 * replay from appending twice, and what reaches the bus again carries the same ids.
 */
export function streamHandler(publisher: Publisher): (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse> {
  return async (event) => {
    const records = event.Records.map(fromLambdaRecord);
    const outcome = await publisher.publish(records);
    const failed = outcome.failedAt === undefined ? undefined : records[outcome.failedAt];
    return { batchItemFailures: failed ? [{ itemIdentifier: failed.sequenceNumber }] : [] };
  };
}
