/**
 * DynamoDB on-demand prices, as documented constants: us-east-1, Standard table class, the
 * prices in force since the on-demand reduction of 1 November 2024
 * (https://aws.amazon.com/dynamodb/pricing/on-demand/). Other regions cost more; change these
 * to price another region.
 */
export const DYNAMODB_ON_DEMAND_PRICES = {
  region: 'us-east-1',
  tableClass: 'Standard',
  /** USD per million write request units (one WRU: a standard write of up to 1 KB). */
  usdPerMillionWriteUnits: 0.625,
  /** USD per million read request units (one RRU: a strongly consistent read of up to 4 KB). */
  usdPerMillionReadUnits: 0.125,
} as const;

/** Read and write request units consumed by one API call. */
export interface Capacity {
  readUnits: number;
  writeUnits: number;
}

/**
 * What a million calls of an operation cost in DynamoDB requests, in USD: each call's units times
 * the price per million units. Storage, streams, Lambda and API Gateway are not included.
 */
export function usdPerMillionCalls(perCall: Capacity, prices = DYNAMODB_ON_DEMAND_PRICES): number {
  const usd = perCall.readUnits * prices.usdPerMillionReadUnits + perCall.writeUnits * prices.usdPerMillionWriteUnits;
  return Math.round(usd * 10_000) / 10_000;
}

/** The size DynamoDB bills a value at: names and strings by UTF-8 length, numbers by digits. */
export function attributeValueBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value)
      .replace(/[-.]|e.*$/gi, '')
      .replace(/^0+|0+$/g, '').length;
    return Math.ceil(Math.max(digits, 1) / 2) + 1;
  }
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + attributeValueBytes(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + attributeValueBytes(v), 0);
  if (typeof value === 'object') {
    return 3 + Object.entries(value).reduce((sum, [name, v]) => sum + 1 + Buffer.byteLength(name, 'utf8') + attributeValueBytes(v), 0);
  }
  return 0;
}

/** An item's billed size in bytes: the sum of its attribute names and values. */
export function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name, 'utf8') + attributeValueBytes(value), 0);
}

export type TransactWriteAction = {
  Put?: { Item?: Record<string, unknown> };
  Update?: unknown;
  Delete?: unknown;
  ConditionCheck?: unknown;
};

/** What the table held under an action's key before the transaction, when that is known. */
export interface StoredItem {
  bytes: number;
  /** Whether it carries the keys of a secondary index (so deleting it writes the index too). */
  indexed: boolean;
}

const kbOf = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/**
 * The write units a TransactWriteItems consumes, at DynamoDB's documented rates: two per KB per
 * action on the table (an item is sized as the larger of before and after), and one per index
 * write: a Put of an item carrying an index's keys, or a Delete of one that carried them (the
 * index projects keys only, so an Update that leaves the keys alone writes no index). Without
 * `stored`, an Update, Delete or ConditionCheck is taken as a 1 KB item outside any index.
 */
export function transactWriteUnits(
  actions: readonly TransactWriteAction[],
  indexAttributes: readonly string[],
  stored: readonly (StoredItem | undefined)[] = [],
): { table: number; index: number } {
  let table = 0;
  let index = 0;
  actions.forEach((action, i) => {
    const before = stored[i];
    if (action.Put?.Item) {
      const item = action.Put.Item;
      table += 2 * kbOf(Math.max(itemBytes(item), before?.bytes ?? 0));
      if (indexAttributes.some((name) => name in item) || before?.indexed) index += 1;
    } else {
      table += 2 * kbOf(before?.bytes ?? 0);
      if (action.Delete && before?.indexed) index += 1;
    }
  });
  return { table, index };
}

/**
 * What the rest of a call costs on AWS, as documented constants: us-east-1 list prices read on
 * 2026-12-01 from the pricing pages named, first volume tier, no free tier. Change them with
 * their date when AWS changes a price.
 */
export const AWS_PRICES = {
  date: '2026-12-01',
  region: 'us-east-1',
  /** https://aws.amazon.com/api-gateway/pricing/ — REST APIs, first 333 million requests a month. */
  usdPerMillionRestApiRequests: 3.5,
  /** https://aws.amazon.com/api-gateway/pricing/ — HTTP APIs, first 300 million a month (metered per 512 KB). */
  usdPerMillionHttpApiRequests: 1.0,
  /** https://aws.amazon.com/cloudfront/pricing/ — HTTPS requests, United States, $0.0100 per 10,000. */
  usdPerMillionCloudFrontHttpsRequests: 1.0,
  /** https://aws.amazon.com/lambda/pricing/ — function URLs themselves cost nothing beyond the invocation. */
  usdPerMillionFunctionUrlRequests: 0,
  /** https://aws.amazon.com/lambda/pricing/ — requests, any architecture. */
  usdPerMillionLambdaRequests: 0.2,
  /** https://aws.amazon.com/lambda/pricing/ — arm64 duration, first 7.5 billion GB-seconds a month. */
  usdPerLambdaArmGbSecond: 0.0000133334,
  /** https://aws.amazon.com/dynamodb/pricing/ — GetRecords by a Lambda trigger on a DynamoDB stream is free. */
  usdPerMillionStreamReadsByLambda: 0,
} as const;

/** The front doors the stack can put before the function (docs/performance.md compares them). */
export const FRONT_DOORS = {
  rest: { name: 'API Gateway REST API (the stack today)', usdPerMillion: AWS_PRICES.usdPerMillionRestApiRequests },
  http: { name: 'API Gateway HTTP API', usdPerMillion: AWS_PRICES.usdPerMillionHttpApiRequests },
  functionUrl: {
    name: 'function URL behind CloudFront',
    usdPerMillion: AWS_PRICES.usdPerMillionFunctionUrlRequests + AWS_PRICES.usdPerMillionCloudFrontHttpsRequests,
  },
} as const;
export type FrontDoor = keyof typeof FRONT_DOORS;

/** A million calls of one operation, in USD, part by part. */
export interface Bill {
  frontDoor: number;
  lambda: number;
  dynamodb: number;
  /** The stream cleanup a delete leaves: its DynamoDB units and its own function's time. */
  cleanup: number;
  total: number;
}

/** Lambda's bill for a million invocations of `ms` each at `memoryMb`, billed by the millisecond. */
export function lambdaUsdPerMillion(ms: number, memoryMb: number, prices = AWS_PRICES): number {
  const gbSeconds = (Math.max(1, Math.ceil(ms)) / 1000) * (memoryMb / 1024);
  return prices.usdPerMillionLambdaRequests + gbSeconds * prices.usdPerLambdaArmGbSecond * 1_000_000;
}

/**
 * The whole bill of a million calls: the front door, the API function's invocations and time,
 * the DynamoDB units, and for a delete the stream cleanup (its units and its function's time; the
 * stream reads themselves are free to a Lambda trigger).
 */
export function wholeBill(
  call: { ms: number; capacity: Capacity; cleanup?: { ms: number; capacity: Capacity } },
  options: { frontDoor: FrontDoor; memoryMb: number; cleanupMemoryMb: number },
): Bill {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const frontDoor = FRONT_DOORS[options.frontDoor].usdPerMillion;
  const lambda = lambdaUsdPerMillion(call.ms, options.memoryMb);
  const dynamodb = usdPerMillionCalls(call.capacity);
  const cleanup = call.cleanup
    ? usdPerMillionCalls(call.cleanup.capacity) + lambdaUsdPerMillion(call.cleanup.ms, options.cleanupMemoryMb)
    : 0;
  return {
    frontDoor: round(frontDoor),
    lambda: round(lambda),
    dynamodb: round(dynamodb),
    cleanup: round(cleanup),
    total: round(frontDoor + lambda + dynamodb + cleanup),
  };
}
