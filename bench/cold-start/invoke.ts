/**
 * Runs in a fresh `node` process: loads a bundled handler and answers one API Gateway event,
 * then prints its timings as one JSON line. `performance.now()` counts from the process's start.
 *
 *   node invoke.js <bundle.js> <event.json>
 */
import { readFileSync } from 'node:fs';
import { lambdaContext } from '../../test/helpers/apigateway';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number }>;

async function main(): Promise<void> {
  const [bundle, eventFile] = process.argv.slice(2);
  if (!bundle || !eventFile) throw new Error('usage: node invoke.js <bundle.js> <event.json>');
  const event: unknown = JSON.parse(readFileSync(eventFile, 'utf8'));
  const context = lambdaContext();
  const beforeLoad = performance.now();
  const { handler } = require(bundle) as { handler: Handler };
  const loaded = performance.now();
  const response = await handler(event, context);
  const answered = performance.now();
  process.stdout.write(
    `${JSON.stringify({ status: response.statusCode, startupMs: beforeLoad, loadMs: loaded - beforeLoad, firstEventMs: answered - loaded, sinceProcessStartMs: answered })}\n`,
  );
  // The client's keep-alive sockets would hold the process open; a Lambda is frozen here instead.
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
