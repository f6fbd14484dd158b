import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { decodeItem as decodeStoredItem } from '../items';
import type { TargetingExpression } from '../items/expression';
import { meaningOf } from '../items/image';
import { type ShopperProfile, toShopperProfile } from '../items/profile';
import type { Segment } from '../items/segment';

/**
 * The one place that knows what a stream image is: which item of the table it was, decoded by
 * that item's module (../items) into what the events need. Everything else in this folder works
 * on `DecodedItem`.
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
 * An attribute value as DynamoDB Local's Streams API gives an empty map: `{}` where DynamoDB
 * (and Lambda's stream events) give `{"M": {}}`. Read as what it was written as, so an item with
 * an empty map (a hook without headers) does not stop the publisher at its record.
 */
function withEmptyMaps(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const wire = value as Record<string, unknown>;
  if (Object.keys(wire).length === 0) return { M: {} };
  if (wire.M && typeof wire.M === 'object') return { M: withEmptyMapsIn(wire.M as WireImage) };
  if (Array.isArray(wire.L)) return { L: wire.L.map(withEmptyMaps) };
  return wire;
}

function withEmptyMapsIn(image: WireImage): WireImage {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, withEmptyMaps(value)]));
}

/**
 * Decodes a wire image into plain values (string sets become `Set`s). Both sources give the
 * wire format; their type declarations differ only in how they spell it, hence the one cast.
 */
export function decodeWireImage(image: WireImage | undefined): Record<string, unknown> | undefined {
  return image ? unmarshall(withEmptyMapsIn(image) as Record<string, AttributeValue>) : undefined;
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

/** The kinds of item an event can be about: an image of one of these that its module cannot decode is malformed. */
const ANNOUNCED_KINDS = new Set(['segment', 'profile', 'promotion', 'merge-record']);

function parsedExpression(stored: string): TargetingExpression {
  try {
    return JSON.parse(stored) as TargetingExpression;
  } catch {
    throw new MalformedImage('attribute customer_segments is not JSON');
  }
}

/**
 * What item an image is, decoded by its own module in ../items (the key says the kind, the
 * module reads the fields); `other` for items no event is about. Throws `MalformedImage` for an
 * image whose key names a segment, profile, promotion or merge record its module cannot read.
 */
export function decodeItem(item: Record<string, unknown>): DecodedItem {
  const decoded = decodeStoredItem(item);
  switch (decoded?.kind) {
    case 'segment': {
      const { storeHash, ...segment } = decoded.segment;
      return { kind: 'segment', storeHash, segment };
    }
    case 'profile': {
      const { storeHash, segmentIds } = decoded.profile;
      return { kind: 'profile', storeHash, profile: toShopperProfile(decoded.profile), segmentIds: new Set(segmentIds) };
    }
    case 'promotion': {
      const { storeHash, promotionId, expression, updatedAt, version } = decoded.promotion;
      return { kind: 'promotion', storeHash, promotionId, expression: parsedExpression(expression), updatedAt, version };
    }
    case 'merge-record': {
      const record = decoded.record;
      return {
        kind: 'merge',
        storeHash: record.storeHash,
        guestId: record.guest_id,
        customerId: record.customer_id,
        guestProfileId: record.guest_profile_id,
        profileId: record.profile_id,
        state: record.state,
      };
    }
    case undefined: {
      const kind = meaningOf(item)?.kind;
      if (kind !== undefined && ANNOUNCED_KINDS.has(kind))
        throw new MalformedImage(`a ${kind} image its module cannot read (an attribute missing or of another type)`);
      return { kind: 'other' };
    }
    default:
      return { kind: 'other' };
  }
}
