import { buildConsumerKit } from '../../contracts/scripts/support/consumer-kit';
import { createDynamoClient } from '../../service/src/store/client';
import { ensureTable, startEmbeddedDynamoDb } from '../../service/src/store/dynamodb-local';

export const TEST_TABLE_NAME = 'segmentation-test';

/**
 * Starts DynamoDB Local once for the run and creates the table from the schema module.
 * Workers inherit the environment set here, so every suite talks to the same instance.
 */
export default async function globalSetup(): Promise<void> {
  // The run is on Node 20 by design (Lambda runs 22); the SDK's notice about that is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // The consumer tests load the kit from its build, as the teams that install it do.
  buildConsumerKit();
  const dynamo = await startEmbeddedDynamoDb();
  (globalThis as { __DYNAMODB_LOCAL__?: typeof dynamo }).__DYNAMODB_LOCAL__ = dynamo;
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.TABLE_NAME = TEST_TABLE_NAME;
  process.env.AWS_REGION = 'us-east-1';
  const client = createDynamoClient({ endpoint: dynamo.endpoint, region: 'us-east-1' });
  await ensureTable(client, TEST_TABLE_NAME);
  client.destroy();
}
