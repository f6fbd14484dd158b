import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { loadConfig } from '../config';
import { jsonLogger } from '../logger';
import { openStore } from '../open-store';
import { cleanupTaskOf, runCleanupTask } from './cleanup';

const config = loadConfig(process.env, { requireTableName: true });
const { store } = openStore({
  tableName: config.tableName,
  endpoint: config.dynamodbEndpoint,
  region: config.region,
  timeouts: config.dynamodbTimeouts,
});
const logger = jsonLogger();

/**
 * The cleanup function's entry, fed by the table's stream. A record that fails is reported back
 * (partial batch response), so Lambda retries it and, past its retries, sends it to the DLQ.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const task = cleanupTaskOf(record);
    if (!task) continue;
    try {
      const removed = await runCleanupTask(store.memberships, task);
      logger.info('cleanup done', { ...task, removed });
    } catch (error) {
      logger.error('cleanup failed', { ...task, error: error instanceof Error ? error.message : String(error) });
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures };
}
