import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopback(endpoint: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

function hasAwsCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_WEB_IDENTITY_TOKEN_FILE);
}

/**
 * The DynamoDB client the service uses, with the SDK's standard retries on.
 * DynamoDB Local accepts any credentials, so on a loopback endpoint with none configured
 * placeholders are used rather than failing on a machine that has never seen AWS.
 */
export function createDynamoClient(options: { endpoint: string | undefined; region: string; env?: NodeJS.ProcessEnv }): DynamoDBClient {
  const env = options.env ?? process.env;
  const placeholderCredentials =
    options.endpoint && isLoopback(options.endpoint) && !hasAwsCredentials(env)
      ? { accessKeyId: 'local', secretAccessKey: 'local' }
      : undefined;
  return new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: placeholderCredentials,
    maxAttempts: 5,
  });
}

/** Wraps a client so items go in and out as plain objects; empty strings and sets stay as they are. */
export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}
