import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, SK_PREFIX } from '../../service/src/store/keys';
import { seedDeepStore } from '../lib/fixtures';
import { Api } from '../lib/http';
import { atMost, type Figure } from '../lib/report';
import type { BenchService } from '../lib/service';
import { msSince } from '../lib/stats';

/** The answer a store-wide delete owes at any store size (issue: well inside the function's 10 s). */
const ANSWER_LIMIT_MS = 2_000;

export interface StoreWideDelete {
  /** Profiles in the store, all members of one segment. */
  profiles: number;
  /** `DELETE /shopper-profiles` with no filter: until it answered. */
  answerMs: number;
  /** Until the deferred cleanup (the stream's work in AWS) finished and no profile, marker or edge is stored. */
  storageGoneMs: number;
  /** Items left under the store's profiles and the segment's members once the cleanup finished (0 expected). */
  itemsLeft: number;
}

/** Items stored under one partition with a sort-key prefix, counted by DynamoDB. */
async function itemsUnder(service: BenchService, partition: string, prefix: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await service.db.send(
      new QueryCommand({
        TableName: service.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/**
 * A store of `profiles` profiles, all members of one segment (bulk-loaded as the write paths
 * leave them), then `DELETE /shopper-profiles` with no filter: the time until it answers, and the
 * time until the cleanup it leaves behind has removed every profile, marker and edge.
 */
export async function measureStoreWideDelete(service: BenchService, profiles: number): Promise<StoreWideDelete> {
  const deep = await seedDeepStore(service, `bench-delete-${profiles}`, profiles);
  const api = new Api(service.origin, deep.storeHash, deep.token);
  const started = process.hrtime.bigint();
  await api.expect(204, 'DELETE', '/shopper-profiles');
  const answerMs = msSince(started);
  await service.cleanup.drain();
  const storageGoneMs = msSince(started);
  const itemsLeft =
    (await itemsUnder(service, keys.profilesPartition(deep.storeHash), SK_PREFIX.profile)) +
    (await itemsUnder(service, keys.profilesPartition(deep.storeHash), SK_PREFIX.customer)) +
    (await itemsUnder(service, keys.membersPartition(deep.storeHash, deep.segmentId), SK_PREFIX.profile));
  return { profiles, answerMs, storageGoneMs, itemsLeft };
}

export function storeWideDeleteFigures(results: readonly StoreWideDelete[]): Figure[] {
  return results.flatMap((result): Figure[] => {
    const size = result.profiles.toLocaleString('en');
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    return [
      {
        id: `deletes.allProfiles.${result.profiles}.answer`,
        section: '8. Store-wide deletes (DELETE /shopper-profiles, no filter)',
        name: `DELETE /shopper-profiles (no filter), ${size} profiles in one segment: answer`,
        value: seconds(result.answerMs),
        ...atMost(result.answerMs, ANSWER_LIMIT_MS),
      },
      {
        id: `deletes.allProfiles.${result.profiles}.storageGone`,
        section: '8. Store-wide deletes (DELETE /shopper-profiles, no filter)',
        name: `… until no profile, marker or edge is stored (${result.itemsLeft} left)`,
        value: seconds(result.storageGoneMs),
        target: '',
      },
    ];
  });
}
