import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { openConfiguredStore } from '../assemble';
import { loadConfig, loadEventBusName } from '../config';
import { EventBridgeSink } from '../events/eventbridge';
import { Publisher } from '../events/publisher';
import { streamHandler } from '../events/stream-handler';
import { jsonLogger } from '../logger';
import { Table } from '../store/table';

const config = loadConfig(process.env, { requireTableName: true });
const busName = loadEventBusName();
const { db, store } = openConfiguredStore(config);
const logger = jsonLogger();
const publisher = new Publisher(
  store.feed,
  new Table(db, config.tableName),
  [new EventBridgeSink(new EventBridgeClient({ region: config.region }), busName)],
  logger,
);

/** The event publisher's Lambda entry, fed by the table's stream (infra/lib/events.ts). */
export const handler = streamHandler(publisher);
