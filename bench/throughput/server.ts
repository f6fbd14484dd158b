/**
 * The service as `npm start` runs it (same `createApp`, in-process cleanup), in a process of its
 * own so that the load generator does not share its event loop. Prints `{"origin": …}` once
 * listening; stops on SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { createApp } from '../../service/src/app';
import { createDynamoStore } from '../../service/src/assemble';
import { loadConfig } from '../../service/src/config';
import { jsonLogger } from '../../service/src/logger';
import { createDynamoClient, documentClient } from '../../service/src/store/client';
import { InProcessCleanup } from '../../service/src/workflows/cleanup';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const tableName = process.env.TABLE_NAME;
if (!endpoint || !tableName) throw new Error('DYNAMODB_ENDPOINT and TABLE_NAME are required');

const client = createDynamoClient({ endpoint, region: 'us-east-1' });
// Configured as the Lambda entry configures it (the token cache, for one).
const config = loadConfig(process.env);
const store = createDynamoStore(documentClient(client), tableName, { tokenCacheSeconds: config.tokenCacheSeconds });
// Request logs are built as in production, then dropped: writing them would measure the pipe.
const logger = jsonLogger(() => {});
const cleanup = new InProcessCleanup(store, logger);
const server = createApp({ store, cleanup, logger }).listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ origin: `http://127.0.0.1:${port}` })}\n`);
});

// A load test stops by closing its sockets; requests already here still run to their end. A line
// on stdin is answered with one on stdout once no request is in flight and no cleanup is pending,
// so that the bench changes nothing under a write that is still landing.
let inFlight = 0;
const waiting: (() => void)[] = [];
const settleIfIdle = () => {
  if (inFlight > 0) return;
  for (const done of waiting.splice(0)) done();
};
server.on('request', (_req, res) => {
  inFlight++;
  // Counted until the app answers (calls `end`), not until the socket closes: a load test that
  // stops closes its sockets while the handlers behind them are still writing.
  const end = res.end.bind(res);
  let answered = false;
  res.end = ((...args: Parameters<typeof end>) => {
    if (!answered) {
      answered = true;
      inFlight--;
      setImmediate(settleIfIdle);
    }
    return end(...args);
  }) as typeof res.end;
});
process.stdin.setEncoding('utf8');
process.stdin.on('data', () => {
  waiting.push(() => void cleanup.idle().then(() => process.stdout.write('idle\n')));
  settleIfIdle();
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
