import { createHash } from 'node:crypto';
import { KEY, SEGMENTS_BY_PROFILE_INDEX } from './schema';

/**
 * Key builders for every item in the table: small pure functions, one per item type, so no key
 * string is ever assembled anywhere else. Every key starts with the store, so no query can
 * cross from one store into another.
 *
 *   item                pk                              sk                     gsi1pk / gsi1sk (segmentsByProfile)
 *   auth token          STORE#<h>                       TOKEN#<sha256>
 *   segments header     STORE#<h>#SEGMENTS              SEGMENT                (segment_count, segment_version)
 *   segment             STORE#<h>#SEGMENTS              SEGMENT#<id>
 *   segment name        STORE#<h>#SEGMENTS              NAME#<sha256(name)>
 *   profiles header     STORE#<h>#PROFILES              PROFILE                (profile_count, profile_version)
 *   shopper profile     STORE#<h>#PROFILES              PROFILE#<id>
 *   customer marker     STORE#<h>#PROFILES              CUSTOMER#<customer_id>
 *   guest marker        STORE#<h>#PROFILES              GUEST#<guest_id>
 *   guest merge record  STORE#<h>#PROFILES              MERGED#<guest_id>      (expires after a day)
 *   delete of all profiles STORE#<h>#PROFILES           DELETED#<through id>   (until its cleanup is done; ../workflows/profile-deletes.ts)
 *   members header      STORE#<h>#SEGMENT#<segmentId>   PROFILE                (member_count, member_version)
 *   membership edge     STORE#<h>#SEGMENT#<segmentId>   PROFILE#<bucket>#<pid> STORE#<h>#PROFILE#<profileId> / SEGMENT#<segmentId>
 *   page boundaries     <list partition>#PAGES          LIMIT#<limit>#<chunk>  (expire after a week)
 *   promotions header   STORE#<h>#PROMOTIONS            PROMOTION              (promotion_count)
 *   promotion targeting STORE#<h>#PROMOTIONS            PROMOTION#<id, 16 digits>
 *   a segment's targetings STORE#<h>#SEGMENT#<segmentId>#PROMOTIONS  TARGETINGS  (one attribute per promotion naming it)
 *   targetings true outside every segment  STORE#<h>#PROMOTIONS#ALWAYS  TARGETINGS
 *   idempotency record  STORE#<h>#IDEMPOTENCY#<sha256(key)>  KEY              (expires after a day; ../idempotency/)
 *   hooks header        STORE#<h>#HOOKS                 HOOK                   (hook_count, hook_version)
 *   webhook             STORE#<h>#HOOKS                 HOOK#<id>              (with its sealed secrets and delivery state)
 *   store with hooks    HOOKED_STORES                   STORE#<h>              (read only by the local delivery loop)
 *   events feed header  STORE#<h>#EVENTS                EVENT                  (last_position; ../events/feed.repository.ts)
 *   event               STORE#<h>#EVENTS                EVENT#<position, 15 digits>  (expires after the feed's retention)
 *   event id marker     STORE#<h>#EVENTS#IDS            ID#<event id>          (its position; expires with the event)
 *
 * Ids are UUIDv7, so sorting by sort key lists items in creation order; a segment's members are
 * the exception: they sort by a bucket of their id first (`memberBucket`), so that counts kept per
 * bucket on the members header say where any page starts (./pages.ts).
 */
/** The primary key of an item, under the attribute names the schema module gives. */
export type ItemKey = { [KEY.partition]: string; [KEY.sort]: string };

const itemKey = (partition: string, sort: string): ItemKey => ({ [KEY.partition]: partition, [KEY.sort]: sort });

/**
 * Node items carry `entity` (and `store_hash`), so a stream record of a removed node says what it
 * was without parsing keys; the cleanup and the stack's stream filter read these values.
 */
export const ENTITY = { segment: 'segment', profile: 'profile', profilesDeletion: 'profiles-deletion' } as const;

export const SK_PREFIX = {
  segment: 'SEGMENT#',
  segmentName: 'NAME#',
  profile: 'PROFILE#',
  customer: 'CUSTOMER#',
  guest: 'GUEST#',
  guestMerge: 'MERGED#',
  profilesDeletion: 'DELETED#',
  token: 'TOKEN#',
  promotion: 'PROMOTION#',
  hook: 'HOOK#',
  hookedStore: 'STORE#',
  event: 'EVENT#',
  eventId: 'ID#',
} as const;

/** Feed positions are zero-padded in sort keys, so a store's events sort in feed order. */
const EVENT_POSITION_DIGITS = 15;

/** Promotion ids are zero-padded in sort keys, so a partition lists them in numeric order. */
const PROMOTION_ID_DIGITS = 16;
/** Sort key of the items that group targetings (../promotions/promotions.repository.ts). */
const TARGETINGS_SORT_KEY = 'TARGETINGS';
/**
 * Buckets a segment's members are spread over. The members header keeps one count per bucket,
 * so a page at any depth starts at most one bucket's worth of items into a single query. 512 keeps
 * the header under 4 KB (one read unit) and a bucket under 250 members at 100,000 members.
 */
export const MEMBER_BUCKETS = 512;
const MEMBER_BUCKET_DIGITS = 3;

/** A member's bucket: the first two bytes of the SHA-256 of its profile id modulo 512, as 3 hex digits (`000`–`1ff`). */
export function memberBucket(profileId: string): string {
  const digest = createHash('sha256').update(profileId, 'utf8').digest();
  const bucket = (((digest[0] ?? 0) << 8) | (digest[1] ?? 0)) % MEMBER_BUCKETS;
  return bucket.toString(16).padStart(MEMBER_BUCKET_DIGITS, '0');
}

/** Every bucket, in sort order. */
export const MEMBER_BUCKET_NAMES: readonly string[] = Array.from({ length: MEMBER_BUCKETS }, (_, i) =>
  i.toString(16).padStart(MEMBER_BUCKET_DIGITS, '0'),
);

/** The bucket of a membership edge's sort key (`PROFILE#<bucket>#<profileId>`). */
export function bucketOfMemberSortKey(sortKey: string): string {
  return sortKey.slice(SK_PREFIX.profile.length, SK_PREFIX.profile.length + MEMBER_BUCKET_DIGITS);
}

const store = (storeHash: string) => `STORE#${storeHash}`;

export const keys = {
  token: (storeHash: string, tokenHash: string): ItemKey => itemKey(store(storeHash), `${SK_PREFIX.token}${tokenHash}`),

  segmentsPartition: (storeHash: string) => `${store(storeHash)}#SEGMENTS`,
  segment: (storeHash: string, segmentId: string): ItemKey =>
    itemKey(keys.segmentsPartition(storeHash), `${SK_PREFIX.segment}${segmentId}`),
  /** Keyed by the name's SHA-256: a 255-character name can be longer than a sort key may be (1024 bytes). */
  segmentName: (storeHash: string, name: string): ItemKey =>
    itemKey(keys.segmentsPartition(storeHash), `${SK_PREFIX.segmentName}${createHash('sha256').update(name, 'utf8').digest('hex')}`),

  profilesPartition: (storeHash: string) => `${store(storeHash)}#PROFILES`,
  profile: (storeHash: string, profileId: string): ItemKey =>
    itemKey(keys.profilesPartition(storeHash), `${SK_PREFIX.profile}${profileId}`),
  customer: (storeHash: string, customerId: number): ItemKey =>
    itemKey(keys.profilesPartition(storeHash), `${SK_PREFIX.customer}${customerId}`),
  /** A guest id is at most 128 characters of `A-Z a-z 0-9 . _ : -`, so it goes into the key as it is. */
  guest: (storeHash: string, guestId: string): ItemKey => itemKey(keys.profilesPartition(storeHash), `${SK_PREFIX.guest}${guestId}`),
  /** A delete of every profile up to `through` whose cleanup is not done: its insert starts the cleanup. */
  profilesDeletion: (storeHash: string, through: string): ItemKey =>
    itemKey(keys.profilesPartition(storeHash), `${SK_PREFIX.profilesDeletion}${through}`),
  /** What a completed merge of a guest leaves, for a retry of it to find. */
  guestMerge: (storeHash: string, guestId: string): ItemKey =>
    itemKey(keys.profilesPartition(storeHash), `${SK_PREFIX.guestMerge}${guestId}`),

  /** Edges of one segment, under the segment. */
  membersPartition: (storeHash: string, segmentId: string) => `${store(storeHash)}#SEGMENT#${segmentId}`,
  /** Edges of one profile, in the inverted index. */
  profileEdgesPartition: (storeHash: string, profileId: string) => `${store(storeHash)}#PROFILE#${profileId}`,
  membership: (storeHash: string, segmentId: string, profileId: string): ItemKey =>
    itemKey(keys.membersPartition(storeHash, segmentId), `${SK_PREFIX.profile}${memberBucket(profileId)}#${profileId}`),
  /** Where bucket `bucket` of a segment's members starts: a query after this key reads it first. */
  memberBucketStart: (bucket: string) => `${SK_PREFIX.profile}${bucket}`,
  /** A list's header: the items' prefix without its `#`, so it sorts just before them (./lists.ts). */
  listHeader: (listPartition: string, itemPrefix: string): ItemKey => itemKey(listPartition, itemPrefix.slice(0, -1)),
  /** Where the pages of a list start, for one page size: see ./pages.ts. */
  pageBoundaries: (listPartition: string, limit: number, chunk: number): ItemKey =>
    itemKey(`${listPartition}#PAGES`, `LIMIT#${limit}#${chunk}`),
  promotionsPartition: (storeHash: string) => `${store(storeHash)}#PROMOTIONS`,
  /** A promotion's targeting node: its expression as written and the segment ids it names. */
  promotion: (storeHash: string, promotionId: number): ItemKey =>
    itemKey(keys.promotionsPartition(storeHash), `${SK_PREFIX.promotion}${String(promotionId).padStart(PROMOTION_ID_DIGITS, '0')}`),
  /** The promotion → segment edges of one segment, grouped in one item so a batch read gets many segments' edges. */
  segmentTargetings: (storeHash: string, segmentId: string): ItemKey =>
    itemKey(`${keys.membersPartition(storeHash, segmentId)}#PROMOTIONS`, TARGETINGS_SORT_KEY),
  /** Targetings whose expression is true for a profile in no segment: found without scanning. */
  alwaysTargetings: (storeHash: string): ItemKey => itemKey(`${keys.promotionsPartition(storeHash)}#ALWAYS`, TARGETINGS_SORT_KEY),
  /**
   * What a write sent with an `Idempotency-Key` left (../idempotency/record.ts). A partition per
   * key, so a store's writes are not all funnelled through one partition; hashed, so the item
   * holds no text of the client's.
   */
  idempotencyRecord: (storeHash: string, idempotencyKey: string): ItemKey =>
    itemKey(`${store(storeHash)}#IDEMPOTENCY#${createHash('sha256').update(idempotencyKey, 'utf8').digest('hex')}`, 'KEY'),
  hooksPartition: (storeHash: string) => `${store(storeHash)}#HOOKS`,
  hook: (storeHash: string, hookId: string): ItemKey => itemKey(keys.hooksPartition(storeHash), `${SK_PREFIX.hook}${hookId}`),
  /**
   * The one partition that names stores rather than living under one: the stores that have (or
   * had) hooks, for the delivery loop of `npm start` to visit. No request reads it.
   */
  hookedStoresPartition: 'HOOKED_STORES',
  hookedStore: (storeHash: string): ItemKey => itemKey(keys.hookedStoresPartition, `${SK_PREFIX.hookedStore}${storeHash}`),
  /** A store's events feed: its header and its events, oldest first. */
  eventsPartition: (storeHash: string) => `${store(storeHash)}#EVENTS`,
  event: (storeHash: string, position: number): ItemKey =>
    itemKey(keys.eventsPartition(storeHash), `${SK_PREFIX.event}${String(position).padStart(EVENT_POSITION_DIGITS, '0')}`),
  /** Which position an event id was given, so a replayed stream record appends nothing twice. */
  eventId: (storeHash: string, eventId: string): ItemKey =>
    itemKey(`${keys.eventsPartition(storeHash)}#IDS`, `${SK_PREFIX.eventId}${eventId}`),
  /** A membership's keys in the inverted index, written with the edge. */
  membershipByProfile: (storeHash: string, segmentId: string, profileId: string) => ({
    [SEGMENTS_BY_PROFILE_INDEX.partition]: keys.profileEdgesPartition(storeHash, profileId),
    [SEGMENTS_BY_PROFILE_INDEX.sort]: `${SK_PREFIX.segment}${segmentId}`,
  }),
} as const;

/** The id at the end of a sort key such as `SEGMENT#<id>` or `PROFILE#<bucket>#<id>`. */
export function idFromSortKey(sortKey: string): string {
  return sortKey.slice(sortKey.lastIndexOf('#') + 1);
}

/**
 * What a stored item's key says it is, and the ids the key holds: the inverse of `keys`, for code
 * that meets an item it did not ask for by key (a stream record's image). Every key names its
 * store, and store hashes, ids and guest ids never hold `#`, so a key reads back unambiguously.
 * Undefined for a key this table's layout does not make.
 */
export type KeyMeaning =
  | { kind: 'token'; storeHash: string; tokenHash: string }
  | { kind: 'segments-header'; storeHash: string }
  | { kind: 'segment'; storeHash: string; segmentId: string }
  | { kind: 'segment-name'; storeHash: string; nameHash: string }
  | { kind: 'profiles-header'; storeHash: string }
  | { kind: 'profile'; storeHash: string; profileId: string }
  | { kind: 'customer-marker'; storeHash: string; customerId: number }
  | { kind: 'guest-marker'; storeHash: string; guestId: string }
  | { kind: 'merge-record'; storeHash: string; guestId: string }
  | { kind: 'profiles-deletion'; storeHash: string; through: string }
  | { kind: 'members-header'; storeHash: string; segmentId: string }
  | { kind: 'membership'; storeHash: string; segmentId: string; profileId: string }
  | { kind: 'segment-targetings'; storeHash: string; segmentId: string }
  | { kind: 'promotions-header'; storeHash: string }
  | { kind: 'promotion'; storeHash: string; promotionId: number }
  | { kind: 'always-targetings'; storeHash: string }
  | { kind: 'page-boundaries'; storeHash: string };

const STORE_PARTITION = /^STORE#([^#]+)(?:#(.*))?$/;
const MEMBERSHIP_SORT_KEY = /^PROFILE#[0-9a-f]{3}#([^#]+)$/;

function afterPrefix(sortKey: string, prefix: string): string | undefined {
  return sortKey.startsWith(prefix) && sortKey.length > prefix.length ? sortKey.slice(prefix.length) : undefined;
}

export function meaningOfKey(partition: unknown, sort: unknown): KeyMeaning | undefined {
  if (typeof partition !== 'string' || typeof sort !== 'string') return undefined;
  const match = STORE_PARTITION.exec(partition);
  if (!match) return undefined;
  const storeHash = match[1]!;
  const rest = match[2];
  if (rest?.endsWith('#PAGES')) return { kind: 'page-boundaries', storeHash };
  if (rest === undefined) {
    const tokenHash = afterPrefix(sort, SK_PREFIX.token);
    return tokenHash ? { kind: 'token', storeHash, tokenHash } : undefined;
  }
  if (rest === 'SEGMENTS') {
    if (sort === keys.listHeader(partition, SK_PREFIX.segment)[KEY.sort]) return { kind: 'segments-header', storeHash };
    const segmentId = afterPrefix(sort, SK_PREFIX.segment);
    if (segmentId) return { kind: 'segment', storeHash, segmentId };
    const nameHash = afterPrefix(sort, SK_PREFIX.segmentName);
    return nameHash ? { kind: 'segment-name', storeHash, nameHash } : undefined;
  }
  if (rest === 'PROFILES') return profilesPartitionMeaning(storeHash, partition, sort);
  if (rest === 'PROMOTIONS') {
    if (sort === keys.listHeader(partition, SK_PREFIX.promotion)[KEY.sort]) return { kind: 'promotions-header', storeHash };
    const digits = afterPrefix(sort, SK_PREFIX.promotion);
    return digits && /^\d+$/.test(digits) ? { kind: 'promotion', storeHash, promotionId: Number(digits) } : undefined;
  }
  if (rest === 'PROMOTIONS#ALWAYS') return sort === TARGETINGS_SORT_KEY ? { kind: 'always-targetings', storeHash } : undefined;
  const segment = /^SEGMENT#([^#]+)(#PROMOTIONS)?$/.exec(rest);
  if (!segment) return undefined;
  const segmentId = segment[1]!;
  if (segment[2]) return sort === TARGETINGS_SORT_KEY ? { kind: 'segment-targetings', storeHash, segmentId } : undefined;
  if (sort === keys.listHeader(partition, SK_PREFIX.profile)[KEY.sort]) return { kind: 'members-header', storeHash, segmentId };
  const profileId = MEMBERSHIP_SORT_KEY.exec(sort)?.[1];
  return profileId ? { kind: 'membership', storeHash, segmentId, profileId } : undefined;
}

function profilesPartitionMeaning(storeHash: string, partition: string, sort: string): KeyMeaning | undefined {
  if (sort === keys.listHeader(partition, SK_PREFIX.profile)[KEY.sort]) return { kind: 'profiles-header', storeHash };
  const profileId = afterPrefix(sort, SK_PREFIX.profile);
  if (profileId) return { kind: 'profile', storeHash, profileId };
  const customer = afterPrefix(sort, SK_PREFIX.customer);
  if (customer && /^\d+$/.test(customer)) return { kind: 'customer-marker', storeHash, customerId: Number(customer) };
  const guestId = afterPrefix(sort, SK_PREFIX.guest);
  if (guestId) return { kind: 'guest-marker', storeHash, guestId };
  const merged = afterPrefix(sort, SK_PREFIX.guestMerge);
  if (merged) return { kind: 'merge-record', storeHash, guestId: merged };
  const through = afterPrefix(sort, SK_PREFIX.profilesDeletion);
  return through ? { kind: 'profiles-deletion', storeHash, through } : undefined;
}
