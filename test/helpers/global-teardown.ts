import type { EmbeddedDynamoDb } from '../../service/src/store/dynamodb-local';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __DYNAMODB_LOCAL__?: EmbeddedDynamoDb }).__DYNAMODB_LOCAL__?.stop();
}
