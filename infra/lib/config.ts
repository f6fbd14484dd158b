import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** The stages the app knows. A stage picks the defaults below; every knob can still be set on its own. */
export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

/** The API's front doors (docs/performance.md compares what each costs and gives up). */
export const API_TYPES = ['rest', 'http', 'function-url'] as const;
export type ApiType = (typeof API_TYPES)[number];

/** Everything the stack reads from CDK context, read once and checked before any construct is built. */
export interface StackConfig {
  stage: Stage;
  /** API Gateway stage throttling: steady-state requests a second. */
  throttlingRateLimit: number;
  /** API Gateway stage throttling: burst bucket size. */
  throttlingBurstLimit: number;
  /** Where alarm notifications go; without it the topic has no subscriber (alarms still show in the console). */
  alarmEmail: string | undefined;
  /** Attach an AWS WAF web ACL with AWS managed rule groups to the API stage. */
  waf: boolean;
  /** Retention of every log group the stack creates (function, API access and execution logs). */
  logRetention: RetentionDays;
  /** Reserved concurrency of the function; `undefined` leaves it on the account's unreserved pool. */
  reservedConcurrency: number | undefined;
  /** Create the account-wide API Gateway CloudWatch Logs role (an account singleton: once per account and region). */
  apiGatewayCloudWatchRole: boolean;
  /** Memory of the function in MB (CPU grows with it). */
  lambdaMemoryMb: number;
  /** The API p99 latency, in milliseconds, above which the latency alarm fires. */
  latencyAlarmP99Ms: number;
  /** Bundle the AWS SDK into the functions (true) or use the copy the Lambda runtime ships (false). */
  bundleAwsSdk: boolean;
  /** The API's front door: an API Gateway REST API, an HTTP API, or a function URL behind CloudFront (cheaper, fewer features). */
  apiType: ApiType;
  /** Serve the API reference at /docs (the function gets DOCS_ENABLED=true and the page's files). */
  docs: boolean;
}

/** One documented context key: `-c <key>=<value>` on the command line or `context` in cdk.json. */
interface ContextKey<K extends keyof StackConfig> {
  field: K;
  description: string;
  defaults: Record<Stage, StackConfig[K]>;
  parse: (raw: unknown, key: string) => StackConfig[K];
}

export class ConfigError extends Error {}

function parseInteger(min: number, max: number) {
  return (raw: unknown, key: string): number => {
    const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(`context "${key}" must be a whole number from ${min} to ${max}, got "${String(raw)}"`);
    }
    return value;
  };
}

function parseBoolean(raw: unknown, key: string): boolean {
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new ConfigError(`context "${key}" must be true or false, got "${String(raw)}"`);
}

function parseEmail(raw: unknown, key: string): string | undefined {
  const value = String(raw).trim();
  if (value === '') return undefined;
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) {
    throw new ConfigError(`context "${key}" must be an e-mail address, got "${value}"`);
  }
  return value;
}

const RETENTION_DAYS = new Set<number>(Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'));

function parseRetention(raw: unknown, key: string): RetentionDays {
  const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!RETENTION_DAYS.has(value) || value === RetentionDays.INFINITE) {
    throw new ConfigError(
      `context "${key}" must be a CloudWatch Logs retention in days (${[...RETENTION_DAYS].filter((d) => d !== RetentionDays.INFINITE).join(', ')}), got "${String(raw)}"`,
    );
  }
  return value as RetentionDays;
}

function parseApiType(raw: unknown, key: string): ApiType {
  const value = String(raw);
  if (!(API_TYPES as readonly string[]).includes(value)) {
    throw new ConfigError(`context "${key}" must be one of ${API_TYPES.join(', ')}, got "${value}"`);
  }
  return value as ApiType;
}

function parseOptionalInteger(min: number, max: number) {
  const parse = parseInteger(min, max);
  return (raw: unknown, key: string): number | undefined => (raw === '' || raw === 'none' ? undefined : parse(raw, key));
}

/**
 * The context keys, their defaults per stage and how they are read. The Deploy section's table of
 * context keys documents this list (a test checks every key is there).
 */
export const CONTEXT_KEYS = {
  throttlingRateLimit: {
    field: 'throttlingRateLimit',
    description: 'API stage throttling, steady requests per second',
    defaults: { dev: 50, prod: 500 },
    parse: parseInteger(1, 100_000),
  },
  throttlingBurstLimit: {
    field: 'throttlingBurstLimit',
    description: 'API stage throttling, burst size',
    defaults: { dev: 100, prod: 1000 },
    parse: parseInteger(1, 100_000),
  },
  alarmEmail: {
    field: 'alarmEmail',
    description: 'e-mail address subscribed to the alarm topic (confirm the subscription mail)',
    defaults: { dev: undefined, prod: undefined },
    parse: parseEmail,
  },
  waf: {
    field: 'waf',
    description: 'attach a WAF web ACL with AWS managed rule groups to the API stage',
    defaults: { dev: false, prod: true },
    parse: parseBoolean,
  },
  logRetentionDays: {
    field: 'logRetention',
    description: 'retention in days of every log group of the stack',
    defaults: { dev: RetentionDays.TWO_WEEKS, prod: RetentionDays.ONE_YEAR },
    parse: parseRetention,
  },
  reservedConcurrency: {
    field: 'reservedConcurrency',
    description: 'reserved concurrency of the function (none: the unreserved account pool)',
    defaults: { dev: undefined, prod: undefined },
    parse: parseOptionalInteger(1, 10_000),
  },
  apiGatewayCloudWatchRole: {
    field: 'apiGatewayCloudWatchRole',
    description: "create the account's API Gateway CloudWatch Logs role (account singleton; only if none is set)",
    defaults: { dev: false, prod: false },
    parse: parseBoolean,
  },
  lambdaMemoryMb: {
    field: 'lambdaMemoryMb',
    description: 'memory of the function in MB',
    defaults: { dev: 1024, prod: 1024 },
    parse: parseInteger(128, 10_240),
  },
  latencyAlarmP99Ms: {
    field: 'latencyAlarmP99Ms',
    description: 'API p99 latency (ms) above which the latency alarm fires',
    defaults: { dev: 1000, prod: 1000 },
    parse: parseInteger(50, 29_000),
  },
  bundleAwsSdk: {
    field: 'bundleAwsSdk',
    description: "bundle the AWS SDK into the functions (false: use the Lambda runtime's copy)",
    defaults: { dev: false, prod: false },
    parse: parseBoolean,
  },
  apiType: {
    field: 'apiType',
    description:
      'the front door: rest (API Gateway REST API), http (HTTP API: no WAF, no X-Ray at the door) or function-url (a Lambda function URL behind CloudFront: no WAF, no throttling at the door)',
    defaults: { dev: 'rest', prod: 'rest' },
    parse: parseApiType,
  },
  docs: {
    field: 'docs',
    description: 'serve the API reference page at /docs',
    defaults: { dev: true, prod: false },
    parse: parseBoolean,
  },
} as const satisfies { [key: string]: ContextKey<keyof StackConfig> };

/** Reads a context value; `undefined` when the key is not set. */
export type ContextReader = (key: string) => unknown;

function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

/**
 * Reads the stack's configuration from context, failing loudly on a value it cannot use
 * (a typo in `-c waf=ture` must not silently deploy without a firewall).
 */
export function readConfig(context: ContextReader): StackConfig {
  const rawStage = context('stage') ?? 'dev';
  const stage = String(rawStage);
  if (!isStage(stage)) {
    throw new ConfigError(`context "stage" must be one of ${STAGES.join(', ')}, got "${stage}"`);
  }
  const config: Record<string, unknown> = { stage };
  for (const [key, spec] of Object.entries(CONTEXT_KEYS) as [string, ContextKey<keyof StackConfig>][]) {
    const raw = context(key);
    config[spec.field] = raw === undefined ? spec.defaults[stage] : spec.parse(raw, key);
  }
  if (config.apiType === 'http' && config.waf === true) {
    throw new ConfigError('context "waf" needs apiType=rest: an HTTP API cannot have a WAF web ACL (set waf=false with apiType=http)');
  }
  if (config.apiType === 'function-url' && config.waf === true) {
    // CloudFront takes only a global web ACL, created in us-east-1: not something this one-region stack can make.
    throw new ConfigError(
      'context "waf" needs apiType=rest: a web ACL for CloudFront must be created in us-east-1, outside this stack (set waf=false with apiType=function-url)',
    );
  }
  return config as unknown as StackConfig;
}
