import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { openConfiguredStore } from '../assemble';
import { loadConfig } from '../config';
import { jsonLogger } from '../logger';
import { cleanupTaskOf, runCleanupTask } from '../workflows/cleanup';

const { store } = openConfiguredStore(loadConfig(process.env, { requireTableName: true }));
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
      const removed = await runCleanupTask(store, task);
      logger.info('cleanup done', { ...task, removed });
    } catch (error) {
      logger.error('cleanup failed', { ...task, error: error instanceof Error ? error.message : String(error) });
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures };
}
