import { createHash } from 'node:crypto';
import { namedSegmentIds } from '../items/expression';
import type { ShopperProfile } from '../items/profile';
import type { Segment } from '../items/segment';
import { type DecodedItem, decodeItem, type StreamRecord } from './images';
import type { EventDraft } from './types';

/** What derivation needs to read at publish time (the table, in ./lookups.ts). */
export interface Lookups {
  /** Which of these segments still exist (ids are never reused: a segment gone is gone for good). */
  existingSegments(storeHash: string, segmentIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** A profile as the API returns it now, if it exists. */
  profile(storeHash: string, profileId: string): Promise<ShopperProfile | undefined>;
}

/**
 * The event id: a hash of the stream record's own id and what the event is about, so a record
 * delivered again yields the same ids, and two events of one record never share one.
 */
export function eventId(record: StreamRecord, type: string, subject: string): string {
  return createHash('sha256').update(`${record.eventId}\n${type}\n${subject}`, 'utf8').digest('base64url').slice(0, 26);
}

const sameSegment = (a: Segment, b: Segment) =>
  a.name === b.name && a.description === b.description && a.created_at === b.created_at && a.updated_at === b.updated_at;

type Decoded<K extends DecodedItem['kind']> = Extract<DecodedItem, { kind: K }>;

/**
 * The events one committed change announces, in the order a consumer should apply them.
 * Decodes both images first: a record that names an item of ours but does not hold what the
 * item must is thrown as `MalformedImage`, for the publisher's failure path.
 */
export async function deriveEvents(record: StreamRecord, lookups: Lookups): Promise<EventDraft[]> {
  const before = record.oldImage ? decodeItem(record.oldImage) : undefined;
  const after = record.newImage ? decodeItem(record.newImage) : undefined;
  const item = after ?? before;
  if (!item || item.kind === 'other') return [];
  const envelope = (type: string, subject: string) => ({
    id: eventId(record, type, subject),
    store_hash: item.storeHash,
    occurred_at: new Date(record.committedAtMs).toISOString(),
  });

  switch (item.kind) {
    case 'segment': {
      const old = before as Decoded<'segment'> | undefined;
      const now = after as Decoded<'segment'> | undefined;
      const id = item.segment.id;
      if (!now) return [{ ...envelope('segment.deleted', id), type: 'segment.deleted', data: { segment_id: id } }];
      if (!old) return [{ ...envelope('segment.created', id), type: 'segment.created', data: { segment: now.segment } }];
      if (sameSegment(old.segment, now.segment)) return [];
      return [{ ...envelope('segment.updated', id), type: 'segment.updated', data: { segment: now.segment } }];
    }
    case 'profile':
      return profileEvents(before as Decoded<'profile'> | undefined, after as Decoded<'profile'> | undefined, envelope, lookups);
    case 'promotion': {
      const now = after as Decoded<'promotion'> | undefined;
      const old = before as Decoded<'promotion'> | undefined;
      const subject = String(item.promotionId);
      if (!now)
        return [
          {
            ...envelope('promotion.targeting_deleted', subject),
            type: 'promotion.targeting_deleted',
            data: { promotion_id: item.promotionId },
          },
        ];
      if (old && old.version === now.version) return [];
      const named = namedSegmentIds(now.expression);
      const live = await lookups.existingSegments(now.storeHash, named);
      const targeting = {
        promotion_id: now.promotionId,
        customer_segments: now.expression,
        segment_ids: named.filter((id) => live.has(id)),
        deleted_segment_ids: named.filter((id) => !live.has(id)),
        updated_at: now.updatedAt,
      };
      return [
        {
          ...envelope('promotion.targeting_updated', `${subject}@${now.version}`),
          type: 'promotion.targeting_updated',
          data: { promotion_id: now.promotionId, targeting },
        },
      ];
    }
    case 'merge': {
      // A fold (the customer had a profile) ends when its record says `done`; an adoption is
      // announced from the profile's own change (below), which carries the profile exactly.
      const now = after as Decoded<'merge'> | undefined;
      const old = before as Decoded<'merge'> | undefined;
      if (now?.state !== 'done' || old?.state === 'done' || now.guestProfileId === now.profileId) return [];
      const profile = await lookups.profile(now.storeHash, now.profileId);
      // The customer's profile deleted since: its deletion is announced, and a merge into nothing is not.
      if (!profile) return [];
      return [
        {
          ...envelope('shopper_profile.merged', now.guestId),
          type: 'shopper_profile.merged',
          data: { guest_id: now.guestId, customer_id: now.customerId, shopper_profile: profile },
        },
      ];
    }
  }
}

async function profileEvents(
  old: Decoded<'profile'> | undefined,
  now: Decoded<'profile'> | undefined,
  envelope: (type: string, subject: string) => Pick<EventDraft, 'id' | 'store_hash' | 'occurred_at'>,
  lookups: Lookups,
): Promise<EventDraft[]> {
  const item = (now ?? old)!;
  const profileId = item.profile.id;
  const events: EventDraft[] = [];
  if (!old && now)
    events.push({
      ...envelope('shopper_profile.created', profileId),
      type: 'shopper_profile.created',
      data: { shopper_profile: now.profile },
    });
  // An adoption: the guest's profile became the customer's, keeping its id and memberships.
  if (old?.profile.guest_id !== undefined && now && now.profile.guest_id === undefined) {
    events.push({
      ...envelope('shopper_profile.merged', old.profile.guest_id),
      type: 'shopper_profile.merged',
      data: { guest_id: old.profile.guest_id, customer_id: now.profile.customer_id, shopper_profile: now.profile },
    });
  }
  const had = old?.segmentIds ?? new Set<string>();
  const has = now?.segmentIds ?? new Set<string>();
  const left = [...had].filter((id) => !has.has(id));
  // The end of a deleted segment's memberships is implied by its `segment.deleted` (the cleanup
  // takes the segment out of 100,000 profiles' sets: announcing each would be 100,000 events).
  const stillThere = left.length > 0 ? await lookups.existingSegments(item.storeHash, left) : new Set<string>();
  for (const segmentId of left) {
    if (!stillThere.has(segmentId)) continue;
    events.push({
      ...envelope('segment.shopper_profile_removed', segmentId),
      type: 'segment.shopper_profile_removed',
      data: { segment_id: segmentId, shopper_profile_id: profileId },
    });
  }
  for (const segmentId of has) {
    if (had.has(segmentId)) continue;
    events.push({
      ...envelope('segment.shopper_profile_added', segmentId),
      type: 'segment.shopper_profile_added',
      data: { segment_id: segmentId, shopper_profile_id: profileId },
    });
  }
  if (!now)
    events.push({
      ...envelope('shopper_profile.deleted', profileId),
      type: 'shopper_profile.deleted',
      data: { shopper_profile_id: profileId },
    });
  return events;
}
