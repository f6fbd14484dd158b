import serverlessExpress from '@codegenie/serverless-express';
import { createApp } from './app';
import { loadConfig } from './config';
import { createDynamoClient, documentClient } from './store/client';
import { createDynamoStore } from './store/dynamo-store';

// Built once per execution environment, outside the handler, so warm invocations reuse the
// client's connections and the compiled request validators.
const config = loadConfig(process.env, { requireTableName: true });
const db = documentClient(createDynamoClient({ endpoint: config.dynamodbEndpoint, region: config.region }));
const app = createApp({ store: createDynamoStore(db, config.tableName) });

/** The Lambda entry: the same Express app as `npm start`, behind an API Gateway (REST, proxy) adapter. */
export const handler = serverlessExpress({ app });
