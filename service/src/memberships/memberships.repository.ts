import { BatchConflict, Contended, type ErrorDetails, InvalidRequest, NotFound } from '../errors';
import {
  adjustMemberCount,
  decodeListHeader,
  hideDepartedMembers,
  hideDepartedMembersCommuting,
  hideMembersThrough,
  type ListHeader,
  membersList,
  profilesDeletionOf,
  profilesList,
  stopHidingMembersThrough,
  unhideDepartedMembers,
} from '../items/list-header';
import {
  decodeMembership,
  deleteMembership,
  type MembershipItem,
  membershipKey,
  putMembership,
  refreshMembershipCopy,
} from '../items/membership';
import {
  decodeProfile,
  isLiveProfile,
  joinSegment,
  leaveSegment,
  PROFILE_SEGMENTS_ATTRIBUTE,
  profileKey,
  type ShopperProfile,
  type ShopperProfileItem,
  segmentIdsOf,
  toShopperProfile,
} from '../items/profile';
import { type Segment, type SegmentItem, segmentKey, toSegment } from '../items/segment';
import { DYNAMODB_LIMITS } from '../limits';
import { keys, SK_PREFIX } from '../store/keys';
import { hiddenBy, hidesId } from '../store/lists';
import { writeOptimistically } from '../store/optimistic';
import { type Page, type PageRequest, sliceToPage } from '../store/page';
import { PageReader } from '../store/pages';
import { KEY } from '../store/schema';
import { ConditionsFailed, chunk, type Table, type TransactAction } from '../store/table';

export const ALREADY_MEMBER_TITLE = 'Unable to add shopper profiles to segment due to conflicts.';
const MAX_REMOVE_ATTEMPTS = 3;
/** An edge and its profile's update per profile, plus the members header. */
const PROFILES_PER_ADD_TRANSACTION = Math.floor((DYNAMODB_LIMITS.actionsPerTransaction - 1) / 2);
/** An edge and its profile's update per profile, plus the members header. */
const PROFILES_PER_REMOVE_TRANSACTION = PROFILES_PER_ADD_TRANSACTION;
const TAKE_BACK_ATTEMPTS = 5;
const MAX_ADD_ATTEMPTS = 3;
/** Profiles hidden in one commuting update of a header: each is a condition, and an expression holds 4 KB. */
const COMMUTING_HIDES_PER_UPDATE = 40;
/** Rewrites of a segment's header that lost to concurrent adds before a delete of every profile gives up (503). */
const MAX_HIDE_ATTEMPTS = 10;
/** Segment headers written at once by the cleanup (a store has at most 1000 segments). */
const HEADER_WRITES_IN_FLIGHT = 32;
/**
 * Transactions of segment headers a delete sends at once: a store's 1000 headers in one round.
 * Far quicker than 1000 single updates (on DynamoDB Local, 1.1 s against 2.7 s).
 */
const HEADER_TRANSACTIONS_IN_FLIGHT = 11;

function profileMissing(id: string): string {
  return `Shopper profile \`${id}\` does not exist.`;
}

function segmentNotFound(segmentId: string): NotFound {
  return new NotFound('segment', 'Segment not found.', { segmentId: `Segment \`${segmentId}\` does not exist.` });
}

export function profileNotFound(profileId: string): NotFound {
  return new NotFound('shopper-profile', 'Shopper profile not found.', {
    shopperProfileId: `Shopper profile \`${profileId}\` does not exist.`,
  });
}

/** A profile an add read was changed before the add committed (its copy on the edge would be stale). */
class ProfilesChanged extends Error {}

/** Data access for the segment ↔ shopper profile edges and each segment's member count. */
export class MembershipsRepository {
  private readonly pages: PageReader;

  constructor(private readonly table: Table) {
    this.pages = new PageReader(table);
  }

  /** A page of members, and the sort key of its last item (for the next page's cursor). */
  async listProfilesOfSegment(
    storeHash: string,
    segmentId: string,
    request: PageRequest,
  ): Promise<Page<ShopperProfile> & { lastSortKey?: string }> {
    const members = membersList(storeHash, segmentId);
    if (request.after !== undefined && !request.after.startsWith(members.sortKeyPrefix)) {
      throw new InvalidRequest('The cursor is not valid.', { cursor: 'Pass `meta.next_cursor` of a page as it was given.' });
    }
    const page = await this.pages.read<ListHeader, MembershipItem>(members, request);
    if (!page.header) throw segmentNotFound(segmentId);
    return { items: page.items.map(toShopperProfile), total: page.total, lastSortKey: page.lastSortKey };
  }

  /**
   * The segments a profile belongs to, from the set its node keeps (written with every edge, so
   * read strongly consistently): the node, then its segments in one batch (a store holds at most
   * 1000). A segment already deleted, whose edges are still being cleaned up, is simply not found,
   * so it is neither listed nor counted.
   */
  async listSegmentsOfProfile(storeHash: string, profileId: string, request: PageRequest): Promise<Page<Segment>> {
    const profile = await this.liveProfile(storeHash, profileId);
    if (!profile) throw profileNotFound(profileId);
    const read = await this.table.getMany<SegmentItem>(segmentIdsOf(profile).map((id) => segmentKey(storeHash, id)));
    const segments = read.sort((a, b) => a.id.localeCompare(b.id));
    return sliceToPage(segments.map(toSegment), request);
  }

  /**
   * Adds every profile or none. The segment's members header (which exists exactly while the
   * segment does) and the profiles are read in one batch; the edges and the count are written in
   * a transaction whose conditions refuse an edge that already exists, a segment deleted meanwhile,
   * and a profile deleted (or being deleted) meanwhile: each profile is re-checked at commit, so a
   * profile delete that tombstoned it first wins and no edge of a gone profile is ever written.
   *
   * An edge, its profile's check and the header make 2n + 1 actions, so 50 profiles do not fit
   * DynamoDB's 100: a larger add is written as two transactions, and when the second is refused
   * the first is taken back (counted) before the request answers. A profile that changed hands (a
   * guest's profile given to a customer) after it was read would leave a stale copy on its edge: the
   * add then starts over.
   */
  async add(storeHash: string, segmentId: string, profileIds: string[]): Promise<ShopperProfile[]> {
    return writeOptimistically({ attempts: MAX_ADD_ATTEMPTS, retryOn: (error) => error instanceof ProfilesChanged }, () =>
      this.addOnce(storeHash, segmentId, profileIds),
    );
  }

  private async addOnce(storeHash: string, segmentId: string, profileIds: string[]): Promise<ShopperProfile[]> {
    const members = membersList(storeHash, segmentId);
    const read = await this.table.getMany<Record<string, unknown>>([members.header, ...profileIds.map((id) => profileKey(storeHash, id))]);
    const header = read.find((item) => decodeListHeader(item)?.list === 'members');
    if (!header) throw segmentNotFound(segmentId);
    // A profile a delete of every profile removed is still stored until the cleanup: the header hides it.
    const hidden = hiddenBy(header);
    const profiles = new Map(
      read
        .map(decodeProfile)
        .filter(isLiveProfile)
        .filter((profile) => !hidesId(hidden, profile.id))
        .map((profile) => [profile.id, toShopperProfile(profile)]),
    );
    const missing: ErrorDetails = {};
    profileIds.forEach((id, index) => {
      if (!profiles.has(id)) missing[String(index)] = profileMissing(id);
    });
    if (Object.keys(missing).length > 0) throw new NotFound('shopper-profile', 'Shopper profiles not found.', missing);

    const added = profileIds.map((id) => profiles.get(id)!);
    const written: string[] = [];
    try {
      for (const part of evenChunks(added, PROFILES_PER_ADD_TRANSACTION)) {
        await this.writeEdges(storeHash, segmentId, part, profileIds);
        written.push(...part.map((profile) => profile.id));
      }
    } catch (error) {
      if (written.length > 0) await this.takeBack(storeHash, segmentId, written);
      throw error;
    }
    return added;
  }

  /** One transaction of an add: the edges, a liveness check of each profile, the count. */
  private async writeEdges(storeHash: string, segmentId: string, part: ShopperProfile[], requested: string[]): Promise<void> {
    const actions: TransactAction[] = [
      ...part.map((profile) => putMembership(this.table.name, storeHash, segmentId, profile)),
      ...part.map((profile) => joinSegment(this.table.name, storeHash, profile, segmentId)),
      adjustMemberCount(
        this.table.name,
        storeHash,
        segmentId,
        part.length,
        part.map((profile) => profile.id),
      ),
    ];
    await this.table.transactOrExplain(actions, (refusal) => explainAddConflict(segmentId, part, requested, refusal));
  }

  /**
   * Undoes the first transaction of an add whose second was refused. An edge already removed by
   * someone else (a profile delete's sweep, a removal) is simply not there any more.
   */
  private async takeBack(storeHash: string, segmentId: string, profileIds: string[]): Promise<void> {
    try {
      await writeOptimistically(
        {
          attempts: TAKE_BACK_ATTEMPTS,
          retryOn: (failure) => !(failure instanceof NotFound),
          exhausted: (last) => (last instanceof Error ? last : new Error(String(last))),
          // Full jitter, doubling from 100 ms up to a second: the request that refused the add is still writing.
          pauseMs: (attempt) => Math.random() * Math.min(1000, 100 * 2 ** (attempt - 2)),
        },
        () => this.removeEdges(storeHash, segmentId, profileIds),
      );
    } catch (error) {
      // The segment went meanwhile: its edges are invisible and its cleanup removes them.
      if (!(error instanceof NotFound)) throw error;
    }
  }

  /** Removes the named profiles from a segment (every member when `profileIds` is undefined). */
  async remove(storeHash: string, segmentId: string, profileIds: string[] | undefined): Promise<void> {
    if (profileIds) {
      await this.removeEdges(storeHash, segmentId, profileIds);
      return;
    }
    if (!(await this.table.get<ListHeader>(membersList(storeHash, segmentId).header))) throw segmentNotFound(segmentId);
    for await (const page of this.table.queryPages<MembershipItem>(
      { partition: keys.membersPartition(storeHash, segmentId), sortKeyPrefix: SK_PREFIX.profile, projection: ['id'] },
      PROFILES_PER_REMOVE_TRANSACTION,
    )) {
      // Edges the header hides are gone already (the cleanup removes them): removeEdges passes over them.
      await this.removeEdges(
        storeHash,
        segmentId,
        page.map((edge) => edge.id),
      );
    }
  }

  /**
   * After a segment is deleted: its edges go, a page at a time, each page's profiles first losing
   * the segment from their sets (so a run stopped half-way and run again still finds the edges it
   * has to finish). There is no count left to keep.
   */
  async removeAllOfSegment(storeHash: string, segmentId: string): Promise<number> {
    let removed = 0;
    for await (const page of this.table.queryPages<MembershipItem>(
      { partition: keys.membersPartition(storeHash, segmentId), sortKeyPrefix: SK_PREFIX.profile, projection: ['id'] },
      500,
    )) {
      await this.table.removeFromSets(
        page.map((edge) => profileKey(storeHash, edge.id)),
        PROFILE_SEGMENTS_ATTRIBUTE,
        segmentId,
      );
      await this.table.deleteMany(page.map((edge) => membershipKey(storeHash, segmentId, edge.id)));
      removed += page.length;
    }
    return removed;
  }

  /** The segments a profile has edges to, from its own set (read strongly); none once it is gone. */
  async segmentIdsOfLiveProfile(storeHash: string, profileId: string): Promise<string[]> {
    const profile = await this.table.get<ShopperProfileItem>(profileKey(storeHash, profileId));
    return profile ? segmentIdsOf(profile) : [];
  }

  /**
   * A re-keyed profile's edges carry a copy of it (so a segment's member list is one query): they
   * are rewritten to its owner now, 100 to a transaction, each on condition it still exists.
   */
  async refreshCopiesOf(storeHash: string, profileId: string): Promise<void> {
    const profile = await this.table.get<ShopperProfileItem>(profileKey(storeHash, profileId));
    if (!profile) return;
    const update = (segmentId: string) => refreshMembershipCopy(this.table.name, storeHash, segmentId, profile);
    for (const part of chunk(segmentIdsOf(profile), DYNAMODB_LIMITS.actionsPerTransaction)) {
      try {
        await this.table.transact(part.map(update));
      } catch (error) {
        if (!(error instanceof ConditionsFailed)) throw error;
        // An edge was removed meanwhile: the rest one at a time, the missing ones left missing.
        for (const segmentId of part) {
          await this.table.transact([update(segmentId)]).catch((failure: unknown) => {
            if (!(failure instanceof ConditionsFailed)) throw failure;
          });
        }
      }
    }
  }

  /**
   * Profiles deleted one by one leave their segments at once: each segment's header hides them and
   * its counts drop (one update a segment, `inFlight` at a time), while their edges stay for the
   * cleanup. Run while the profiles are tombstoned (no add or removal of theirs can commit), so the
   * segments given, read from their nodes, are all they are in. Sent again, it counts nothing twice.
   */
  async hideDeparted(storeHash: string, departures: ReadonlyMap<string, readonly string[]>): Promise<void> {
    const headers = await this.table.getMany<ListHeader>(
      [...departures.keys()].map((segmentId) => membersList(storeHash, segmentId).header),
    );
    // What a header does not hide yet (a delete sent again finds some, or all, hidden already).
    const notHiddenIn = (header: ListHeader) => {
      const members = decodeListHeader(header);
      const hidden = hiddenBy(header);
      return members?.list === 'members' ? (departures.get(members.segmentId) ?? []).filter((id) => !hidesId(hidden, id)) : [];
    };
    // First each header rewritten whole, as read: the quick way when nobody else writes it.
    const rewrites = headers.flatMap((header) => {
      const ids = notHiddenIn(header);
      return ids.length > 0 ? [{ header, ids }] : [];
    });
    const outcomes = await this.table.transactEach(
      rewrites.map(({ header, ids }) => hideDepartedMembers(this.table.name, header, ids)),
      HEADER_TRANSACTIONS_IN_FLIGHT,
    );
    // A refused rewrite comes back with the header as it is now (gone: its segment's cleanup takes
    // the edges). Busy headers then get the update that commutes with other writers, 40 ids a round.
    let pending = outcomes.flatMap((outcome) => {
      const now = outcome?.refused as ListHeader | undefined;
      const members = decodeListHeader(now);
      return now && members?.list === 'members' ? [{ segmentId: members.segmentId, ids: notHiddenIn(now) }] : [];
    });
    for (let round = 1; pending.some(({ ids }) => ids.length > 0); round++) {
      if (round > MAX_HIDE_ATTEMPTS) throw new Contended();
      const parts = pending
        .filter(({ ids }) => ids.length > 0)
        .map(({ segmentId, ids }) => ({
          segmentId,
          ids: ids.slice(0, COMMUTING_HIDES_PER_UPDATE),
          rest: ids.slice(COMMUTING_HIDES_PER_UPDATE),
        }));
      const refusals = await this.table.transactEach(
        parts.map(({ segmentId, ids }) => hideDepartedMembersCommuting(this.table.name, storeHash, segmentId, ids)),
        HEADER_TRANSACTIONS_IN_FLIGHT,
      );
      pending = parts.map(({ segmentId, ids, rest }, index) => {
        const outcome = refusals[index];
        if (!outcome) return { segmentId, ids: rest };
        if (!outcome.refused) return { segmentId, ids: [] };
        const hidden = hiddenBy(outcome.refused);
        return { segmentId, ids: [...ids, ...rest].filter((id) => !hidesId(hidden, id)) };
      });
    }
  }

  /**
   * After departed profiles are deleted: their edges go, then each of their segments' headers
   * stops hiding them (one update a segment). Safe to run again.
   */
  async removeDepartedEdges(
    storeHash: string,
    departures: readonly { profileId: string; segmentIds: readonly string[] }[],
  ): Promise<number> {
    const bySegment = new Map<string, string[]>();
    for (const { profileId, segmentIds } of departures)
      for (const segmentId of segmentIds) bySegment.set(segmentId, [...(bySegment.get(segmentId) ?? []), profileId]);
    const edges = [...bySegment].flatMap(([segmentId, profileIds]) => profileIds.map((id) => membershipKey(storeHash, segmentId, id)));
    await this.table.deleteMany(edges);
    await this.table.writeEach(
      [...bySegment].map(([segmentId, profileIds]) => unhideDepartedMembers(this.table.name, storeHash, segmentId, profileIds)),
      HEADER_WRITES_IN_FLIGHT,
    );
    return edges.length;
  }

  /**
   * A delete of every profile up to `through`: each segment's header hides its members up to it,
   * counts starting again from nothing. A header that changed since it was read (an add committed
   * meanwhile) is read again and rewritten; one already hiding as far is left alone.
   */
  async hideThrough(storeHash: string, segmentIds: readonly string[], through: string): Promise<void> {
    let pending = [...segmentIds];
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_HIDE_ATTEMPTS) throw new Contended();
      const headers = await this.table.getMany<ListHeader>(pending.map((segmentId) => membersList(storeHash, segmentId).header));
      const toHide = headers.filter((header) => (hiddenBy(header)?.through ?? '') < through);
      const outcomes = await this.table.transactEach(
        toHide.map((header) => hideMembersThrough(this.table.name, header, through)),
        HEADER_TRANSACTIONS_IN_FLIGHT,
      );
      // Refused: the header moved since it was read (go again), or went with its segment (done).
      pending = toHide.flatMap((_header, index) => {
        const refused = outcomes[index]?.refused;
        const members = decodeListHeader(refused);
        return members?.list === 'members' ? [members.segmentId] : [];
      });
    }
  }

  /** The cleanup after a delete of every profile: the edges of removed profiles (no count moves: the headers hide them). */
  async removeHiddenEdges(storeHash: string, edges: readonly { segmentId: string; profileId: string }[]): Promise<void> {
    await this.table.deleteMany(edges.map(({ segmentId, profileId }) => membershipKey(storeHash, segmentId, profileId)));
  }

  /** Once every edge up to `through` is removed, the segments' headers stop hiding (and reads go the short way). */
  async stopHidingThrough(storeHash: string, segmentIds: readonly string[], through: string): Promise<void> {
    await this.table.writeEach(
      segmentIds.map((segmentId) => stopHidingMembersThrough(this.table.name, storeHash, segmentId, through)),
      HEADER_WRITES_IN_FLIGHT,
    );
  }

  /**
   * A profile as `GET /shopper-profiles/{id}/segments` sees it: stored, and not removed by a delete
   * of every profile (the profiles header, read in the same request, says which are).
   */
  private async liveProfile(storeHash: string, profileId: string): Promise<ShopperProfileItem | undefined> {
    const header = profilesList(storeHash).header;
    const read = await this.table.getMany<Record<string, unknown>>([header, profileKey(storeHash, profileId)]);
    const deletion = profilesDeletionOf(read.find((item) => item[KEY.sort] === header[KEY.sort]));
    const profile = read.find((item) => item[KEY.sort] !== header[KEY.sort]) as ShopperProfileItem | undefined;
    if (!profile || (deletion.through !== undefined && profile.id <= deletion.through)) return undefined;
    return profile;
  }

  /**
   * Deletes those of the named edges that exist, with the count in step, each chunk atomic. The
   * first attempt reads the members header with the edges: a segment deleted meanwhile is a 404.
   * A refused attempt learns from the refusal which edges another request removed first (their
   * deletes saw nothing) or that the segment went (its header's update saw nothing), and goes on
   * without reading again.
   */
  private async removeEdges(storeHash: string, segmentId: string, profileIds: string[]): Promise<void> {
    const members = membersList(storeHash, segmentId);
    let existing: string[] = [];
    let pending: { part: string[]; refused: ConditionsFailed } | undefined;
    await writeOptimistically({ attempts: MAX_REMOVE_ATTEMPTS }, async () => {
      if (
        pending &&
        !pending.refused.has(2 * pending.part.length) &&
        pending.refused.failed.every((index) => index < 2 * pending!.part.length)
      ) {
        // An edge's delete that saw nothing: removed first by another request. A profile's update
        // refused: it is being deleted, and leaves this segment with its delete.
        const part = pending.part;
        const gone = new Set(pending.refused.failed.map((index) => part[index % part.length]));
        existing = existing.filter((id) => !gone.has(id));
      } else {
        const read = await this.table.getMany<Record<string, unknown>>([
          members.header,
          ...profileIds.map((id) => membershipKey(storeHash, segmentId, id)),
        ]);
        const header = read.find((item) => decodeListHeader(item)?.list === 'members');
        if (!header) throw segmentNotFound(segmentId);
        // Edges the header hides belong to deleted profiles: they are gone already.
        const hidden = hiddenBy(header);
        existing = read.flatMap((item) => decodeMembership(item)?.profileId ?? []).filter((id) => !hidesId(hidden, id));
      }
      pending = undefined;
      for (const part of chunk(existing, PROFILES_PER_REMOVE_TRANSACTION)) {
        try {
          await this.table.transact([
            ...part.map((id) => deleteMembership(this.table.name, storeHash, segmentId, id)),
            ...part.map((id) => leaveSegment(this.table.name, storeHash, id, segmentId)),
            adjustMemberCount(this.table.name, storeHash, segmentId, -part.length, part),
          ]);
          existing = existing.filter((id) => !part.includes(id));
        } catch (error) {
          if (error instanceof ConditionsFailed) pending = { part, refused: error };
          throw error;
        }
      }
    });
  }
}

/**
 * Why a transaction of an add was refused, in the request's own positions, from what its
 * conditions saw: the header's (the segment is gone), a profile's check (it was deleted, or is
 * being deleted, meanwhile; or it changed hands: the add starts over), or an edge's (the profile is
 * already a member).
 */
function explainAddConflict(segmentId: string, part: ShopperProfile[], requested: string[], refusal: ConditionsFailed): Error {
  if (refusal.has(2 * part.length)) return segmentNotFound(segmentId);
  const position = (id: string) => String(requested.indexOf(id));
  const checked = refusal.failed.filter((index) => index >= part.length);
  if (checked.length > 0) {
    const gone = checked
      .filter((index) => !isLiveProfile(decodeProfile(refusal.seen.get(index))))
      .map((index) => part[index - part.length]!.id);
    if (gone.length === 0) return new ProfilesChanged();
    return new NotFound(
      'shopper-profile',
      'Shopper profiles not found.',
      Object.fromEntries(gone.map((id) => [position(id), profileMissing(id)])),
    );
  }
  const details: ErrorDetails = {};
  for (const index of refusal.failed) {
    const edge = decodeMembership(refusal.seen.get(index));
    if (edge) details[position(edge.profileId)] = `Shopper profile \`${edge.profileId}\` already exists for segment \`${segmentId}\`.`;
  }
  if (Object.keys(details).length === 0) details.request = 'Another request changed these memberships at the same time; retry.';
  return new BatchConflict(ALREADY_MEMBER_TITLE, details, requested.length);
}

/** Splits into as few chunks of at most `size` as possible, as even as possible (50 -> 25 + 25). */
function evenChunks<T>(items: T[], size: number): T[][] {
  return chunk(items, Math.ceil(items.length / Math.ceil(items.length / size)));
}
