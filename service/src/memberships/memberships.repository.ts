import { backOff } from 'exponential-backoff';
import { BadRequestError, ConflictError, type ErrorDetails, NotFoundError, ServiceUnavailableError } from '../errors';
import { DYNAMODB_LIMITS } from '../limits';
import { type Segment, type SegmentItem, toSegment } from '../segments/segments.repository';
import {
  isLiveProfile,
  joinSegment,
  leaveSegment,
  PROFILE_SEGMENTS_ATTRIBUTE,
  type ShopperProfile,
  type ShopperProfileItem,
  segmentIdsOf,
  toShopperProfile,
} from '../shopper-profiles/shopper-profiles.repository';
import { idFromSortKey, keys, SK_PREFIX } from '../store/keys';
import { adjustCount, type ListHeader, membersList } from '../store/lists';
import { type Page, type PageRequest, sliceToPage } from '../store/page';
import { PageReader } from '../store/pages';
import { KEY, SEGMENTS_BY_PROFILE_INDEX } from '../store/schema';
import { ConditionsFailed, chunk, ITEM_ABSENT, ITEM_EXISTS, type Table, type TransactAction } from '../store/table';

/**
 * A membership edge. It carries a copy of the profile's fields (all immutable once created), so
 * a page of a segment's members is one query with no second read.
 */
interface MembershipItem extends ShopperProfile {
  segment_id: string;
}

export const ALREADY_MEMBER_TITLE = 'Unable to add shopper profiles to segment due to conflicts.';
const MAX_REMOVE_ATTEMPTS = 3;
/** An edge and its profile's update per profile, plus the members header. */
const PROFILES_PER_ADD_TRANSACTION = Math.floor((DYNAMODB_LIMITS.actionsPerTransaction - 1) / 2);
/** An edge and its profile's update per profile, plus the members header. */
const PROFILES_PER_REMOVE_TRANSACTION = PROFILES_PER_ADD_TRANSACTION;
const TAKE_BACK_ATTEMPTS = 5;
const MAX_ADD_ATTEMPTS = 3;

function profileMissing(id: string): string {
  return `Shopper profile \`${id}\` does not exist.`;
}

function segmentNotFound(segmentId: string): NotFoundError {
  return new NotFoundError('Segment not found.', { segmentId: `Segment \`${segmentId}\` does not exist.` });
}

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
      throw new BadRequestError('The cursor is not valid.', { cursor: 'Pass `meta.next_cursor` of a page as it was given.' });
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
    const profile = await this.table.get<ShopperProfileItem>(keys.profile(storeHash, profileId));
    if (!profile) {
      throw new NotFoundError('Shopper profile not found.', { shopperProfileId: `Shopper profile \`${profileId}\` does not exist.` });
    }
    const read = await this.table.getMany<SegmentItem>(segmentIdsOf(profile).map((id) => keys.segment(storeHash, id)));
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
   * the first is taken back (counted) before the request answers.
   */
  async add(storeHash: string, segmentId: string, profileIds: string[]): Promise<ShopperProfile[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.addOnce(storeHash, segmentId, profileIds);
      } catch (error) {
        // A profile changed hands (a guest's profile given to a customer) after it was read: the
        // edges would carry a stale copy of it, so read it again and write them anew.
        if (!(error instanceof ProfilesChanged) || attempt >= MAX_ADD_ATTEMPTS) throw error;
      }
    }
  }

  private async addOnce(storeHash: string, segmentId: string, profileIds: string[]): Promise<ShopperProfile[]> {
    const members = membersList(storeHash, segmentId);
    const read = await this.table.getMany<ListHeader | ShopperProfileItem>([
      members.header,
      ...profileIds.map((id) => keys.profile(storeHash, id)),
    ]);
    if (!read.some((item) => members.countAttribute in item)) throw segmentNotFound(segmentId);
    const profiles = new Map(
      read.filter((item): item is ShopperProfileItem => isLiveProfile(item)).map((profile) => [profile.id, toShopperProfile(profile)]),
    );
    const missing: ErrorDetails = {};
    profileIds.forEach((id, index) => {
      if (!profiles.has(id)) missing[String(index)] = profileMissing(id);
    });
    if (Object.keys(missing).length > 0) throw new NotFoundError('Shopper profiles not found.', missing);

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
      ...part.map(
        (profile): TransactAction => ({
          Put: {
            TableName: this.table.name,
            Item: {
              ...keys.membership(storeHash, segmentId, profile.id),
              ...keys.membershipByProfile(storeHash, segmentId, profile.id),
              ...profile,
              segment_id: segmentId,
            } satisfies MembershipItem & Record<string, unknown>,
            ConditionExpression: ITEM_ABSENT,
          },
        }),
      ),
      ...part.map((profile) => joinSegment(this.table.name, storeHash, profile, segmentId)),
      this.adjustMemberCount(
        storeHash,
        segmentId,
        part.length,
        part.map((profile) => profile.id),
      ),
    ];
    try {
      await this.table.transact(actions);
    } catch (error) {
      if (error instanceof ConditionsFailed) throw await this.explainAddConflict(storeHash, segmentId, part, requested, error);
      throw error;
    }
  }

  /**
   * Undoes the first transaction of an add whose second was refused. An edge already removed by
   * someone else (a profile delete's sweep, a removal) is simply not there any more.
   */
  private async takeBack(storeHash: string, segmentId: string, profileIds: string[]): Promise<void> {
    try {
      await backOff(() => this.removeEdges(storeHash, segmentId, profileIds), {
        numOfAttempts: TAKE_BACK_ATTEMPTS,
        jitter: 'full',
        maxDelay: 1000,
        retry: (failure) => !(failure instanceof NotFoundError),
      });
    } catch (error) {
      // The segment went meanwhile: its edges are invisible and its cleanup removes them.
      if (!(error instanceof NotFoundError)) throw error;
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
        page.map((edge) => keys.profile(storeHash, edge.id)),
        PROFILE_SEGMENTS_ATTRIBUTE,
        segmentId,
      );
      await this.table.deleteMany(page.map((edge) => keys.membership(storeHash, segmentId, edge.id)));
      removed += page.length;
    }
    return removed;
  }

  /**
   * Takes a profile out of every segment its node names, each segment's count dropping with it:
   * 50 edges and their 50 counts to a transaction. Run while the profile is tombstoned (no add can
   * write a new edge of it, nor a new entry in its set), before it is deleted; so the set read here
   * names every edge there is.
   */
  async removeAllOfProfile(storeHash: string, profileId: string): Promise<number> {
    const profile = await this.table.get<ShopperProfileItem>(keys.profile(storeHash, profileId));
    const segmentIds = profile ? segmentIdsOf(profile) : await this.segmentIdsOfProfile(storeHash, profileId);
    for (const part of chunk(segmentIds, DYNAMODB_LIMITS.actionsPerTransaction / 2)) {
      try {
        await this.table.transact(part.flatMap((segmentId) => this.removeEdgeCounted(storeHash, segmentId, profileId)));
      } catch (error) {
        if (!(error instanceof ConditionsFailed)) throw error;
        // Some edge or segment went meanwhile: settle this chunk one edge at a time.
        for (const segmentId of part) await this.settleEdge(storeHash, segmentId, profileId);
      }
    }
    return segmentIds.length;
  }

  /**
   * After a profile is deleted (the stream's record of it): any edge still there, found through the
   * inverted index. The delete's own sweep leaves none; this is the belt to its braces.
   */
  async removeStrayEdgesOfProfile(storeHash: string, profileId: string): Promise<number> {
    const segmentIds = await this.segmentIdsOfProfile(storeHash, profileId);
    for (const segmentId of segmentIds) await this.settleEdge(storeHash, segmentId, profileId);
    return segmentIds.length;
  }

  private removeEdgeCounted(storeHash: string, segmentId: string, profileId: string): TransactAction[] {
    return [
      { Delete: { TableName: this.table.name, Key: keys.membership(storeHash, segmentId, profileId), ConditionExpression: ITEM_EXISTS } },
      this.adjustMemberCount(storeHash, segmentId, -1, [profileId]),
    ];
  }

  /**
   * Removes one edge whatever happened to it meanwhile, never moving a count it is not in: each
   * attempt reads the edge and its segment's header afresh. Edge and header: a counted removal.
   * Edge without header (the segment is deleted, its count gone with it): the edge alone. No edge:
   * nothing to do. A counted removal refused because either changed is simply tried again.
   */
  private async settleEdge(storeHash: string, segmentId: string, profileId: string): Promise<void> {
    const members = membersList(storeHash, segmentId);
    const edgeKey = keys.membership(storeHash, segmentId, profileId);
    for (let attempt = 1; attempt <= MAX_REMOVE_ATTEMPTS; attempt++) {
      const read = await this.table.getMany<ListHeader | MembershipItem>([members.header, edgeKey]);
      const hasHeader = read.some((item) => members.countAttribute in item);
      if (!read.some((item) => 'customer_id' in item)) return;
      try {
        if (hasHeader) {
          await this.table.transact(this.removeEdgeCounted(storeHash, segmentId, profileId));
        } else {
          await this.table.transact([
            { Delete: { TableName: this.table.name, Key: edgeKey, ConditionExpression: ITEM_EXISTS } },
            { ConditionCheck: { TableName: this.table.name, Key: members.header, ConditionExpression: ITEM_ABSENT } },
          ]);
        }
        return;
      } catch (error) {
        if (!(error instanceof ConditionsFailed)) throw error;
      }
    }
    throw new ServiceUnavailableError(1);
  }

  private async segmentIdsOfProfile(storeHash: string, profileId: string): Promise<string[]> {
    const edges = await this.table.queryAll<Record<string, string>>({
      partition: keys.profileEdgesPartition(storeHash, profileId),
      sortKeyPrefix: SK_PREFIX.segment,
      index: SEGMENTS_BY_PROFILE_INDEX.name,
    });
    return edges.map((edge) => idFromSortKey(edge[SEGMENTS_BY_PROFILE_INDEX.sort] ?? ''));
  }

  /**
   * Deletes those of the named edges that exist, with the count in step, each chunk atomic. Every
   * attempt reads the members header with the edges: a segment deleted meanwhile is a 404, and an
   * edge another request removed first is simply no longer there on the next attempt.
   */
  private async removeEdges(storeHash: string, segmentId: string, profileIds: string[]): Promise<void> {
    const members = membersList(storeHash, segmentId);
    for (let attempt = 1; ; attempt++) {
      const read = await this.table.getMany<ListHeader | MembershipItem>([
        members.header,
        ...profileIds.map((id) => keys.membership(storeHash, segmentId, id)),
      ]);
      if (!read.some((item) => members.countAttribute in item)) throw segmentNotFound(segmentId);
      const existing = read.filter((item): item is MembershipItem => 'customer_id' in item).map((edge) => edge.id);
      try {
        for (const part of chunk(existing, PROFILES_PER_REMOVE_TRANSACTION)) {
          await this.table.transact([
            ...part.map(
              (id): TransactAction => ({
                Delete: { TableName: this.table.name, Key: keys.membership(storeHash, segmentId, id), ConditionExpression: ITEM_EXISTS },
              }),
            ),
            ...part.map((id) => leaveSegment(this.table.name, storeHash, id, segmentId)),
            this.adjustMemberCount(storeHash, segmentId, -part.length, part),
          ]);
        }
        return;
      } catch (error) {
        if (!(error instanceof ConditionsFailed)) throw error;
        if (attempt >= MAX_REMOVE_ATTEMPTS) throw new ServiceUnavailableError(1);
      }
    }
  }

  /** Moves a segment's member count (and its buckets' counts), on condition the segment still exists. */
  private adjustMemberCount(storeHash: string, segmentId: string, delta: number, profileIds: readonly string[]): TransactAction {
    const changed = profileIds.map((id) => keys.membership(storeHash, segmentId, id)[KEY.sort]);
    return adjustCount(this.table.name, membersList(storeHash, segmentId), delta, { mustExist: true, changed });
  }

  /**
   * Why a transaction of an add was refused, in the request's own positions: the header's
   * condition (the segment is gone), a profile's check (it was deleted meanwhile), or an edge's
   * (the profile is already a member).
   */
  private async explainAddConflict(
    storeHash: string,
    segmentId: string,
    part: ShopperProfile[],
    requested: string[],
    error: ConditionsFailed,
  ): Promise<Error> {
    if (error.failed.includes(2 * part.length)) return segmentNotFound(segmentId);
    const position = (id: string) => String(requested.indexOf(id));
    const checked = error.failed.filter((index) => index >= part.length).map((index) => part[index - part.length]!.id);
    if (checked.length > 0) {
      const now = await this.table.getMany<ShopperProfileItem>(checked.map((id) => keys.profile(storeHash, id)));
      const live = new Set(now.filter(isLiveProfile).map((profile) => profile.id));
      const gone = checked.filter((id) => !live.has(id));
      if (gone.length === 0) return new ProfilesChanged();
      return new NotFoundError('Shopper profiles not found.', Object.fromEntries(gone.map((id) => [position(id), profileMissing(id)])));
    }
    const existing = await this.table.getMany<MembershipItem>(part.map((profile) => keys.membership(storeHash, segmentId, profile.id)));
    const details: ErrorDetails = {};
    for (const edge of existing) details[position(edge.id)] = `Shopper profile \`${edge.id}\` already exists for segment \`${segmentId}\`.`;
    if (Object.keys(details).length === 0) details.request = 'Another request changed these memberships at the same time; retry.';
    return new ConflictError(ALREADY_MEMBER_TITLE, details, requested.length);
  }
}

/** A profile an add read was changed before the add committed (its copy on the edge would be stale). */
class ProfilesChanged extends Error {}

/** Splits into as few chunks of at most `size` as possible, as even as possible (50 -> 25 + 25). */
function evenChunks<T>(items: T[], size: number): T[][] {
  return chunk(items, Math.ceil(items.length / Math.ceil(items.length / size)));
}
