import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LimitReached, NotFound } from '../errors';
import { adjustCount, hooksList } from '../items/list-header';
import { LIMITS } from '../limits';
import { newId } from '../store/ids';
import { keys, SK_PREFIX } from '../store/keys';
import { ConditionsFailed, ITEM_ABSENT, ITEM_EXISTS, type Table } from '../store/table';
import { HOOK_ENTITY, type Hook, type HookItem, type HookPost, type HookPut, toHook } from './hook';
import { formatSecret, newSigningSecret, type SecretSealer } from './secrets';

/** How long the previous secret keeps signing after a rotation (documented in the API and docs/webhooks.md). */
export const SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

function hookLimitReached(): LimitReached {
  return new LimitReached(`A store has at most ${LIMITS.hooksPerStore} hooks.`, {
    hooks: `The store has ${LIMITS.hooksPerStore} hooks already.`,
  });
}

function hookNotFound(hookId: string): NotFound {
  return new NotFound('hook', 'The hook does not exist.', { hookId: `Hook ${hookId} is not a hook of this store.` });
}

/** A hook as created or rotated: the one answer that shows its secret. */
export interface HookWithSecret {
  hook: Hook;
  secret: string;
}

/** The delivery state a run reads when it claims a hook. */
export type ClaimedHook = HookItem;

/**
 * Data access for webhooks: one item a hook under the store's hooks partition, with a counted
 * header for the per-store limit. The secret is sealed before it is written and opened only for
 * signing; the API never reads it back.
 */
export class HooksRepository {
  constructor(
    private readonly table: Table,
    private readonly sealer: SecretSealer,
  ) {}

  /** Creates a hook that starts delivering at `cursor` (the feed's end when it is created). */
  async create(storeHash: string, body: HookPost, cursor: string, now = new Date()): Promise<HookWithSecret> {
    const id = newId(now.getTime());
    const secret = newSigningSecret();
    const at = now.toISOString();
    const item: HookItem = {
      entity: HOOK_ENTITY,
      store_hash: storeHash,
      id,
      scope: body.scope,
      destination: body.destination,
      is_active: body.is_active ?? true,
      headers: body.headers ?? {},
      created_at: at,
      updated_at: at,
      secret: await this.sealer.seal(secret, { storeHash, hookId: id }),
      cursor,
      attempts: 0,
    };
    try {
      await this.table.transact([
        { Put: { TableName: this.table.name, Item: { ...keys.hook(storeHash, id), ...item }, ConditionExpression: ITEM_ABSENT } },
        adjustCount(this.table.name, hooksList(storeHash), 1, { ceiling: LIMITS.hooksPerStore }),
        { Put: { TableName: this.table.name, Item: { ...keys.hookedStore(storeHash), store_hash: storeHash } } },
      ]);
    } catch (error) {
      if (error instanceof ConditionsFailed && error.failed.includes(1)) throw hookLimitReached();
      throw error;
    }
    return { hook: toHook(item), secret: formatSecret(secret) };
  }

  async list(storeHash: string): Promise<Hook[]> {
    return (await this.items(storeHash)).map(toHook);
  }

  /** Every hook item of a store, delivery state included (for the delivery runs). */
  async items(storeHash: string): Promise<HookItem[]> {
    return this.table.queryAll<HookItem>({ partition: keys.hooksPartition(storeHash), sortKeyPrefix: SK_PREFIX.hook });
  }

  async get(storeHash: string, hookId: string): Promise<Hook> {
    return toHook(await this.item(storeHash, hookId));
  }

  async item(storeHash: string, hookId: string): Promise<HookItem> {
    const item = await this.table.get<HookItem>(keys.hook(storeHash, hookId));
    if (!item) throw hookNotFound(hookId);
    return item;
  }

  /**
   * Replaces the fields given. Turning a hook back on clears its failure count, so it starts
   * again at once from the event that failed.
   */
  async update(storeHash: string, hookId: string, changes: HookPut, now = new Date()): Promise<Hook> {
    const names: Record<string, string> = { '#updated_at': 'updated_at' };
    const values: Record<string, unknown> = { ':updated_at': now.toISOString() };
    const sets = ['#updated_at = :updated_at'];
    const removes: string[] = [];
    for (const field of ['scope', 'destination', 'is_active', 'headers'] as const) {
      if (changes[field] === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = changes[field];
      sets.push(`#${field} = :${field}`);
    }
    if (changes.is_active === true) {
      names['#attempts'] = 'attempts';
      names['#next'] = 'next_attempt_at';
      values[':zero'] = 0;
      sets.push('#attempts = :zero');
      removes.push('#next');
    }
    try {
      const { Attributes } = await this.table.db.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.hook(storeHash, hookId),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: ITEM_EXISTS,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toHook(Attributes as HookItem);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw hookNotFound(hookId);
      throw error;
    }
  }

  /** Deletes a hook; deleting one that is not there is not an error (the API answers 204 either way). */
  async delete(storeHash: string, hookId: string): Promise<void> {
    try {
      await this.table.transact([
        { Delete: { TableName: this.table.name, Key: keys.hook(storeHash, hookId), ConditionExpression: ITEM_EXISTS } },
        adjustCount(this.table.name, hooksList(storeHash), -1),
      ]);
    } catch (error) {
      if (!(error instanceof ConditionsFailed)) throw error;
    }
  }

  /**
   * A new secret; the current one becomes the previous and signs beside it for `SECRET_GRACE_MS`.
   * The write is conditioned on the secret it replaces, so of two rotations at once the second
   * finds it changed and starts again from what the first wrote: one of them is the previous.
   */
  async rotateSecret(storeHash: string, hookId: string, now = new Date()): Promise<HookWithSecret> {
    for (let attempt = 0; ; attempt++) {
      const item = await this.item(storeHash, hookId);
      const secret = newSigningSecret();
      const sealed = await this.sealer.seal(secret, { storeHash, hookId });
      try {
        const { Attributes } = await this.table.db.send(
          new UpdateCommand({
            TableName: this.table.name,
            Key: keys.hook(storeHash, hookId),
            UpdateExpression: 'SET #secret = :new, #previous = :old, #until = :until, #updated = :now',
            ConditionExpression: '#secret = :old',
            ExpressionAttributeNames: {
              '#secret': 'secret',
              '#previous': 'previous_secret',
              '#until': 'previous_secret_until',
              '#updated': 'updated_at',
            },
            ExpressionAttributeValues: {
              ':new': sealed,
              ':old': item.secret,
              ':until': new Date(now.getTime() + SECRET_GRACE_MS).toISOString(),
              ':now': now.toISOString(),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { hook: toHook(Attributes as HookItem), secret: formatSecret(secret) };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= 2) throw error;
      }
    }
  }

  /** The secrets a delivery is signed with now: the current one, and the previous within its grace period. */
  async signingSecrets(item: HookItem, now = new Date()): Promise<Buffer[]> {
    const context = { storeHash: item.store_hash, hookId: item.id };
    const secrets = [await this.sealer.open(item.secret, context)];
    if (item.previous_secret && item.previous_secret_until && Date.parse(item.previous_secret_until) > now.getTime()) {
      secrets.push(await this.sealer.open(item.previous_secret, context));
    }
    return secrets;
  }

  /**
   * Takes a hook for one delivery run, if it is active, due, and no other run holds it: one run
   * a hook at a time is what keeps its events in order. The lease runs out by itself if the
   * run dies, so a crashed run delays the hook by `leaseMs` at most.
   */
  async claim(storeHash: string, hookId: string, owner: string, leaseMs: number, now = Date.now()): Promise<ClaimedHook | undefined> {
    try {
      const { Attributes } = await this.table.db.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.hook(storeHash, hookId),
          UpdateExpression: 'SET #owner = :owner, #until = :until',
          ConditionExpression: `${ITEM_EXISTS} AND #active = :true AND (attribute_not_exists(#until) OR #until < :now) AND (attribute_not_exists(#next) OR #next <= :now)`,
          ExpressionAttributeNames: {
            '#owner': 'lease_owner',
            '#until': 'lease_until',
            '#active': 'is_active',
            '#next': 'next_attempt_at',
          },
          ExpressionAttributeValues: { ':owner': owner, ':until': now + leaseMs, ':now': now, ':true': true },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes as ClaimedHook;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /**
   * Moves the hook past an acknowledged (or out-of-scope) event and extends the lease, if the run
   * still holds it. False when it does not (the hook was deleted, or the lease ran out and another
   * run took it): the run must stop, and the event will be sent again (at least once).
   */
  async advance(storeHash: string, hookId: string, owner: string, cursor: string, leaseMs: number, now = Date.now()): Promise<boolean> {
    return this.whileHeld(storeHash, hookId, owner, {
      UpdateExpression: 'SET #cursor = :cursor, #attempts = :zero, #until = :until REMOVE #next',
      ExpressionAttributeNames: { '#cursor': 'cursor', '#attempts': 'attempts', '#until': 'lease_until', '#next': 'next_attempt_at' },
      ExpressionAttributeValues: { ':cursor': cursor, ':zero': 0, ':until': now + leaseMs },
    });
  }

  /** Records a failed attempt: the next one after `retryAt`, or the hook switched off when `deactivate`. Releases the lease. */
  async recordFailure(
    storeHash: string,
    hookId: string,
    owner: string,
    outcome: { attempts: number; retryAt: number; deactivate: boolean },
    now = new Date(),
  ): Promise<boolean> {
    return this.whileHeld(storeHash, hookId, owner, {
      UpdateExpression: outcome.deactivate
        ? 'SET #attempts = :attempts, #active = :false, #updated = :now REMOVE #until, #next'
        : 'SET #attempts = :attempts, #next = :next REMOVE #until',
      ExpressionAttributeNames: {
        '#attempts': 'attempts',
        '#until': 'lease_until',
        '#next': 'next_attempt_at',
        ...(outcome.deactivate ? { '#active': 'is_active', '#updated': 'updated_at' } : {}),
      },
      ExpressionAttributeValues: {
        ':attempts': outcome.attempts,
        ...(outcome.deactivate ? { ':false': false, ':now': now.toISOString() } : { ':next': outcome.retryAt }),
      },
    });
  }

  /** Gives the hook back when a run has nothing more to send. */
  async release(storeHash: string, hookId: string, owner: string): Promise<void> {
    await this.whileHeld(storeHash, hookId, owner, {
      UpdateExpression: 'REMOVE #until',
      ExpressionAttributeNames: { '#until': 'lease_until' },
    });
  }

  /** The stores that have (or had) hooks: what the delivery loop of `npm start` visits. */
  async hookedStores(): Promise<string[]> {
    const items = await this.table.queryAll<{ store_hash: string }>({
      partition: keys.hookedStoresPartition,
      sortKeyPrefix: SK_PREFIX.hookedStore,
    });
    return items.map((item) => item.store_hash);
  }

  private async whileHeld(
    storeHash: string,
    hookId: string,
    owner: string,
    update: {
      UpdateExpression: string;
      ExpressionAttributeNames: Record<string, string>;
      ExpressionAttributeValues?: Record<string, unknown>;
    },
  ): Promise<boolean> {
    try {
      await this.table.db.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.hook(storeHash, hookId),
          ...update,
          ConditionExpression: `${ITEM_EXISTS} AND #owner = :owner`,
          ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#owner': 'lease_owner' },
          ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':owner': owner },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
