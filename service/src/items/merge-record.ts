/**
 * What a guest merge leaves: `STORE#<h>#PROFILES` / `MERGED#<guest_id>`, so the same merge sent
 * again answers the same profile and finishes a merge that failed part-way. It carries DynamoDB's
 * time to live; a record past it is ignored even before DynamoDB removes it.
 */
import { keys } from '../store/keys';
import { TTL_ATTRIBUTE } from '../store/schema';
import type { TransactAction } from '../store/table';
import { isNumber, isString, meaningAs, type StoredImage } from './image';

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
  if (!meaning || !image) return undefined;
  const { customer_id, guest_profile_id, profile_id, state } = image;
  const expires = image[TTL_ATTRIBUTE];
  if (!isNumber(customer_id) || !isString(guest_profile_id) || !isString(profile_id) || !isNumber(expires)) return undefined;
  if (!isMergeState(state)) return undefined;
  return {
    storeHash: meaning.storeHash,
    guest_id: meaning.guestId,
    customer_id,
    guest_profile_id,
    profile_id,
    state,
    [TTL_ATTRIBUTE]: expires,
  };
}

/** Writes (or overwrites) a merge's record. */
export function putMergeRecord(tableName: string, storeHash: string, record: MergeRecord): TransactAction {
  return { Put: { TableName: tableName, Item: { ...mergeRecordKey(storeHash, record.guest_id), ...record } } };
}
