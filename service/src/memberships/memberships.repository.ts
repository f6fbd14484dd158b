import { BadRequestError, ConflictError, type ErrorDetails, NotFoundError, ServiceUnavailableError } from '../http/errors';
import { type Page, type PageRequest, sliceToPage } from '../http/pagination';
import { DYNAMODB_LIMITS } from '../limits';
import { type Segment, type SegmentItem, toSegment } from '../segments/segments.repository';
import { type ShopperProfile, toShopperProfile } from '../shopper-profiles/shopper-profiles.repository';
import { idFromSortKey, keys, SK_PREFIX } from '../store/keys';
import { adjustCount, type ListHeader, membersList } from '../store/lists';
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
   * The segments a profile belongs to. A store holds at most 1000 segments, so a profile's edges
   * are few: they are read whole from the index (keys only) and their segments fetched in one
   * batch with the profile itself. A segment already deleted, whose edges are still being cleaned
   * up, is simply not found, so it is neither listed nor counted.
   */
  async listSegmentsOfProfile(storeHash: string, profileId: string, request: PageRequest): Promise<Page<Segment>> {
    const segmentIds = await this.segmentIdsOfProfile(storeHash, profileId);
    const read = await this.table.getMany<SegmentItem | ShopperProfile>([
      keys.profile(storeHash, profileId),
      ...segmentIds.map((id) => keys.segment(storeHash, id)),
    ]);
    if (!read.some((item) => 'customer_id' in item)) {
      throw new NotFoundError('Shopper profile not found.', { shopperProfileId: `Shopper profile \`${profileId}\` does not exist.` });
    }
    const segments = read.filter((item): item is SegmentItem => 'name' in item).sort((a, b) => a.id.localeCompare(b.id));
    return sliceToPage(segments.map(toSegment), request);
  }

  /**
   * Adds every profile or none. The segment's members header (which exists exactly while the
   * segment does) and the profiles are read in one batch; the edges and the count are written in
   * one transaction whose conditions refuse an edge that already exists or a segment deleted
   * meanwhile.
   */
  async add(storeHash: string, segmentId: string, profileIds: string[]): Promise<ShopperProfile[]> {
    const members = membersList(storeHash, segmentId);
    const read = await this.table.getMany<ListHeader | ShopperProfile>([
      members.header,
      ...profileIds.map((id) => keys.profile(storeHash, id)),
    ]);
    if (!read.some((item) => members.countAttribute in item)) throw segmentNotFound(segmentId);
    const profiles = new Map(
      read.filter((item): item is ShopperProfile => 'customer_id' in item).map((profile) => [profile.id, toShopperProfile(profile)]),
    );
    const missing: ErrorDetails = {};
    profileIds.forEach((id, index) => {
      if (!profiles.has(id)) missing[String(index)] = `Shopper profile \`${id}\` does not exist.`;
    });
    if (Object.keys(missing).length > 0) throw new NotFoundError('Shopper profiles not found.', missing);

    const added = profileIds.map((id) => profiles.get(id)!);
    const actions: TransactAction[] = added.map((profile) => ({
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
    }));
    actions.push(
      this.adjustMemberCount(
        storeHash,
        segmentId,
        added.length,
        added.map((profile) => profile.id),
      ),
    );
    try {
      await this.table.transact(actions);
    } catch (error) {
      if (error instanceof ConditionsFailed) throw await this.explainAddConflict(storeHash, segmentId, profileIds, error);
      throw error;
    }
    return added;
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
      DYNAMODB_LIMITS.actionsPerTransaction - 1,
    )) {
      await this.removeEdges(
        storeHash,
        segmentId,
        page.map((edge) => edge.id),
      );
    }
  }

  /** After a segment is deleted: its edges go; there is no count left to keep. */
  async removeAllOfSegment(storeHash: string, segmentId: string): Promise<number> {
    let removed = 0;
    for await (const page of this.table.queryPages<MembershipItem>(
      { partition: keys.membersPartition(storeHash, segmentId), sortKeyPrefix: SK_PREFIX.profile, projection: ['id'] },
      500,
    )) {
      await this.table.deleteMany(page.map((edge) => keys.membership(storeHash, segmentId, edge.id)));
      removed += page.length;
    }
    return removed;
  }

  /**
   * Takes a profile out of every segment, each segment's count dropping with it: 50 edges and
   * their 50 counts to a transaction. Run before the profile is deleted, and once more after,
   * for an edge a concurrent add wrote in between.
   */
  async removeAllOfProfile(storeHash: string, profileId: string): Promise<number> {
    const segmentIds = await this.segmentIdsOfProfile(storeHash, profileId);
    for (const part of chunk(segmentIds, DYNAMODB_LIMITS.actionsPerTransaction / 2)) {
      try {
        await this.table.transact(part.flatMap((segmentId) => this.removeEdgeCounted(storeHash, segmentId, profileId)));
      } catch (error) {
        if (!(error instanceof ConditionsFailed)) throw error;
        // Some edge or segment went meanwhile: settle this chunk one edge at a time.
        for (const segmentId of part) await this.removeOneEdge(storeHash, segmentId, profileId);
      }
    }
    return segmentIds.length;
  }

  private removeEdgeCounted(storeHash: string, segmentId: string, profileId: string): TransactAction[] {
    return [
      { Delete: { TableName: this.table.name, Key: keys.membership(storeHash, segmentId, profileId), ConditionExpression: ITEM_EXISTS } },
      this.adjustMemberCount(storeHash, segmentId, -1, [profileId]),
    ];
  }

  private async removeOneEdge(storeHash: string, segmentId: string, profileId: string): Promise<void> {
    try {
      await this.table.transact(this.removeEdgeCounted(storeHash, segmentId, profileId));
    } catch (error) {
      if (!(error instanceof ConditionsFailed)) throw error;
      // The edge is already gone, or its segment is (and with it the count): drop what is left.
      await this.table.deleteMany([keys.membership(storeHash, segmentId, profileId)]);
    }
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
        for (const part of chunk(existing, DYNAMODB_LIMITS.actionsPerTransaction - 1)) {
          await this.table.transact([
            ...part.map(
              (id): TransactAction => ({
                Delete: { TableName: this.table.name, Key: keys.membership(storeHash, segmentId, id), ConditionExpression: ITEM_EXISTS },
              }),
            ),
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

  private async explainAddConflict(storeHash: string, segmentId: string, profileIds: string[], error: ConditionsFailed): Promise<Error> {
    if (error.failed.includes(profileIds.length)) return segmentNotFound(segmentId);
    const existing = await this.table.getMany<MembershipItem>(profileIds.map((id) => keys.membership(storeHash, segmentId, id)));
    const members = new Set(existing.map((edge) => edge.id));
    const details: ErrorDetails = {};
    profileIds.forEach((id, index) => {
      if (members.has(id)) details[String(index)] = `Shopper profile \`${id}\` already exists for segment \`${segmentId}\`.`;
    });
    return new ConflictError(ALREADY_MEMBER_TITLE, details, profileIds.length);
  }
}
