import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { openConfiguredStore } from '../assemble';
import { loadConfig } from '../config';
import { HookDeliverer } from '../hooks/delivery';
import { DestinationPolicy } from '../hooks/destinations';
import { lambdaSealer } from '../hooks/secrets';
import { delayUntil, followUps, type WakeUp } from '../hooks/wake-ups';
import { jsonLogger } from '../logger';

// Built once per execution environment: warm invocations reuse the clients.
const config = loadConfig(process.env, { requireTableName: true });
const { store } = openConfiguredStore(config, { hookSecrets: lambdaSealer(config) });
const logger = jsonLogger();
const deliverer = new HookDeliverer(store.hooks, store.feed, new DestinationPolicy({ allowLoopback: config.hooks.allowLoopback }), logger);
/** Time kept back from the function's timeout to record the run's end. */
const DEADLINE_MARGIN_MS = 10_000;
const sqs = new SQSClient({ region: config.region });

async function enqueue(wake: WakeUp, delaySeconds: number): Promise<void> {
  if (!config.hooks.queueUrl) throw new Error('HOOKS_QUEUE_URL is not set');
  await sqs.send(
    new SendMessageCommand({ QueueUrl: config.hooks.queueUrl, MessageBody: JSON.stringify(wake), DelaySeconds: delaySeconds }),
  );
}

async function handleWake(wake: WakeUp, deadline: number): Promise<void> {
  const now = Date.now();
  if (wake.not_before !== undefined && wake.not_before > now + 1000) {
    await enqueue(wake, delayUntil(wake.not_before, now));
    return;
  }
  const runs = wake.hook_id
    ? [await deliverer.runHook(wake.store_hash, wake.hook_id, deadline)]
    : await deliverer.runStore(wake.store_hash, deadline);
  for (const { wake: next, delaySeconds } of followUps(runs, wake.store_hash, Date.now())) await enqueue(next, delaySeconds);
  logger.info('hooks run', { store_hash: wake.store_hash, runs });
}

/**
 * The delivery function: fed by the delivery queue (wake-ups from the event bus, from retries,
 * and from the sweep), each message in its own promise, so a slow receiver in one store holds
 * back nothing but its own message. A message that fails returns to the queue (partial batch
 * response) and, after its receives, goes to the dead-letter queue. The sweep (a schedule)
 * wakes every store with hooks: it picks up a retry whose wake-up was lost.
 */
export async function handler(event: SQSEvent | { sweep: true }, context: Context): Promise<SQSBatchResponse | undefined> {
  const deadline = Date.now() + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS;
  if ('sweep' in event) {
    for (const storeHash of await store.hooks.hookedStores()) await enqueue({ store_hash: storeHash }, 0);
    return undefined;
  }
  const failures = await Promise.all(
    event.Records.map(async (record) => {
      try {
        await handleWake(JSON.parse(record.body) as WakeUp, deadline);
        return [];
      } catch (error) {
        logger.error('hooks wake-up failed', { message_id: record.messageId, error: String(error) });
        return [{ itemIdentifier: record.messageId }];
      }
    }),
  );
  return { batchItemFailures: failures.flat() };
}
