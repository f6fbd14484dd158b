import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { backOff } from 'exponential-backoff';
import { nodeOf } from '../items';
import type { Logger } from '../logger';
import type { MembershipsRepository } from '../memberships/memberships.repository';
import { outsideRequest } from '../store/commit-witness';

/**
 * Work left behind by a delete: a deleted segment's memberships (there may be 100,000 of them,
 * too many to remove within an API request), and a second sweep after a profile is deleted,
 * for an edge that a concurrent add wrote while the profile was going.
 */
export type CleanupTask =
  | { kind: 'segment-deleted'; storeHash: string; segmentId: string }
  | { kind: 'profile-deleted'; storeHash: string; profileId: string };

/**
 * The cleanup a stream record calls for: a segment or shopper profile node that was removed,
 * told by the nodes' own self-description (`nodeOf`), which the stack's stream filter reads too.
 */
export function cleanupTaskOf(record: DynamoDBRecord): CleanupTask | undefined {
  const old = record.dynamodb?.OldImage;
  if (record.eventName !== 'REMOVE' || !old) return undefined;
  // aws-lambda's AttributeValue type and the SDK's describe the same wire form.
  const node = nodeOf(unmarshall(old as Record<string, AttributeValue>));
  if (node?.entity === 'segment') return { kind: 'segment-deleted', storeHash: node.storeHash, segmentId: node.id };
  if (node?.entity === 'profile') return { kind: 'profile-deleted', storeHash: node.storeHash, profileId: node.id };
  return undefined;
}

/** Removes what a task names; safe to run twice (the stream may deliver a record again). */
export async function runCleanupTask(memberships: MembershipsRepository, task: CleanupTask): Promise<number> {
  return task.kind === 'segment-deleted'
    ? memberships.removeAllOfSegment(task.storeHash, task.segmentId)
    : memberships.removeStrayEdgesOfProfile(task.storeHash, task.profileId);
}

/** Where cleanup runs once a delete has answered. */
export interface CleanupScheduler {
  schedule(task: CleanupTask): Promise<void>;
}

/** How failed cleanup work is tried again: exponential backoff with full jitter, capped. */
export interface CleanupRetry {
  startingDelayMs: number;
  maxDelayMs: number;
  /** Infinity: until done. */
  attempts: number;
}

export const UNTIL_DONE: CleanupRetry = { startingDelayMs: 200, maxDelayMs: 30_000, attempts: Number.POSITIVE_INFINITY };

/**
 * Runs a task, trying again after each failure (logged with the attempt and the wait before the
 * next) until it is done or `retry.attempts` have failed; the last failure is thrown.
 */
export async function runWithRetries(
  memberships: MembershipsRepository,
  task: CleanupTask,
  logger: Logger,
  retry: CleanupRetry,
): Promise<number> {
  let attempt = 0;
  return backOff(() => runCleanupTask(memberships, task), {
    numOfAttempts: retry.attempts,
    startingDelay: retry.startingDelayMs,
    maxDelay: retry.maxDelayMs,
    jitter: 'full',
    retry: (error) => {
      attempt += 1;
      logger.error('cleanup failed; retrying', { task, attempt, error: error instanceof Error ? error.message : String(error) });
      return true;
    },
  });
}

/**
 * For `npm start` and the tests: cleanup runs in this process after the response, one task at a
 * time, each retried until done (a failing DynamoDB holds the queue back rather than losing work).
 * `idle()` resolves when everything scheduled so far is done.
 */
export class InProcessCleanup implements CleanupScheduler {
  private queue: Promise<void> = Promise.resolve();
  readonly stats = { tasks: 0, removed: 0, failed: 0 };

  constructor(
    private readonly memberships: MembershipsRepository,
    private readonly logger: Logger,
    private readonly retry: CleanupRetry = UNTIL_DONE,
  ) {}

  async schedule(task: CleanupTask): Promise<void> {
    // Queued by a request, run after it: outside its idempotency witness (../store/commit-witness.ts).
    this.queue = this.queue.then(() => outsideRequest(() => this.runQueued(task)));
  }

  private async runQueued(task: CleanupTask): Promise<void> {
    const counting: Logger = {
      info: this.logger.info,
      error: (msg, fields) => {
        this.stats.failed += 1;
        this.logger.error(msg, fields);
      },
    };
    try {
      this.stats.removed += await runWithRetries(this.memberships, task, counting, this.retry);
      this.stats.tasks += 1;
    } catch (error) {
      this.logger.error('cleanup abandoned', { task, error: error instanceof Error ? error.message : String(error) });
    }
  }

  idle(): Promise<void> {
    return this.queue;
  }
}

/**
 * For a Lambda with no stream behind it: the delete request does the cleanup before it answers,
 * trying a few times; past them the request fails (503) and the client sends the delete again.
 */
export class InlineCleanup implements CleanupScheduler {
  constructor(
    private readonly memberships: MembershipsRepository,
    private readonly logger: Logger,
    private readonly retry: CleanupRetry = { startingDelayMs: 100, maxDelayMs: 1000, attempts: 4 },
  ) {}

  async schedule(task: CleanupTask): Promise<void> {
    await runWithRetries(this.memberships, task, this.logger, this.retry);
  }
}

/** In AWS: the table's stream delivers every removed segment and profile to the cleanup function. */
export const streamDrivenCleanup: CleanupScheduler = {
  schedule: async () => {},
};
