import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { EVENT_SOURCE, toBusEntry } from '../../service/src/events/eventbridge';
import { FeedRepository } from '../../service/src/events/feed.repository';
import { Publisher } from '../../service/src/events/publisher';
import { ListenerSink } from '../../service/src/events/sinks';
import { streamHandler } from '../../service/src/events/stream-handler';
import type { Event } from '../../service/src/events/types';
import { silentLogger } from '../../service/src/logger';
import { keys } from '../../service/src/store/keys';
import { Table } from '../../service/src/store/table';
import { newStore } from '../helpers/api';
import { createEventsTable, readFeed } from '../helpers/events';
import { createSegments } from '../helpers/factories';
import { startTestService, type TestService, testDynamoClient } from '../helpers/service';

/** Every record the table's stream holds so far, read through DynamoDB Local's Streams API. */
async function readStream(tableName: string): Promise<_Record[]> {
  const client = testDynamoClient();
  const streams = new DynamoDBStreamsClient({
    region: 'us-east-1',
    endpoint: process.env.DYNAMODB_ENDPOINT,
    credentials: client.config.credentials,
  });
  try {
    const arn = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.LatestStreamArn;
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    const records: _Record[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      const start = await streams.send(
        new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      let iterator = start.ShardIterator;
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        if (!page.Records?.length) break;
        records.push(...page.Records);
        iterator = page.NextShardIterator;
      }
    }
    return records;
  } finally {
    streams.destroy();
    client.destroy();
  }
}

/** The records as Lambda's event source mapping hands them over: the same wire images, the time in epoch seconds. */
function asLambdaEvent(records: readonly _Record[]): DynamoDBStreamEvent {
  return {
    Records: records.map(
      (record): DynamoDBRecord => ({
        eventID: record.eventID,
        eventName: record.eventName,
        eventSource: 'aws:dynamodb',
        dynamodb: {
          Keys: record.dynamodb?.Keys as never,
          NewImage: record.dynamodb?.NewImage as never,
          OldImage: record.dynamodb?.OldImage as never,
          SequenceNumber: record.dynamodb?.SequenceNumber,
          ApproximateCreationDateTime: (record.dynamodb?.ApproximateCreationDateTime?.getTime() ?? 0) / 1000,
        },
      }),
    ),
  };
}

describe('the publisher behind Lambda (stream event source mapping)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ tableName: await createEventsTable() });
  });
  afterAll(async () => {
    await service.stop();
  });

  it('reports the record it cannot read, publishes those before it, and appends nothing twice when a batch comes again', async () => {
    const api = await newStore(service);
    await createSegments(api, 1, 'first');
    await service.db.send(
      new PutCommand({
        TableName: service.tableName,
        Item: { ...keys.segment(api.storeHash, '0190d3a0-0000-7000-8000-0000000000aa'), entity: 'segment' },
      }),
    );
    await createSegments(api, 1, 'second');
    const records = (await readStream(service.tableName)).filter((record) => JSON.stringify(record.dynamodb?.Keys).includes(api.storeHash));
    const bad = records.findIndex(
      (record) => record.dynamodb?.NewImage?.name === undefined && record.dynamodb?.Keys?.sk?.S?.startsWith('SEGMENT#'),
    );
    const output: Event[] = [];
    const sink = new ListenerSink();
    sink.subscribe((events) => output.push(...events));
    const table = new Table(service.db, service.tableName);
    const handler = streamHandler(new Publisher(new FeedRepository(table), table, [sink], silentLogger));

    const first = await handler(asLambdaEvent(records));
    const retried = await handler(asLambdaEvent(records.slice(bad)));
    const rest = await handler(asLambdaEvent(records.slice(bad + 1)));
    const replayed = await handler(asLambdaEvent(records));

    expect(bad).toBeGreaterThan(0);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: records[bad]!.dynamodb!.SequenceNumber }]);
    expect(retried.batchItemFailures).toEqual(first.batchItemFailures);
    expect(rest.batchItemFailures).toEqual([]);
    expect(replayed.batchItemFailures).toEqual(first.batchItemFailures);
    const feed = (await readFeed(api)).events;
    expect(feed.map((e) => e.type === 'segment.created' && [e.position, e.data.segment.name.split(' ')[0]])).toEqual([
      [1, 'first'],
      [2, 'second'],
    ]);
    // Delivered again after the replay, with the ids and positions the feed gave them the first time.
    expect(output.map((e) => e.id)).toEqual([feed[0]!.id, feed[1]!.id, feed[0]!.id]);
  });

  it('puts an event on the bus with the service as source and the event type as detail-type', () => {
    const event: Event = {
      id: 'abc',
      type: 'segment.shopper_profile_added',
      store_hash: 'h1',
      occurred_at: '2026-01-02T03:04:05.000Z',
      position: 7,
      data: { segment_id: 's', shopper_profile_id: 'p' },
    };

    expect(toBusEntry(event, 'bus-1')).toEqual({
      EventBusName: 'bus-1',
      Source: EVENT_SOURCE,
      DetailType: 'segment.shopper_profile_added',
      Detail: JSON.stringify(event),
      Time: new Date('2026-01-02T03:04:05.000Z'),
    });
  });
});
