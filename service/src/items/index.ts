/**
 * Every item kind the table holds, one module each (its type, its keys, a decoder from a stored
 * image, the transaction actions that write it). `decodeItem` turns any image (a read, a refused
 * condition's, a stream record's once unmarshalled) into the domain object it holds, tagged with
 * its kind: pure and total, undefined for an image that is none of ours.
 */

import { ENTITY } from '../store/keys';
import { isString, meaningOf, type StoredImage } from './image';
import { type DecodedListHeader, decodeListHeader } from './list-header';
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
  | { kind: 'merge-record'; record: MergeRecord & { storeHash: string } };

/** The domain object an image holds, by its kind; undefined for an image of none of ours (page boundaries, a stranger's item). */
export function decodeItem(image: StoredImage | undefined): DecodedItem | undefined {
  switch (meaningOf(image)?.kind) {
    case 'segment': {
      const segment = decodeSegment(image);
      return segment && { kind: 'segment', segment };
    }
    case 'segment-name': {
      const marker = decodeSegmentName(image);
      return marker && { kind: 'segment-name', marker };
    }
    case 'profile': {
      const profile = decodeProfile(image);
      return profile && { kind: 'profile', profile };
    }
    case 'customer-marker':
    case 'guest-marker': {
      const marker = decodeOwnerMarker(image);
      return marker && { kind: 'owner-marker', marker };
    }
    case 'membership': {
      const membership = decodeMembership(image);
      return membership && { kind: 'membership', membership };
    }
    case 'segments-header':
    case 'profiles-header':
    case 'promotions-header':
    case 'members-header': {
      const header = decodeListHeader(image);
      return header && { kind: 'list-header', header };
    }
    case 'promotion': {
      const promotion = decodePromotion(image);
      return promotion && { kind: 'promotion', promotion };
    }
    case 'segment-targetings':
    case 'always-targetings': {
      const targetings = decodeTargetings(image);
      return targetings && { kind: 'targetings', targetings };
    }
    case 'token': {
      const token = decodeToken(image);
      return token && { kind: 'token', token };
    }
    case 'merge-record': {
      const record = decodeMergeRecord(image);
      return record && { kind: 'merge-record', record };
    }
    default:
      return undefined;
  }
}
