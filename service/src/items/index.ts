/**
 * Every item kind the table holds, one module each (its type, its keys, a decoder from a stored
 * image, the transaction actions that write it). `decodeItem` turns any image (a read, a refused
 * condition's, a stream record's once unmarshalled) into the domain object it holds, tagged with
 * its kind: pure and total, undefined for an image that is none of ours.
 */

import { ENTITY, type KeyMeaning } from '../store/keys';
import { isString, meaningOf, type StoredImage } from './image';
import { type DecodedListHeader, decodeDeleteAllRecord, decodeListHeader } from './list-header';
import { type DecodedMembership, decodeMembership } from './membership';
import { decodeMergeRecord, type MergeRecord } from './merge-record';
import { type DecodedOwnerMarker, decodeOwnerMarker } from './owner-marker';
import { type DecodedProfile, decodeProfile } from './profile';
import { decodeSegment, type Segment } from './segment';
import { decodeSegmentName, type NameMarker } from './segment-name';
import { type DecodedPromotion, type DecodedTargetings, decodePromotion, decodeTargetings } from './targeting';
import { decodeToken, type TokenItem } from './token';

export type { StoredImage } from './image';

/**
 * A node (a segment or a shopper profile) as it describes itself: node items carry `entity`,
 * `store_hash` and `id`, so an image says what it was without its keys (the stack's stream filter
 * matches on `entity`). Pure; undefined for an image of anything else.
 */
export function nodeOf(image: StoredImage | undefined): { entity: 'segment' | 'profile'; storeHash: string; id: string } | undefined {
  if (!image || !isString(image.store_hash) || !isString(image.id)) return undefined;
  if (image.entity === ENTITY.segment) return { entity: 'segment', storeHash: image.store_hash, id: image.id };
  if (image.entity === ENTITY.profile) return { entity: 'profile', storeHash: image.store_hash, id: image.id };
  return undefined;
}

export type DecodedItem =
  | { kind: 'segment'; segment: Segment & { storeHash: string } }
  | { kind: 'segment-name'; marker: NameMarker & { storeHash: string } }
  | { kind: 'profile'; profile: DecodedProfile }
  | { kind: 'owner-marker'; marker: DecodedOwnerMarker }
  | { kind: 'membership'; membership: DecodedMembership }
  | { kind: 'list-header'; header: DecodedListHeader }
  | { kind: 'promotion'; promotion: DecodedPromotion }
  | { kind: 'targetings'; targetings: DecodedTargetings }
  | { kind: 'token'; token: TokenItem & { storeHash: string } }
  | { kind: 'merge-record'; record: MergeRecord & { storeHash: string } }
  | { kind: 'profiles-deletion'; deletion: { storeHash: string; through: string } };

/** Wraps a decoder's answer in its tag, or passes its undefined on. */
const tag = <T, D extends DecodedItem>(value: T | undefined, wrap: (value: T) => D): D | undefined =>
  value === undefined ? undefined : wrap(value);

/** The decoder for each kind of key: several kinds of key may hold one kind of item (the two markers, the four headers). */
const DECODERS: { [Kind in KeyMeaning['kind']]: (image: StoredImage) => DecodedItem | undefined } = {
  segment: (image) => tag(decodeSegment(image), (segment) => ({ kind: 'segment', segment })),
  'segment-name': (image) => tag(decodeSegmentName(image), (marker) => ({ kind: 'segment-name', marker })),
  profile: (image) => tag(decodeProfile(image), (profile) => ({ kind: 'profile', profile })),
  'customer-marker': (image) => tag(decodeOwnerMarker(image), (marker) => ({ kind: 'owner-marker', marker })),
  'guest-marker': (image) => tag(decodeOwnerMarker(image), (marker) => ({ kind: 'owner-marker', marker })),
  membership: (image) => tag(decodeMembership(image), (membership) => ({ kind: 'membership', membership })),
  'segments-header': (image) => tag(decodeListHeader(image), (header) => ({ kind: 'list-header', header })),
  'profiles-header': (image) => tag(decodeListHeader(image), (header) => ({ kind: 'list-header', header })),
  'promotions-header': (image) => tag(decodeListHeader(image), (header) => ({ kind: 'list-header', header })),
  'members-header': (image) => tag(decodeListHeader(image), (header) => ({ kind: 'list-header', header })),
  promotion: (image) => tag(decodePromotion(image), (promotion) => ({ kind: 'promotion', promotion })),
  'segment-targetings': (image) => tag(decodeTargetings(image), (targetings) => ({ kind: 'targetings', targetings })),
  'always-targetings': (image) => tag(decodeTargetings(image), (targetings) => ({ kind: 'targetings', targetings })),
  token: (image) => tag(decodeToken(image), (token) => ({ kind: 'token', token })),
  'merge-record': (image) => tag(decodeMergeRecord(image), (record) => ({ kind: 'merge-record', record })),
  'profiles-deletion': (image) => tag(decodeDeleteAllRecord(image), (deletion) => ({ kind: 'profiles-deletion', deletion })),
  // Remembered page starts: the store's cache of where pages begin, no domain object.
  'page-boundaries': () => undefined,
};

/** The domain object an image holds, by its kind; undefined for an image of none of ours (page boundaries, a stranger's item). */
export function decodeItem(image: StoredImage | undefined): DecodedItem | undefined {
  const meaning = meaningOf(image);
  return meaning && image ? DECODERS[meaning.kind](image) : undefined;
}
