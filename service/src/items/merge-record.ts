/**
 * What a guest merge leaves: `STORE#<h>#PROFILES` / `MERGED#<guest_id>`, so the same merge sent
 * again answers the same profile and finishes a merge that failed part-way. It carries DynamoDB's
 * time to live; a record past it is ignored even before DynamoDB removes it.
 */
import { keys } from '../store/keys';
import { TTL_ATTRIBUTE } from '../store/schema';
import type { TransactAction } from '../store/table';
import { fieldsOf, isNumber, isString, meaningAs, type StoredImage } from './image';

/** How long a completed merge is remembered: a day, ample for a client's retries. */
export const MERGE_MEMORY_SECONDS = 24 * 3600;

/**
 * Where a merge stands: `adopted` (the guest's profile is the customer's, its membership copies
 * may still name the guest), `folding` (the guest's segments are being added to the customer's
 * profile and the guest's profile deleted), `done`.
 */
export type MergeState = 'adopted' | 'folding' | 'done';
const STATES: readonly MergeState[] = ['adopted', 'folding', 'done'];
const isMergeState = (value: unknown): value is MergeState => STATES.some((state) => state === value);

export interface MergeRecord {
  guest_id: string;
  customer_id: number;
  /** The guest's profile when the merge began. */
  guest_profile_id: string;
  /** The customer's profile afterwards. */
  profile_id: string;
  state: MergeState;
  [TTL_ATTRIBUTE]: number;
}

export const mergeRecordKey = keys.guestMerge;

const nowSeconds = () => Math.floor(Date.now() / 1000);

export function newMergeRecord(merge: {
  guestId: string;
  customerId: number;
  guestProfileId: string;
  profileId: string;
  state: MergeState;
}): MergeRecord {
  return {
    guest_id: merge.guestId,
    customer_id: merge.customerId,
    guest_profile_id: merge.guestProfileId,
    profile_id: merge.profileId,
    state: merge.state,
    [TTL_ATTRIBUTE]: nowSeconds() + MERGE_MEMORY_SECONDS,
  };
}

/** Whether a record still counts (DynamoDB removes expired items late). */
export function isRemembered(record: MergeRecord): boolean {
  return record[TTL_ATTRIBUTE] > nowSeconds();
}

/** The record an image holds, with its store; undefined for an image of anything else. Pure. */
export function decodeMergeRecord(image: StoredImage | undefined): (MergeRecord & { storeHash: string }) | undefined {
  const meaning = meaningAs(image, 'merge-record');
  const fields =
    image &&
    fieldsOf(image, {
      customer_id: isNumber,
      guest_profile_id: isString,
      profile_id: isString,
      state: isMergeState,
      [TTL_ATTRIBUTE]: isNumber,
    });
  return meaning && fields && { storeHash: meaning.storeHash, guest_id: meaning.guestId, ...fields };
}

/** Writes (or overwrites) a merge's record. */
export function putMergeRecord(tableName: string, storeHash: string, record: MergeRecord): TransactAction {
  return { Put: { TableName: tableName, Item: { ...mergeRecordKey(storeHash, record.guest_id), ...record } } };
}
