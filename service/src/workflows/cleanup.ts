import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { backOff } from 'exponential-backoff';
import { nodeOf } from '../items';
import { decodeDeleteAllRecord } from '../items/list-header';
import { decodeProfile } from '../items/profile';
import type { Logger } from '../logger';
import type { MembershipsRepository } from '../memberships/memberships.repository';
import type { SegmentsRepository } from '../segments/segments.repository';
import type { ShopperProfilesRepository } from '../shopper-profiles/shopper-profiles.repository';
import { outsideRequest } from '../store/commit-witness';

/**
 * Work left behind by a delete, too much to do within an API request and hidden from every read
 * until it is done: a deleted segment's memberships (there may be 100,000 of them); a profile's
 * edges after it was deleted (it may be in 1000 segments); and after a delete of every profile,
 * the profiles up to its limit, their owners' markers and their edges.
 */
export type CleanupTask =
  | { kind: 'segment-deleted'; storeHash: string; segmentId: string }
  | { kind: 'profiles-deleted'; storeHash: string; departures: { profileId: string; segmentIds: string[] }[] }
  | { kind: 'profiles-deleted-through'; storeHash: string; through: string };

/** What the cleanup works on. */
export interface CleanupResources {
  memberships: MembershipsRepository;
  profiles: ShopperProfilesRepository;
  segments: SegmentsRepository;
}

/**
 * The cleanup a stream record calls for: a segment node removed; a profile node removed by a
 * delete of it (it was tombstoned first: a profile removed by a delete of every profile is the
 * cleanup's own work); the record of a delete of every profile inserted. Told by the items' own
 * decoders, as the stack's stream filter reads the same `entity` attribute.
 */
export function cleanupTaskOf(record: DynamoDBRecord): CleanupTask | undefined {
  const old = imageOf(record.dynamodb?.OldImage);
  if (record.eventName === 'INSERT') {
    const deletion = decodeDeleteAllRecord(imageOf(record.dynamodb?.NewImage));
    return deletion && { kind: 'profiles-deleted-through', ...deletion };
  }
  if (record.eventName !== 'REMOVE' || !old) return undefined;
  const node = nodeOf(old);
  if (node?.entity === 'segment') return { kind: 'segment-deleted', storeHash: node.storeHash, segmentId: node.id };
  const profile = decodeProfile(old);
  if (node?.entity === 'profile' && profile?.tombstoned) {
    return { kind: 'profiles-deleted', storeHash: node.storeHash, departures: [{ profileId: node.id, segmentIds: profile.segmentIds }] };
  }
  return undefined;
}

// aws-lambda's AttributeValue type and the SDK's describe the same wire form.
function imageOf(image: unknown): Record<string, unknown> | undefined {
  return image ? unmarshall(image as Record<string, AttributeValue>) : undefined;
}

/** Profiles (and their edges and markers) removed a page at a time after a delete of every profile. */
const SWEEP_PAGE = 100;

/** Removes what a task names; safe to run twice (the stream may deliver a record again). Answers the items removed. */
export async function runCleanupTask(resources: CleanupResources, task: CleanupTask): Promise<number> {
  const { memberships, profiles, segments } = resources;
  switch (task.kind) {
    case 'segment-deleted':
      return memberships.removeAllOfSegment(task.storeHash, task.segmentId);
    case 'profiles-deleted':
      return memberships.removeDepartedEdges(task.storeHash, task.departures);
    case 'profiles-deleted-through': {
      let removed = 0;
      for await (const page of profiles.storedThrough(task.storeHash, task.through, SWEEP_PAGE)) {
        const edges = page.flatMap((profile) =>
          [...(profile.segment_ids ?? [])].map((segmentId) => ({ segmentId, profileId: profile.id })),
        );
        await memberships.removeHiddenEdges(task.storeHash, edges);
        await profiles.removeStored(task.storeHash, page);
        removed += page.length + edges.length;
      }
      const segmentIds = (await segments.readForDelete(task.storeHash, undefined)).map((segment) => segment.id);
      await memberships.stopHidingThrough(task.storeHash, segmentIds, task.through);
      await profiles.forgetDeleteAll(task.storeHash, task.through);
      return removed;
    }
  }
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
export async function runWithRetries(resources: CleanupResources, task: CleanupTask, logger: Logger, retry: CleanupRetry): Promise<number> {
  let attempt = 0;
  return backOff(() => runCleanupTask(resources, task), {
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
    private readonly resources: CleanupResources,
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
      this.stats.removed += await runWithRetries(this.resources, task, counting, this.retry);
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
    private readonly resources: CleanupResources,
    private readonly logger: Logger,
    private readonly retry: CleanupRetry = { startingDelayMs: 100, maxDelayMs: 1000, attempts: 4 },
  ) {}

  async schedule(task: CleanupTask): Promise<void> {
    await runWithRetries(this.resources, task, this.logger, this.retry);
  }
}

/** In AWS: the table's stream delivers every removed segment and profile to the cleanup function. */
export const streamDrivenCleanup: CleanupScheduler = {
  schedule: async () => {},
};
