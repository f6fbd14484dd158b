import { DescribeTableCommand, type DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { Logger } from '../logger';
import { documentClient } from '../store/client';
import { tableDefinition } from '../store/schema';
import { Table } from '../store/table';
import { FeedRepository } from './feed.repository';
import { Publisher } from './publisher';
import { ListenerSink } from './sinks';
import { type FailedRecord, StreamReader, type StreamReaderOptions } from './stream-reader';
import type { EventSink } from './types';

export interface InProcessPublisher {
  publisher: Publisher;
  reader: StreamReader;
  /** Every event published, as it is published. */
  output: ListenerSink;
  stop(): Promise<void>;
}

export interface InProcessPublisherOptions
  extends Pick<StreamReaderOptions, 'pollIntervalMs' | 'attemptsPerRecord' | 'retryDelayMs' | 'startingPosition'> {
  /** The DynamoDB client the publisher writes the feed with (a test's, with faults, say). */
  client: DynamoDBClient;
  tableName: string;
  /** Where the Streams API is (DynamoDB Local's endpoint). */
  endpoint: string | undefined;
  region: string;
  logger: Logger;
  /** Sinks besides the in-process output. */
  sinks?: readonly EventSink[];
  onFailure?: (failed: FailedRecord) => void | Promise<void>;
}

/**
 * The table's stream, turned on when a table made before events existed has none (the schema
 * module's `tableDefinition` creates new tables with it).
 */
async function ensureStream(client: DynamoDBClient, tableName: string): Promise<string> {
  const describe = async () => (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  let table = await describe();
  if (!table?.StreamSpecification?.StreamEnabled) {
    await client.send(
      new UpdateTableCommand({ TableName: tableName, StreamSpecification: tableDefinition(tableName).StreamSpecification }),
    );
    table = await describe();
  }
  if (!table?.LatestStreamArn) throw new Error(`table ${tableName} has no stream, and turning it on did not give one`);
  return table.LatestStreamArn;
}

/**
 * The publisher as `npm start` and the tests run it: reading the table's stream through the
 * Streams API in this process, the same `Publisher` the Lambda entry runs on AWS's stream.
 */
export async function startInProcessPublisher(options: InProcessPublisherOptions): Promise<InProcessPublisher> {
  const streamArn = await ensureStream(options.client, options.tableName);
  const streams = new DynamoDBStreamsClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.client.config.credentials,
  });
  const table = new Table(documentClient(options.client), options.tableName);
  const output = new ListenerSink();
  const publisher = new Publisher(new FeedRepository(table), table, [...(options.sinks ?? []), output], options.logger);
  const reader = new StreamReader({
    streams,
    streamArn,
    publisher,
    logger: options.logger,
    pollIntervalMs: options.pollIntervalMs,
    attemptsPerRecord: options.attemptsPerRecord,
    retryDelayMs: options.retryDelayMs,
    startingPosition: options.startingPosition,
    onFailure: options.onFailure,
  });
  reader.start();
  return {
    publisher,
    reader,
    output,
    stop: async () => {
      await reader.stop();
      streams.destroy();
    },
  };
}
