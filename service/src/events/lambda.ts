import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { loadConfig, loadEventBusName } from '../config';
import { jsonLogger } from '../logger';
import { openStore } from '../open-store';
import { Table } from '../store/table';
import { EventBridgeSink } from './eventbridge';
import { Publisher } from './publisher';
import { streamHandler } from './stream-handler';

const config = loadConfig(process.env, { requireTableName: true });
const busName = loadEventBusName();
const { db, store } = openStore({
  tableName: config.tableName,
  endpoint: config.dynamodbEndpoint,
  region: config.region,
  timeouts: config.dynamodbTimeouts,
});
const logger = jsonLogger();
const publisher = new Publisher(
  store.events,
  new Table(db, config.tableName),
  [new EventBridgeSink(new EventBridgeClient({ region: config.region }), busName)],
  logger,
);

/** The event publisher's Lambda entry, fed by the table's stream (infra/lib/events.ts). */
export const handler = streamHandler(publisher);
