/**
 * The list headers: one item leading each list the API pages through (the store's segments, its
 * profiles, its targeted promotions, and each segment's members), holding the list's count and
 * version (and, for members, a count per bucket). How lists and their headers work is the store's
 * (../store/lists.ts); this module names the four and decodes their images.
 */
import { keys, SK_PREFIX } from '../store/keys';
import {
  adjustCount,
  createHeader,
  deleteHeader,
  type ListHeader,
  membersList,
  type PagedList,
  profilesList,
  segmentsList,
} from '../store/lists';
import { KEY } from '../store/schema';
import type { TransactAction } from '../store/table';
import { isNumber, meaningOf, type StoredImage } from './image';

export type { ListHeader, PagedList };
export { adjustCount, createHeader, deleteHeader, membersList, profilesList, segmentsList };

/** The store's targeted promotions, counted for the per-store limit. */
export const promotionsList = (storeHash: string): PagedList => ({
  partition: keys.promotionsPartition(storeHash),
  sortKeyPrefix: SK_PREFIX.promotion,
  header: keys.listHeader(keys.promotionsPartition(storeHash), SK_PREFIX.promotion),
  countAttribute: 'promotion_count',
  versionAttribute: 'promotion_version',
});

/** The store's webhooks, counted for the per-store limit (../hooks/). */
export const hooksList = (storeHash: string): PagedList => ({
  partition: keys.hooksPartition(storeHash),
  sortKeyPrefix: SK_PREFIX.hook,
  header: keys.listHeader(keys.hooksPartition(storeHash), SK_PREFIX.hook),
  countAttribute: 'hook_count',
  versionAttribute: 'hook_version',
});

/** A decoded header: which list, of which store (and segment), and its count. */
export type DecodedListHeader =
  | { list: 'segments' | 'profiles' | 'promotions'; storeHash: string; count: number }
  | { list: 'members'; storeHash: string; segmentId: string; count: number };

/** The header an image holds; undefined for an image of anything else. Pure. */
export function decodeListHeader(image: StoredImage | undefined): DecodedListHeader | undefined {
  const meaning = meaningOf(image);
  if (!meaning || !image) return undefined;
  const count = (list: PagedList) => {
    const value = image[list.countAttribute];
    return isNumber(value) ? value : 0;
  };
  switch (meaning.kind) {
    case 'segments-header':
      return { list: 'segments', storeHash: meaning.storeHash, count: count(segmentsList(meaning.storeHash)) };
    case 'profiles-header':
      return { list: 'profiles', storeHash: meaning.storeHash, count: count(profilesList(meaning.storeHash)) };
    case 'promotions-header':
      return { list: 'promotions', storeHash: meaning.storeHash, count: count(promotionsList(meaning.storeHash)) };
    case 'members-header':
      return {
        list: 'members',
        storeHash: meaning.storeHash,
        segmentId: meaning.segmentId,
        count: count(membersList(meaning.storeHash, meaning.segmentId)),
      };
    default:
      return undefined;
  }
}

/** Moves a segment's member count (and its buckets' counts), on condition the segment still exists. */
export function adjustMemberCount(
  tableName: string,
  storeHash: string,
  segmentId: string,
  delta: number,
  profileIds: readonly string[],
): TransactAction {
  const changed = profileIds.map((id) => keys.membership(storeHash, segmentId, id)[KEY.sort]);
  return adjustCount(tableName, membersList(storeHash, segmentId), delta, { mustExist: true, changed });
}
