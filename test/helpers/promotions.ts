import type { components } from '../../service/src/generated/openapi-types';
import { keys } from '../../service/src/store/keys';
import { KEY } from '../../service/src/store/schema';
import type { StoreApi } from './api';

export type Targeting = components['schemas']['Targeting'];
export type TargetingExpression = components['schemas']['TargetingExpression'];

/**
 * Every item of the store (as `StoreApi.snapshot`) plus the targeting items: the promotion nodes,
 * the always-candidate item and each segment's targetings item, to prove a refused write wrote nothing.
 */
export async function targetingSnapshot(api: StoreApi, extraSegmentIds: string[] = []): Promise<Record<string, unknown>[]> {
  const items = await api.snapshot();
  const segmentIds = new Set([
    ...items.filter((item) => typeof item.id === 'string' && 'name' in item).map((item) => String(item.id)),
    ...extraSegmentIds,
  ]);
  const partitions = [
    keys.promotionsPartition(api.storeHash),
    keys.alwaysTargetings(api.storeHash)[KEY.partition],
    ...[...segmentIds].map((id) => keys.segmentTargetings(api.storeHash, id)[KEY.partition]),
  ];
  for (const pk of partitions) items.push(...(await api.queryPartition(pk)));
  return items;
}
