import { join } from 'node:path';
import serverlessExpress, { getCurrentInvoke } from '@codegenie/serverless-express';
import { createApp } from '../app';
import { openConfiguredStore } from '../assemble';
import { loadConfig } from '../config';
import { DOCS_ASSETS_FOLDER } from '../docs/assets';
import { DestinationPolicy } from '../hooks/destinations';
import { lambdaSealer } from '../hooks/secrets';
import { jsonLogger } from '../logger';
import { InlineCleanup, streamDrivenCleanup } from '../workflows/cleanup';

// Built once per execution environment, outside the handler, so warm invocations reuse the
// client's connections and the compiled request validators.
const config = loadConfig(process.env, { requireTableName: true });
const { store } = openConfiguredStore(config, { hookSecrets: lambdaSealer(config) });
// With the table's stream wired to the cleanup function (the CDK stack sets CLEANUP_MODE=stream),
// deletes answer at once; without it, a delete cleans up before it answers, since a Lambda may be
// frozen as soon as it has responded.
const logger = jsonLogger();
const cleanup = config.cleanupByStream ? streamDrivenCleanup : new InlineCleanup(store, logger);
const app = createApp({
  store,
  cleanup,
  logger,
  corsAllowedOrigins: config.corsAllowedOrigins,
  requestId: () => getCurrentInvoke().context?.awsRequestId,
  hookDestinations: new DestinationPolicy({ allowLoopback: config.hooks.allowLoopback }),
  // The page's assets are files beside the bundle (the CDK bundling copies them), read on first use.
  docs: config.docsEnabled ? { assetsDir: join(__dirname, DOCS_ASSETS_FOLDER) } : undefined,
});

/** The Lambda entry: the same Express app as `npm start`, behind an API Gateway adapter (REST proxy events, or payload 2.0 from an HTTP API with `apiType=http` or a function URL with `apiType=function-url`). */
export const handler = serverlessExpress({ app });
