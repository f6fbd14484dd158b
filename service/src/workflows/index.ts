import type { MembershipsRepository } from '../memberships/memberships.repository';
import type { PromotionsRepository } from '../promotions/promotions.repository';
import type { SegmentsRepository } from '../segments/segments.repository';
import type { ShopperProfilesRepository } from '../shopper-profiles/shopper-profiles.repository';
import type { CleanupScheduler } from './cleanup';
import { CustomerLookups } from './customer-lookups';
import { GuestMerge } from './guest-merge';
import { ProfileDeletes } from './profile-deletes';
import { SegmentDeletes } from './segment-deletes';

/** What spans resources, each a workflow over their repositories (and where their cleanup runs). */
export interface Workflows {
  profileDeletes: ProfileDeletes;
  segmentDeletes: SegmentDeletes;
  guestMerge: GuestMerge;
  customers: CustomerLookups;
}

export function createWorkflows(
  resources: {
    segments: SegmentsRepository;
    profiles: ShopperProfilesRepository;
    memberships: MembershipsRepository;
    promotions: PromotionsRepository;
  },
  cleanup: CleanupScheduler,
): Workflows {
  const profileDeletes = new ProfileDeletes(resources.profiles, resources.memberships, resources.segments, cleanup);
  return {
    profileDeletes,
    segmentDeletes: new SegmentDeletes(resources.segments, cleanup),
    guestMerge: new GuestMerge(resources.profiles, resources.memberships, profileDeletes),
    customers: new CustomerLookups(resources.profiles, resources.memberships, resources.promotions),
  };
}
