import { defaultKeyDirectory, parseSecretsKey } from './hooks/secrets';
import { LIMITS } from './limits';
import { DYNAMODB_DEFAULTS, type DynamoTimeouts } from './store/client';
import { DEFAULT_TABLE_NAME } from './store/schema';

/** Everything the service reads from its environment, read once at start-up. */
export interface Config {
  tableName: string;
  /** A DynamoDB endpoint to use instead of the AWS default (DynamoDB Local, say). */
  dynamodbEndpoint: string | undefined;
  region: string;
  /** How long a DynamoDB call may take before it is retried or given up (see store/client.ts). */
  dynamodbTimeouts: DynamoTimeouts;
  port: number;
  /** `token:store_hash:scope` entries to provision at start-up (local runs and CI). */
  provisionedTokens: string | undefined;
  /** Seconds a token found stays trusted in this process without a DynamoDB read. */
  tokenCacheSeconds: number;
  /** How long a write's response is kept for its Idempotency-Key (`IDEMPOTENCY_REPLAY_SECONDS`). */
  idempotencyReplaySeconds: number;
  /** Browser origins allowed by CORS; empty: CORS off. */
  corsAllowedOrigins: string[];
  /** Lambda only: `stream` leaves membership cleanup to the table's stream; unset cleans up inline. */
  cleanupByStream: boolean;
  /** Lambda only (`npm start` always serves it): `DOCS_ENABLED=true` serves the API reference at /docs. */
  docsEnabled: boolean;
  /** Webhooks: the settings of ./hooks (docs/webhooks.md). */
  hooks: HooksConfig;
}

export interface HooksConfig {
  /** `HOOKS_ALLOW_LOOPBACK=true`: destinations on loopback are accepted (http too). Off by default, never in the stack. */
  allowLoopback: boolean;
  /** `HOOKS_SECRET_KEY` (base64 of 32 bytes): the AES-256-GCM key sealing secrets under `npm start`. */
  secretKey: Buffer | undefined;
  /** `HOOKS_KEY_DIR`: where `npm start` keeps the key it makes when no `HOOKS_SECRET_KEY` is set. */
  keyDirectory: string;
  /** `HOOKS_KMS_KEY_ID`: the KMS key sealing secrets in Lambda (the stack sets it). */
  kmsKeyId: string | undefined;
  /** `HOOKS_QUEUE_URL`: the queue the delivery function's wake-ups go on (the stack sets it). */
  queueUrl: string | undefined;
}

export class ConfigError extends Error {}

/**
 * The variable that tells the Lambda entry a delete may answer before its memberships are gone,
 * because the table's stream will remove them (the CDK stack sets it where it wires the stream).
 */
export const CLEANUP_MODE = { name: 'CLEANUP_MODE', stream: 'stream' } as const;

/**
 * Reads the configuration. In Lambda the table name must be given: a function that silently
 * fell back to a default table would write to the wrong place.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { requireTableName?: boolean } = {}): Config {
  if (options.requireTableName && !env.TABLE_NAME) {
    throw new ConfigError('TABLE_NAME is required: it names the DynamoDB table the service uses');
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  }
  const tokenCacheSeconds = Number(env.TOKEN_CACHE_SECONDS ?? 60);
  if (!Number.isInteger(tokenCacheSeconds) || tokenCacheSeconds < 0) {
    throw new ConfigError(`TOKEN_CACHE_SECONDS must be a whole number of seconds, got "${env.TOKEN_CACHE_SECONDS}"`);
  }
  const idempotencyReplaySeconds = Number(env.IDEMPOTENCY_REPLAY_SECONDS ?? LIMITS.idempotencyReplaySeconds);
  if (!Number.isInteger(idempotencyReplaySeconds) || idempotencyReplaySeconds <= 0) {
    throw new ConfigError(`IDEMPOTENCY_REPLAY_SECONDS must be a positive whole number of seconds, got "${env.IDEMPOTENCY_REPLAY_SECONDS}"`);
  }
  const dynamodbTimeouts = {
    connectionTimeoutMs: milliseconds(env, 'DYNAMODB_CONNECTION_TIMEOUT_MS', DYNAMODB_DEFAULTS.timeouts.connectionTimeoutMs),
    requestTimeoutMs: milliseconds(env, 'DYNAMODB_REQUEST_TIMEOUT_MS', DYNAMODB_DEFAULTS.timeouts.requestTimeoutMs),
  };
  const cleanupMode = env[CLEANUP_MODE.name];
  if (cleanupMode && cleanupMode !== CLEANUP_MODE.stream) {
    throw new ConfigError(`${CLEANUP_MODE.name} must be "${CLEANUP_MODE.stream}" or unset, got "${cleanupMode}"`);
  }
  const allowLoopback = env.HOOKS_ALLOW_LOOPBACK ?? '';
  if (!['', 'true', 'false'].includes(allowLoopback)) {
    throw new ConfigError(`HOOKS_ALLOW_LOOPBACK must be "true" or "false", got "${allowLoopback}"`);
  }
  let secretKey: Buffer | undefined;
  if (env.HOOKS_SECRET_KEY) {
    try {
      secretKey = parseSecretsKey(env.HOOKS_SECRET_KEY);
    } catch (error) {
      // The message never repeats the value: it is a key.
      throw new ConfigError(error instanceof Error ? error.message : 'HOOKS_SECRET_KEY is not a key');
    }
  }
  return {
    hooks: {
      allowLoopback: allowLoopback === 'true',
      secretKey,
      keyDirectory: env.HOOKS_KEY_DIR || defaultKeyDirectory(),
      kmsKeyId: env.HOOKS_KMS_KEY_ID || undefined,
      queueUrl: env.HOOKS_QUEUE_URL || undefined,
    },
    cleanupByStream: cleanupMode === CLEANUP_MODE.stream,
    docsEnabled: env.DOCS_ENABLED === 'true',
    tokenCacheSeconds,
    idempotencyReplaySeconds,
    corsAllowedOrigins: (env.CORS_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    tableName: env.TABLE_NAME || DEFAULT_TABLE_NAME,
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    dynamodbTimeouts,
    port,
    provisionedTokens: env.SEGMENTS_TOKENS || undefined,
  };
}

/** A positive whole number of milliseconds from the environment, or the default when unset. */
function milliseconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new ConfigError(`${name} must be a positive whole number of milliseconds, got "${raw}"`);
  return value;
}

/** The variable that names the EventBridge bus the event publisher puts events on (set by the stack's `EventPublishing`). */
export const EVENT_BUS_NAME = 'EVENT_BUS_NAME';

/** The event publisher's one setting of its own, read once at its start; missing, it does not start. */
export function loadEventBusName(env: NodeJS.ProcessEnv = process.env): string {
  const name = env[EVENT_BUS_NAME];
  if (!name) throw new ConfigError(`${EVENT_BUS_NAME} is required: the event publisher puts events on that bus`);
  return name;
}
