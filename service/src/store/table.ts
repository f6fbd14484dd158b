import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DYNAMODB_LIMITS } from '../limits';
import { ClaimLost, type CommitWitness, commitWitnesses } from './commit-witness';
import { classifyDynamoFailure } from './failures';
import type { ItemKey } from './keys';
import { KEY, SEGMENTS_BY_PROFILE_INDEX } from './schema';

export type Item = Record<string, unknown>;
type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];
export type TransactAction = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Conditions on an item's existence, written once with the schema's key name. */
export const ITEM_EXISTS = `attribute_exists(${KEY.partition})`;
export const ITEM_ABSENT = `attribute_not_exists(${KEY.partition})`;

/** The condition that the item's `attribute` still holds `value` (as it was read): for a Put, Update, Delete or ConditionCheck with no other condition. */
export function whereAttributeIs(attribute: string, value: unknown) {
  return {
    ConditionExpression: '#expected = :expected',
    ExpressionAttributeNames: { '#expected': attribute },
    ExpressionAttributeValues: { ':expected': value },
  };
}

/**
 * A transaction refused because at least one of its conditions failed; `failed` holds their
 * positions, and `seen` what each failed condition found: the item as it was (DynamoDB returns it
 * with the refusal, `ReturnValuesOnConditionCheckFailure: ALL_OLD`), or undefined when there was
 * none. So a caller learns why without reading again.
 */
export class ConditionsFailed extends Error {
  constructor(
    readonly failed: number[],
    readonly seen: ReadonlyMap<number, Item | undefined> = new Map(),
  ) {
    super(`conditions failed at ${failed.join(', ')}`);
  }

  /** Whether the condition of the action at `index` failed. */
  has(index: number): boolean {
    return this.failed.includes(index);
  }
}

/** DynamoDB kept leaving part of a batch unprocessed (throttling): the caller should retry later. */
export class UnprocessedItemsLeft extends Error {
  constructor(readonly attempts: number) {
    super(`DynamoDB left items unprocessed after ${attempts} attempts`);
  }
}

const TRANSACTION_CONFLICT_ATTEMPTS = 4;
const BATCH_ATTEMPTS = 8;
/** Single-item updates sent side by side when a batch of them is needed. */
const SET_UPDATES_IN_FLIGHT = 25;
const BATCH_WRITES_IN_FLIGHT = 4;
const BATCH_READS_IN_FLIGHT = 4;
/** A bound on one Query's `Limit`: a page number far past the end must not become an invalid request. */
const MAX_ITEMS_PER_QUERY = 1000;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where a walk over one partition starts, optionally through the inverted index. */
export interface PartitionQuery {
  partition: string;
  sortKeyPrefix: string;
  index?: typeof SEGMENTS_BY_PROFILE_INDEX.name;
  /** Attributes to return; omitted means the whole item. */
  projection?: string[];
}

/**
 * The table, as the few operations the repositories need. It hides DynamoDB's request limits
 * (chunking, unprocessed keys) and turns a cancelled transaction into `ConditionsFailed`.
 */
export class Table {
  constructor(
    readonly db: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  async get<T extends object>(key: ItemKey): Promise<T | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true }));
    return Item as T | undefined;
  }

  /** Reads many items by key (any number), in no particular order. */
  async getMany<T extends object>(itemKeys: readonly ItemKey[]): Promise<T[]> {
    const found: T[] = [];
    // A few batches side by side: a read of a store's 1000 segment headers is three round trips, not ten.
    const readBatch = async (part: ItemKey[]) => {
      let pending: ItemKey[] | undefined = part;
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt >= BATCH_ATTEMPTS) throw new UnprocessedItemsLeft(attempt);
        if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
        const result = await this.db.send(new BatchGetCommand({ RequestItems: { [this.name]: { Keys: pending, ConsistentRead: true } } }));
        found.push(...((result.Responses?.[this.name] ?? []) as T[]));
        pending = result.UnprocessedKeys?.[this.name]?.Keys as ItemKey[] | undefined;
      }
    };
    for (const parts of chunk(chunk(dedupeKeys(itemKeys), DYNAMODB_LIMITS.keysPerBatchGet), BATCH_READS_IN_FLIGHT))
      await Promise.all(parts.map(readBatch));
    return found;
  }

  /** Deletes items by key, 25 a request, retrying what DynamoDB leaves unprocessed. Not atomic. */
  async deleteMany(itemKeys: readonly ItemKey[]): Promise<void> {
    await this.batchWrite(dedupeKeys(itemKeys).map((Key) => ({ DeleteRequest: { Key } })));
  }

  private async batchWrite(requests: WriteRequest[]): Promise<void> {
    const writeBatch = async (part: WriteRequest[]) => {
      let pending: BatchWriteCommandInput['RequestItems'] | undefined = { [this.name]: part };
      for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt++) {
        if (attempt >= BATCH_ATTEMPTS) throw new UnprocessedItemsLeft(attempt);
        if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
        const result: BatchWriteCommandOutput = await this.db.send(new BatchWriteCommand({ RequestItems: pending }));
        pending = result.UnprocessedItems;
      }
    };
    // A few batches side by side: the cleanup's tens of thousands of deletes are not one long queue.
    for (const parts of chunk(chunk(requests, DYNAMODB_LIMITS.itemsPerBatchWrite), BATCH_WRITES_IN_FLIGHT))
      await Promise.all(parts.map(writeBatch));
  }

  /** The first `limit` items of one partition, in sort-key order. */
  async queryFirst<T extends object>(query: PartitionQuery, limit: number): Promise<T[]> {
    const result = await this.db.send(new QueryCommand({ ...this.queryInput(query), Limit: limit }));
    return (result.Items ?? []) as T[];
  }

  /** The item of one partition that sorts last under the prefix, if any. */
  async queryLast<T extends object>(query: PartitionQuery): Promise<T | undefined> {
    const result = await this.db.send(new QueryCommand({ ...this.queryInput(query), Limit: 1, ScanIndexForward: false }));
    return result.Items?.[0] as T | undefined;
  }

  /** Reads at most `limit` items of one partition that sort after the given sort key. */
  async queryAfter<T extends object>(query: PartitionQuery, afterSortKey: string, limit: number): Promise<T[]> {
    const result = await this.db.send(
      new QueryCommand({
        ...this.queryInput(query),
        Limit: limit,
        ExclusiveStartKey: { [KEY.partition]: query.partition, [KEY.sort]: afterSortKey },
      }),
    );
    return (result.Items ?? []) as T[];
  }

  /**
   * The `limit` items that follow the first `skip` items after the given sort key: one request
   * unless the skipped items and the page together pass 1 MB (or 1000 items).
   */
  async queryAfterSkipping<T extends object>(query: PartitionQuery, afterSortKey: string, skip: number, limit: number): Promise<T[]> {
    const items: T[] = [];
    let startKey: Record<string, unknown> | undefined = { [KEY.partition]: query.partition, [KEY.sort]: afterSortKey };
    do {
      const result: QueryCommandOutput = await this.db.send(
        new QueryCommand({
          ...this.queryInput(query),
          Limit: Math.min(skip + limit - items.length, MAX_ITEMS_PER_QUERY),
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...((result.Items ?? []) as T[]));
      startKey = result.LastEvaluatedKey;
    } while (startKey && items.length < skip + limit);
    return items.slice(skip, skip + limit);
  }

  /**
   * Like `queryAfterSkipping`, but items for which `hidden` holds are passed over as if absent:
   * `skip` and `limit` count the others only. `afterSortKey` undefined starts at the prefix's start.
   */
  async queryVisible<T extends object>(
    query: PartitionQuery,
    afterSortKey: string | undefined,
    skip: number,
    limit: number,
    hidden: (item: T) => boolean,
  ): Promise<T[]> {
    const visible: T[] = [];
    let startKey: Record<string, unknown> | undefined =
      afterSortKey === undefined ? undefined : { [KEY.partition]: query.partition, [KEY.sort]: afterSortKey };
    do {
      const result: QueryCommandOutput = await this.db.send(
        new QueryCommand({
          ...this.queryInput(query),
          Limit: Math.min(skip + limit - visible.length, MAX_ITEMS_PER_QUERY),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of (result.Items ?? []) as T[]) if (!hidden(item)) visible.push(item);
      startKey = result.LastEvaluatedKey;
    } while (startKey && visible.length < skip + limit);
    return visible.slice(skip, skip + limit);
  }

  /** The first `count` sort keys of one partition (after `startAfter`, if given), read as keys only. */
  async sortKeysUpTo(query: PartitionQuery, count: number, startAfter?: string): Promise<string[]> {
    const sortKeys: string[] = [];
    let startKey: Record<string, unknown> | undefined =
      startAfter === undefined ? undefined : { [KEY.partition]: query.partition, [KEY.sort]: startAfter };
    do {
      const result = await this.db.send(
        new QueryCommand({
          ...this.queryInput({ ...query, projection: [KEY.sort] }),
          Limit: Math.min(count - sortKeys.length, MAX_ITEMS_PER_QUERY),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of result.Items ?? []) sortKeys.push(String(item[KEY.sort]));
      startKey = result.LastEvaluatedKey;
    } while (startKey && sortKeys.length < count);
    return sortKeys;
  }

  /**
   * Takes `value` out of a string-set attribute of each item that still exists, a few requests at a
   * time (an update per item: DynamoDB has no batch update). Not atomic; safe to run again.
   */
  async removeFromSets(itemKeys: readonly ItemKey[], attribute: string, value: string): Promise<void> {
    const update = async (Key: ItemKey) => {
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.name,
            Key,
            UpdateExpression: 'DELETE #set :value',
            ConditionExpression: ITEM_EXISTS,
            ExpressionAttributeNames: { '#set': attribute },
            ExpressionAttributeValues: { ':value': new Set([value]) },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    };
    for (const part of chunk(dedupeKeys(itemKeys), SET_UPDATES_IN_FLIGHT)) await Promise.all(part.map(update));
  }

  /**
   * Runs write actions each on its own (not a transaction), `inFlight` at a time: for work of
   * many independent items that must all be done before a request answers (a header per segment).
   * Answers, for each action in order, undefined when it was applied, or the item its condition
   * saw when refused (undefined inside if there was none).
   */
  async writeEach(actions: readonly TransactAction[], inFlight: number): Promise<({ refused: Item | undefined } | undefined)[]> {
    const outcomes: ({ refused: Item | undefined } | undefined)[] = [];
    const send = (action: TransactAction) => {
      const old = { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } as const;
      if (action.Update) return this.db.send(new UpdateCommand({ ...action.Update, ...old }));
      if (action.Delete) return this.db.send(new DeleteCommand({ ...action.Delete, ...old }));
      if (action.Put) return this.db.send(new PutCommand({ ...action.Put, ...old }));
      throw new Error('writeEach runs updates, deletes and puts');
    };
    const run = async (action: TransactAction, index: number) => {
      try {
        await send(action);
        if (commitWitnesses.getStore()?.active()) commitWitnesses.getStore()?.recordCommit();
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        outcomes[index] = { refused: oldImage(error.Item) };
      }
    };
    const indexed = actions.map((action, index) => ({ action, index }));
    for (const part of chunk(indexed, inFlight)) await Promise.all(part.map(({ action, index }) => run(action, index)));
    return Array.from({ length: actions.length }, (_, index) => outcomes[index]);
  }

  /**
   * Like `writeEach` (each action stands alone, and the answer says which were refused and what
   * they saw), but sent as transactions of up to 99 actions, `inFlight` transactions at a time:
   * far fewer requests for many small writes. A transaction refused by some of its actions is sent
   * again without them, so every other action is applied.
   */
  async transactEach(actions: readonly TransactAction[], inFlight: number): Promise<({ refused: Item | undefined } | undefined)[]> {
    const outcomes: ({ refused: Item | undefined } | undefined)[] = [];
    const send = async (indices: number[]): Promise<void> => {
      while (indices.length > 0) {
        try {
          await this.transact(indices.map((index) => actions[index]!));
          return;
        } catch (error) {
          if (!(error instanceof ConditionsFailed)) throw error;
          for (const position of error.failed) outcomes[indices[position]!] = { refused: error.seen.get(position) };
          const failed = new Set(error.failed);
          indices = indices.filter((_, position) => !failed.has(position));
        }
      }
    };
    // One action fewer than a transaction holds: room for the request's idempotency witness.
    const groups = chunk(
      actions.map((_, index) => index),
      DYNAMODB_LIMITS.actionsPerTransaction - 1,
    );
    for (const part of chunk(groups, inFlight)) await Promise.all(part.map(send));
    return Array.from({ length: actions.length }, (_, index) => outcomes[index]);
  }

  /** Writes items (no conditions), 25 a request, retrying what DynamoDB leaves unprocessed. Not atomic. */
  async putMany(items: readonly Record<string, unknown>[]): Promise<void> {
    await this.batchWrite(items.map((Item) => ({ PutRequest: { Item } })));
  }

  /** Reads every item of one partition (callers keep partitions they read whole small). */
  async queryAll<T extends object>(query: PartitionQuery): Promise<T[]> {
    const items: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.db.send(new QueryCommand({ ...this.queryInput(query), ExclusiveStartKey: startKey }));
      items.push(...((result.Items ?? []) as T[]));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** Walks a partition a page at a time, for work over partitions too large to hold at once. */
  async *queryPages<T extends object>(query: PartitionQuery, pageSize: number): AsyncGenerator<T[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.db.send(new QueryCommand({ ...this.queryInput(query), Limit: pageSize, ExclusiveStartKey: startKey }));
      if (result.Items?.length) yield result.Items as T[];
      startKey = result.LastEvaluatedKey;
    } while (startKey);
  }

  /**
   * Runs one transaction (at most 100 actions). Transaction conflicts with concurrent writers are
   * retried with backoff; a failed condition is thrown as `ConditionsFailed`.
   */
  async transact(actions: TransactAction[]): Promise<void> {
    if (actions.length > DYNAMODB_LIMITS.actionsPerTransaction) {
      throw new Error(`a transaction holds at most ${DYNAMODB_LIMITS.actionsPerTransaction} actions, got ${actions.length}`);
    }
    // A request holding an idempotency key has each transaction write that it committed, in the
    // same commit (./commit-witness.ts). A transaction already full (a sweep of 100 memberships,
    // which running again finishes) goes without.
    const inScope = commitWitnesses.getStore();
    const witness = inScope?.active() && actions.length < DYNAMODB_LIMITS.actionsPerTransaction ? inScope : undefined;
    for (let attempt = 1; ; attempt++) {
      // The token makes the SDK's own retries of this attempt idempotent: when a reply is lost after
      // the commit, the retry is answered with the commit's result (for 10 minutes) rather than run
      // again. A new attempt after a conflict is a new transaction, so it takes a new token.
      const token = randomUUID();
      const asked = actions.map(returningOldOnFailure);
      const sent = witness ? [...asked, witness.action(token)] : asked;
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: sent, ClientRequestToken: token }));
        // A full transaction, sent without the witness, is still a change the request made.
        if (inScope?.active()) inScope.recordCommit();
        return;
      } catch (error) {
        if (witness && (await committedAfterAll(witness, token, error))) {
          witness.recordCommit();
          return;
        }
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
        if (witness && failed.length === 1 && failed[0] === actions.length) throw new ClaimLost();
        const own = failed.filter((index) => index < actions.length);
        if (own.length > 0) {
          // The exception is the low-level client's: its items are in DynamoDB's attribute-value form.
          const seen = new Map(own.map((index) => [index, oldImage(reasons[index]?.Item)] as const));
          throw new ConditionsFailed(own, seen);
        }
        const conflicted = reasons.some((reason) => reason.Code === 'TransactionConflict');
        if (!conflicted || attempt >= TRANSACTION_CONFLICT_ATTEMPTS) throw error;
        await sleep(20 * 2 ** attempt + Math.random() * 20);
      }
    }
  }

  /** `transact`, a refusal turned into what the caller makes of what the failed conditions saw. */
  async transactOrExplain(actions: TransactAction[], explain: (refusal: ConditionsFailed) => Error): Promise<void> {
    try {
      await this.transact(actions);
    } catch (error) {
      throw error instanceof ConditionsFailed ? explain(error) : error;
    }
  }

  private queryInput(query: PartitionQuery): QueryCommandInput {
    const onIndex = query.index !== undefined;
    const pk = onIndex ? SEGMENTS_BY_PROFILE_INDEX.partition : KEY.partition;
    const sk = onIndex ? SEGMENTS_BY_PROFILE_INDEX.sort : KEY.sort;
    return {
      TableName: this.name,
      IndexName: query.index,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: {
        '#pk': pk,
        '#sk': sk,
        ...Object.fromEntries((query.projection ?? []).map((name, i) => [`#p${i}`, name])),
      },
      ExpressionAttributeValues: { ':pk': query.partition, ':prefix': query.sortKeyPrefix },
      ProjectionExpression: query.projection?.map((_, i) => `#p${i}`).join(', '),
      // The inverted index is eventually consistent by nature; the table is read strongly.
      ConsistentRead: onIndex ? undefined : true,
    };
  }
}

/** Every conditional action asks DynamoDB to return the item its condition saw, should it fail. */
function returningOldOnFailure(action: TransactAction): TransactAction {
  const old = { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } as const;
  if (action.Put?.ConditionExpression) return { Put: { ...action.Put, ...old } };
  if (action.Update?.ConditionExpression) return { Update: { ...action.Update, ...old } };
  if (action.Delete?.ConditionExpression) return { Delete: { ...action.Delete, ...old } };
  if (action.ConditionCheck) return { ConditionCheck: { ...action.ConditionCheck, ...old } };
  return action;
}

function oldImage(item: Parameters<typeof unmarshall>[0] | undefined): Item | undefined {
  return item === undefined ? undefined : unmarshall(item);
}

/**
 * Whether a transaction whose every reply was lost (the SDK gave up: DynamoDB unavailable) did
 * commit, as its witness says. Asked only when the failure leaves it open; a read that fails too
 * leaves it open, and the transaction counts as not committed (the caller answers 503).
 */
async function committedAfterAll(witness: CommitWitness, token: string, error: unknown): Promise<boolean> {
  if (error instanceof TransactionCanceledException || classifyDynamoFailure(error) !== 'unavailable') return false;
  return witness.committed(token).catch(() => false);
}

function dedupeKeys(itemKeys: readonly ItemKey[]): ItemKey[] {
  const seen = new Map<string, ItemKey>();
  for (const key of itemKeys) seen.set(`${key[KEY.partition]}\u0000${key[KEY.sort]}`, key);
  return [...seen.values()];
}

export { chunk };
