import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Capacity, type StoredItem, type TransactWriteAction, transactWriteUnits } from './cost';

/** Commands that accept `ReturnConsumedCapacity`, and which kind of unit each consumes. */
const CAPACITY_KIND: Record<string, 'read' | 'write'> = {
  GetItemCommand: 'read',
  BatchGetItemCommand: 'read',
  QueryCommand: 'read',
  ScanCommand: 'read',
  TransactGetItemsCommand: 'read',
  PutItemCommand: 'write',
  UpdateItemCommand: 'write',
  DeleteItemCommand: 'write',
  BatchWriteItemCommand: 'write',
  TransactWriteItemsCommand: 'write',
};

interface ConsumedCapacityEntry {
  CapacityUnits?: number;
}

/** What a counter saw since it was last reset. */
export interface Counts {
  /** Commands sent, by command name (`QueryCommand`, …); a retried command counts once. */
  commands: Record<string, number>;
  /** Every command sent. */
  requests: number;
  /** HTTP attempts, retries included (equal to `requests` unless DynamoDB throttled or failed). */
  attempts: number;
  capacity: Capacity;
}

/** Looks up what the table holds under each action's key, before a transaction runs. */
export type TransactionInspector = (actions: readonly TransactWriteAction[]) => Promise<(StoredItem | undefined)[]>;

/**
 * The units one command consumed. DynamoDB Local reports the consumed capacity of single-item
 * operations, batches and queries as DynamoDB does, except that a read of nothing reports 0 where
 * DynamoDB charges its minimum (½ unit eventually consistent, 1 strongly). It does not report
 * transactions faithfully, so a TransactWriteItems is priced from its actions
 * (`transactWriteUnits`) and a TransactGetItems at two units per item (all items here are < 4 KB).
 */
export function unitsOf(
  command: string,
  input: Record<string, unknown>,
  consumed: unknown,
  indexAttributes: readonly string[],
  stored?: readonly (StoredItem | undefined)[],
): Capacity {
  const kind = CAPACITY_KIND[command];
  if (!kind) return { readUnits: 0, writeUnits: 0 };
  const entries = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as ConsumedCapacityEntry[];
  let units = entries.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
  if (command === 'TransactWriteItemsCommand') {
    const { table, index } = transactWriteUnits((input.TransactItems ?? []) as TransactWriteAction[], indexAttributes, stored);
    units = table + index;
  } else if (command === 'TransactGetItemsCommand') {
    units = 2 * ((input.TransactItems as unknown[] | undefined)?.length ?? 0);
  } else if (command === 'GetItemCommand' || command === 'QueryCommand' || command === 'ScanCommand') {
    units = Math.max(units, input.ConsistentRead ? 1 : 0.5);
  }
  return kind === 'read' ? { readUnits: units, writeUnits: 0 } : { readUnits: 0, writeUnits: units };
}

/**
 * Counts the DynamoDB requests a client sends, per command, and the capacity they consume.
 * Attached to the service's own client, it sees exactly what the service asks DynamoDB for.
 */
export class RequestCounter {
  private static attachments = 0;
  private counts: Counts = RequestCounter.empty();
  /** Set while counting (not while timing): reads what each transaction overwrites or deletes, to price it exactly. */
  inspector: TransactionInspector | undefined;

  /** @param indexAttributes the partition-key attributes of the table's secondary indexes */
  constructor(private readonly indexAttributes: readonly string[] = []) {}

  static empty(): Counts {
    return { commands: {}, requests: 0, attempts: 0, capacity: { readUnits: 0, writeUnits: 0 } };
  }

  /**
   * Adds the middleware to a client (and so to every DocumentClient built on it). Every command
   * that accepts it is sent with `ReturnConsumedCapacity: 'INDEXES'` (the total, index writes included): the service itself never asks
   * for it, and the answer is only read here.
   */
  attach(client: DynamoDBClient): this {
    // Named apart, so that two counters can count one client (the total and a part of it).
    const id = ++RequestCounter.attachments;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? 'unknown';
        const input = args.input as Record<string, unknown>;
        if (CAPACITY_KIND[command]) input.ReturnConsumedCapacity = 'INDEXES';
        const stored =
          command === 'TransactWriteItemsCommand' && this.inspector
            ? await this.inspector((input.TransactItems ?? []) as TransactWriteAction[])
            : undefined;
        this.recordCommand(command);
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        this.recordCapacity(unitsOf(command, input, consumed, this.indexAttributes, stored));
        return result;
      },
      { step: 'initialize', name: `benchRequestCounter${id}`, priority: 'high' },
    );
    // Inside the retry loop: one call per HTTP attempt.
    client.middlewareStack.add(
      (next) => async (args) => {
        this.counts.attempts += 1;
        return next(args);
      },
      { step: 'deserialize', name: `benchAttemptCounter${id}`, priority: 'low' },
    );
    return this;
  }

  recordCommand(command: string): void {
    this.counts.commands[command] = (this.counts.commands[command] ?? 0) + 1;
    this.counts.requests += 1;
  }

  recordCapacity(capacity: Capacity): void {
    this.counts.capacity.readUnits += capacity.readUnits;
    this.counts.capacity.writeUnits += capacity.writeUnits;
  }

  reset(): void {
    this.counts = RequestCounter.empty();
  }

  /** A copy of the counts so far. */
  snapshot(): Counts {
    return { ...this.counts, commands: { ...this.counts.commands }, capacity: { ...this.counts.capacity } };
  }
}

/** `after - before`, command by command (for what happened between two snapshots). */
export function difference(after: Counts, before: Counts): Counts {
  const commands: Record<string, number> = {};
  for (const [name, n] of Object.entries(after.commands)) {
    const delta = n - (before.commands[name] ?? 0);
    if (delta > 0) commands[name] = delta;
  }
  return {
    commands,
    requests: after.requests - before.requests,
    attempts: after.attempts - before.attempts,
    capacity: {
      readUnits: after.capacity.readUnits - before.capacity.readUnits,
      writeUnits: after.capacity.writeUnits - before.capacity.writeUnits,
    },
  };
}
