import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { CommitWitness } from '../store/commit-witness';
import { keys } from '../store/keys';
import { KEY, TTL_ATTRIBUTE } from '../store/schema';
import type { Table, TransactAction } from '../store/table';
import type { ClaimOutcome, IdempotencyItem, KeptResponse } from './record';

export interface IdempotencyTimes {
  /** How long a response is kept (24 hours unless configured). */
  replaySeconds: number;
  /** How long a request holds its key before another may take it (the function's timeout and a margin). */
  inFlightSeconds: number;
}

/** A request's hold on a key: what it needs to finish with it. */
export interface Claim {
  storeHash: string;
  key: string;
  lease: string;
  fingerprint: string;
}

const nowSeconds = (now: number) => Math.floor(now / 1000);

/**
 * The idempotency records in the table: claimed with a conditional write before the operation
 * runs, witnessed by its transactions, completed with the response, or released when the
 * operation changed nothing.
 */
export class IdempotencyRecords {
  constructor(
    private readonly table: Table,
    readonly times: IdempotencyTimes,
  ) {}

  /**
   * Claims `key` for a request with this fingerprint: one conditional write. The write succeeds
   * when there is no record, when the record has expired, or when a request of the same
   * fingerprint held it, died (its hold ran out) and changed nothing. Otherwise DynamoDB returns
   * the record it kept (no second request), and what it holds decides the answer.
   */
  async claim(storeHash: string, key: string, fingerprint: string, now = Date.now()): Promise<ClaimOutcome> {
    const lease = randomUUID();
    const item: IdempotencyItem = {
      ...keys.idempotencyRecord(storeHash, key),
      state: 'running',
      fingerprint,
      lease,
      lease_expires_ms: now + this.times.inFlightSeconds * 1000,
      [TTL_ATTRIBUTE]: nowSeconds(now) + this.times.replaySeconds,
    };
    try {
      await this.table.db.send(
        new PutCommand({
          TableName: this.table.name,
          Item: item,
          ConditionExpression:
            'attribute_not_exists(#pk) OR #expires < :now_s OR ' +
            '(#state = :running AND lease_expires_ms < :now_ms AND attribute_not_exists(committed_by) AND fingerprint = :fp)',
          ExpressionAttributeNames: { '#pk': KEY.partition, '#expires': TTL_ATTRIBUTE, '#state': 'state' },
          ExpressionAttributeValues: { ':now_s': nowSeconds(now), ':now_ms': now, ':running': 'running', ':fp': fingerprint },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'claimed', lease };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The document client does not convert the item an exception carries.
      const kept = error.Item ? (unmarshall(error.Item) as IdempotencyItem) : await this.read(storeHash, key);
      return this.outcomeOf(kept, lease, fingerprint, now);
    }
  }

  private outcomeOf(kept: IdempotencyItem | undefined, lease: string, fingerprint: string, now: number): ClaimOutcome {
    // The claim's own write, its reply lost and sent again by the SDK: it is ours.
    if (kept?.lease === lease) return { kind: 'claimed', lease };
    // Gone between the write and the read (released, or removed by its time to live): someone
    // else is about to claim it; the client's retry will find out which.
    if (!kept) return { kind: 'running' };
    if (kept.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (kept.state === 'done' && kept.response) return { kind: 'replay', response: kept.response };
    if (kept.lease_expires_ms <= now && kept.committed_by !== undefined) return { kind: 'unanswered' };
    return { kind: 'running' };
  }

  /** Keeps the response of a request that ran: later requests with the key are answered it. */
  async complete(claim: Claim, response: KeptResponse): Promise<void> {
    await this.table.db.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: keys.idempotencyRecord(claim.storeHash, claim.key),
        UpdateExpression: 'SET #state = :done, #response = :response, lease_expires_ms = :zero',
        ConditionExpression: 'lease = :lease',
        ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
        ExpressionAttributeValues: { ':done': 'done', ':response': response, ':zero': 0, ':lease': claim.lease },
      }),
    );
  }

  /**
   * Lets the key go, for a request that changed nothing: the same request sent again runs again.
   * When the table says otherwise (a commit whose every reply was lost, then not found by the
   * read that asked), the record stays, as `abandon` leaves it.
   */
  async release(claim: Claim): Promise<void> {
    try {
      await this.table.db.send(
        new DeleteCommand({
          TableName: this.table.name,
          Key: keys.idempotencyRecord(claim.storeHash, claim.key),
          ConditionExpression: 'lease = :lease AND attribute_not_exists(committed_by)',
          ExpressionAttributeValues: { ':lease': claim.lease },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      await this.abandon(claim);
    }
  }

  /**
   * Ends the hold of a request that changed the store and then failed: the record stays (a
   * retry must not write the change twice) and is at once `unanswered` to the next request
   * with the key, unless the change was made without a witness (a full transaction), when the
   * next request may take it over and finish (every such change is one that running again finishes).
   */
  async abandon(claim: Claim): Promise<void> {
    await this.table.db.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: keys.idempotencyRecord(claim.storeHash, claim.key),
        UpdateExpression: 'SET lease_expires_ms = :zero',
        ConditionExpression: 'lease = :lease',
        ExpressionAttributeValues: { ':zero': 0, ':lease': claim.lease },
      }),
    );
  }

  /** The witness a claim's transactions carry (../store/commit-witness.ts). */
  witness(claim: Claim, onCommit: () => void, active: () => boolean): CommitWitness {
    const key = keys.idempotencyRecord(claim.storeHash, claim.key);
    return {
      action: (token: string): TransactAction => ({
        Update: {
          TableName: this.table.name,
          Key: key,
          UpdateExpression: 'SET committed_by = :lease, last_commit = :token',
          // Only while this request holds the key: a request whose hold ran out and was taken
          // over by a retry commits nothing, so the two never both write.
          ConditionExpression: 'lease = :lease AND #state = :running',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':lease': claim.lease, ':token': token, ':running': 'running' },
        },
      }),
      committed: async (token) => (await this.read(claim.storeHash, claim.key))?.last_commit === token,
      recordCommit: onCommit,
      active,
    };
  }

  private async read(storeHash: string, key: string): Promise<IdempotencyItem | undefined> {
    const { Item } = await this.table.db.send(
      new GetCommand({ TableName: this.table.name, Key: keys.idempotencyRecord(storeHash, key), ConsistentRead: true }),
    );
    return Item as IdempotencyItem | undefined;
  }
}
