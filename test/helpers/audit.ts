import type { StoreApi } from './api';
import { type Collection, readAllPages, type Segment, type ShopperProfile } from './factories';

export interface MembershipAudit {
  segments: Segment[];
  profiles: ShopperProfile[];
  /** `segmentId:profileId`, as each segment lists its members. */
  fromSegments: string[];
  /** `segmentId:profileId`, as each profile lists its segments. */
  fromProfiles: string[];
}

/**
 * Reads a store through the API from both sides and checks what must hold at any instant: every
 * member a segment lists is a live profile, every segment a profile lists is live, and every
 * total equals the items its pages hold. Returns both views, for the caller to compare.
 */
export async function auditMemberships(api: StoreApi): Promise<MembershipAudit> {
  const segments = (await readAllPages<Segment>(api, '/segments', 250)).items;
  const profiles = (await readAllPages<ShopperProfile>(api, '/shopper-profiles', 250)).items;
  const liveProfileIds = new Set(profiles.map((p) => p.id));
  const liveSegmentIds = new Set(segments.map((s) => s.id));
  const firstProfilesPage = await api.get<Collection<ShopperProfile>>('/shopper-profiles');
  expect(firstProfilesPage.body.meta.pagination.total).toBe(profiles.length);

  const fromSegments: string[] = [];
  for (const segment of segments) {
    const { items, pages } = await readAllPages<ShopperProfile>(api, `/segments/${segment.id}/shopper-profiles`, 7);
    expect(pages[0]?.meta.pagination.total).toBe(items.length);
    for (const profile of items) {
      expect(liveProfileIds.has(profile.id) ? profile.id : `deleted profile ${profile.id}`).toBe(profile.id);
      fromSegments.push(`${segment.id}:${profile.id}`);
    }
  }
  const fromProfiles: string[] = [];
  for (const profile of profiles) {
    const { items, pages } = await readAllPages<Segment>(api, `/shopper-profiles/${profile.id}/segments`, 3);
    expect(pages[0]?.meta.pagination.total).toBe(items.length);
    for (const segment of items) {
      expect(liveSegmentIds.has(segment.id) ? segment.id : `deleted segment ${segment.id}`).toBe(segment.id);
      fromProfiles.push(`${segment.id}:${profile.id}`);
    }
  }
  return { segments, profiles, fromSegments: fromSegments.sort(), fromProfiles: fromProfiles.sort() };
}
