import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { TargetingExpression } from '../items/expression';
import { type ShopperProfile, toShopperProfile } from '../items/profile';
import type { Segment } from '../items/segment';
import { SK_PREFIX } from '../store/keys';
import { KEY } from '../store/schema';

/**
 * The one place that knows what a stream image is: which item of the table it was, decoded into
 * what the events need. Everything else in this folder works on `DecodedItem`, so pointing this
 * file at the item modules later (one decoder per entity) changes nothing around it.
 */

/** A change of one item, as DynamoDB Streams reports it, from either source (Lambda or the Streams API). */
export interface StreamRecord {
  /** Unique per change and the same on every delivery of it: event ids derive from it. */
  eventId: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  sequenceNumber: string;
  /** When the change committed, as the stream saw it (epoch milliseconds). */
  committedAtMs: number;
  oldImage: Record<string, unknown> | undefined;
  newImage: Record<string, unknown> | undefined;
}

/** An image in DynamoDB's wire format (`{name: {S: "…"}}`), as both sources deliver it. */
export type WireImage = Record<string, unknown>;

/**
 * Decodes a wire image into plain values (string sets become `Set`s). Both sources give the
 * wire format; their type declarations differ only in how they spell it, hence the one cast.
 */
export function decodeWireImage(image: WireImage | undefined): Record<string, unknown> | undefined {
  return image ? unmarshall(image as Record<string, AttributeValue>) : undefined;
}

/** A stream image that names an item of ours but is not what that item must hold. */
export class MalformedImage extends Error {}

export type DecodedItem =
  | { kind: 'segment'; storeHash: string; segment: Segment }
  | { kind: 'profile'; storeHash: string; profile: ShopperProfile; segmentIds: Set<string> }
  | { kind: 'promotion'; storeHash: string; promotionId: number; expression: TargetingExpression; updatedAt: string; version: number }
  | {
      kind: 'merge';
      storeHash: string;
      guestId: string;
      customerId: number;
      guestProfileId: string;
      profileId: string;
      state: string;
    }
  /** Anything else: edges, markers, headers, tokens, page boundaries, the feed itself. */
  | { kind: 'other' };

const STORE_PREFIX = 'STORE#';

function text(item: Record<string, unknown>, name: string): string {
  const value = item[name];
  if (typeof value !== 'string') throw new MalformedImage(`attribute ${name} is not a string`);
  return value;
}

function integer(item: Record<string, unknown>, name: string): number {
  const value = item[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new MalformedImage(`attribute ${name} is not an integer`);
  return value;
}

function stringSet(item: Record<string, unknown>, name: string): Set<string> {
  const value = item[name];
  if (value === undefined) return new Set();
  if (!(value instanceof Set) || [...value].some((entry) => typeof entry !== 'string')) {
    throw new MalformedImage(`attribute ${name} is not a string set`);
  }
  return new Set([...value].map(String));
}

/** `STORE#<h>#<PARTITION>` → `<h>`, when the partition key is one of a store's `kind` partitions. */
function storeOfPartition(partition: unknown, kind: string): string | undefined {
  if (typeof partition !== 'string' || !partition.startsWith(STORE_PREFIX) || !partition.endsWith(`#${kind}`)) return undefined;
  const storeHash = partition.slice(STORE_PREFIX.length, -kind.length - 1);
  return storeHash.length > 0 && !storeHash.includes('#') ? storeHash : undefined;
}

/** What item an image is, decoded; `other` for items no event is about. Throws `MalformedImage`. */
export function decodeItem(item: Record<string, unknown>): DecodedItem {
  const partition = item[KEY.partition];
  const sort = item[KEY.sort];
  if (typeof sort !== 'string') return { kind: 'other' };

  const segmentsOf = storeOfPartition(partition, 'SEGMENTS');
  if (segmentsOf && sort.startsWith(SK_PREFIX.segment)) {
    const segment: Segment = {
      id: text(item, 'id'),
      name: text(item, 'name'),
      description: text(item, 'description'),
      created_at: text(item, 'created_at'),
      updated_at: text(item, 'updated_at'),
    };
    return { kind: 'segment', storeHash: segmentsOf, segment };
  }

  const profilesOf = storeOfPartition(partition, 'PROFILES');
  if (profilesOf && sort.startsWith(SK_PREFIX.profile)) {
    const guestId = item.guest_id === undefined ? undefined : text(item, 'guest_id');
    const profile = toShopperProfile({
      id: text(item, 'id'),
      customer_id: integer(item, 'customer_id'),
      ...(guestId === undefined ? {} : { guest_id: guestId }),
      created_at: text(item, 'created_at'),
      updated_at: text(item, 'updated_at'),
    });
    return { kind: 'profile', storeHash: profilesOf, profile, segmentIds: stringSet(item, 'segment_ids') };
  }
  if (profilesOf && sort.startsWith(SK_PREFIX.guestMerge)) {
    return {
      kind: 'merge',
      storeHash: profilesOf,
      guestId: text(item, 'guest_id'),
      customerId: integer(item, 'customer_id'),
      guestProfileId: text(item, 'guest_profile_id'),
      profileId: text(item, 'profile_id'),
      state: text(item, 'state'),
    };
  }

  const promotionsOf = storeOfPartition(partition, 'PROMOTIONS');
  if (promotionsOf && sort.startsWith(SK_PREFIX.promotion)) {
    let expression: TargetingExpression;
    try {
      expression = JSON.parse(text(item, 'customer_segments')) as TargetingExpression;
    } catch (error) {
      if (error instanceof MalformedImage) throw error;
      throw new MalformedImage('attribute customer_segments is not JSON');
    }
    return {
      kind: 'promotion',
      storeHash: promotionsOf,
      promotionId: integer(item, 'promotion_id'),
      expression,
      updatedAt: text(item, 'updated_at'),
      version: integer(item, 'version'),
    };
  }
  return { kind: 'other' };
}
