/**
 * The service as `npm start` runs it (same `createApp`, in-process cleanup), in a process of its
 * own so that the load generator does not share its event loop. Prints `{"origin": …}` once
 * listening; stops on SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { createApp } from '../../service/src/app';
import { InProcessCleanup } from '../../service/src/cleanup/cleanup';
import { loadConfig } from '../../service/src/config';
import { jsonLogger } from '../../service/src/logger';
import { createDynamoStore } from '../../service/src/repositories';
import { createDynamoClient, documentClient } from '../../service/src/store/client';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const tableName = process.env.TABLE_NAME;
if (!endpoint || !tableName) throw new Error('DYNAMODB_ENDPOINT and TABLE_NAME are required');

const client = createDynamoClient({ endpoint, region: 'us-east-1' });
// Configured as the Lambda entry configures it (the token cache, for one).
const config = loadConfig(process.env);
const store = createDynamoStore(documentClient(client), tableName, { tokenCacheSeconds: config.tokenCacheSeconds });
// Request logs are built as in production, then dropped: writing them would measure the pipe.
const logger = jsonLogger(() => {});
const cleanup = new InProcessCleanup(store.memberships, logger);
const server = createApp({ store, cleanup, logger }).listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ origin: `http://127.0.0.1:${port}` })}\n`);
});

process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => {
    void cleanup.idle().then(() => {
      client.destroy();
      process.exit(0);
    });
  });
});
