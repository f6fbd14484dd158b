import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RecoveringRetryStrategy } from './retry';

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
 * How long the client waits for DynamoDB, and how often it tries. A call gives up after
 * `maxAttempts × requestTimeoutMs` plus the backoff between attempts (under a second): the
 * defaults (3 × 2 s) keep a request that meets a DynamoDB that never answers well inside the
 * API function's 10 s timeout, so the caller gets a 503 rather than API Gateway's 504.
 */
export interface DynamoTimeouts {
  /** Time to open a connection (TCP and TLS). */
  connectionTimeoutMs: number;
  /** Time for one attempt, from sending the request to the whole reply. */
  requestTimeoutMs: number;
}

export const DYNAMODB_DEFAULTS = {
  timeouts: { connectionTimeoutMs: 1000, requestTimeoutMs: 2000 } satisfies DynamoTimeouts,
  maxAttempts: 3,
  /** A retry quota spent in an outage is replaced after this long (see retry.ts). */
  quotaRecoveryMs: 2000,
} as const;

/**
 * The DynamoDB client the service uses: the SDK's standard retries with a quota that recovers
 * after an outage, and timeouts that turn a silent DynamoDB into an error (by default the SDK
 * would wait for ever, and its request timeout only warns unless told to throw).
 * DynamoDB Local accepts any credentials, so on a loopback endpoint with none configured
 * placeholders are used rather than failing on a machine that has never seen AWS.
 */
export function createDynamoClient(options: {
  endpoint: string | undefined;
  region: string;
  env?: NodeJS.ProcessEnv;
  timeouts?: DynamoTimeouts;
  quotaRecoveryMs?: number;
}): DynamoDBClient {
  const env = options.env ?? process.env;
  const placeholderCredentials =
    options.endpoint && isLoopback(options.endpoint) && !hasAwsCredentials(env)
      ? { accessKeyId: 'local', secretAccessKey: 'local' }
      : undefined;
  const timeouts = options.timeouts ?? DYNAMODB_DEFAULTS.timeouts;
  return new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: placeholderCredentials,
    retryStrategy: new RecoveringRetryStrategy({
      maxAttempts: DYNAMODB_DEFAULTS.maxAttempts,
      quotaRecoveryMs: options.quotaRecoveryMs ?? DYNAMODB_DEFAULTS.quotaRecoveryMs,
    }),
    requestHandler: {
      connectionTimeout: timeouts.connectionTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  });
}

/** Wraps a client so items go in and out as plain objects; empty strings and sets stay as they are. */
export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}
