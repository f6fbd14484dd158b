import { NotFound } from '../errors';
import type { MembershipsRepository } from '../memberships/memberships.repository';
import type { PromotionsRepository, Targeting } from '../promotions/promotions.repository';
import type { Segment } from '../segments/segments.repository';
import type { ShopperProfilesRepository } from '../shopper-profiles/shopper-profiles.repository';
import type { Page, PageRequest } from '../store/page';

/**
 * The customer side of the one-to-one customer ↔ shopper profile relationship, a read over
 * profiles, memberships and promotions. A customer id is any positive integer: the service keeps
 * no list of customers, only the marker that leads from a customer to its profile, so a customer
 * without a profile is simply in no segment.
 */
export class CustomerLookups {
  constructor(
    private readonly profiles: ShopperProfilesRepository,
    private readonly memberships: MembershipsRepository,
    private readonly promotions: PromotionsRepository,
  ) {}

  /**
   * The segments of the customer's profile: the marker (one GetItem), then the profile's
   * segments as `GET /shopper-profiles/{id}/segments` reads them. A profile deleted after its
   * marker was read is not found by that second read, so the customer reads as having none.
   */
  async listSegments(storeHash: string, customerId: number, request: PageRequest): Promise<Page<Segment>> {
    const profileId = await this.profiles.profileIdOfCustomer(storeHash, customerId);
    if (!profileId) return { items: [], total: 0 };
    try {
      return await this.memberships.listSegmentsOfProfile(storeHash, profileId, request);
    } catch (error) {
      if (error instanceof NotFound && error.subject === 'shopper-profile') return { items: [], total: 0 };
      throw error;
    }
  }

  /**
   * The promotions that hold for the customer: those of its profile, or, when it has none (or it
   * was deleted after its marker was read), those that hold for a profile in no segment.
   */
  async listPromotions(storeHash: string, customerId: number, request: PageRequest): Promise<Page<Targeting>> {
    const profileId = await this.profiles.profileIdOfCustomer(storeHash, customerId);
    if (profileId) {
      try {
        return await this.promotions.eligibleFor(storeHash, profileId, request);
      } catch (error) {
        if (!(error instanceof NotFound && error.subject === 'shopper-profile')) throw error;
      }
    }
    return this.promotions.eligibleWithoutSegments(storeHash, request);
  }
}
