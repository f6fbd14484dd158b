import { verifyWebhook } from '@customer-segmentation/client';
import type { Event } from '@customer-segmentation/client/events';

/**
 * segment-cache: a storefront's cache of which segments each shopper profile is in, kept from
 * the service's events alone (the feed or the bus), so a page render never calls the API.
 * Ids are never reused: a segment or profile once deleted stays deleted, whatever comes late.
 */
export class SegmentCache {
  private readonly segmentsOf = new Map<string, Set<string>>();
  private readonly deletedSegments = new Set<string>();
  private readonly deletedProfiles = new Set<string>();

  segmentsOfProfile(profileId: string): string[] {
    return [...(this.segmentsOf.get(profileId) ?? [])].filter((id) => !this.deletedSegments.has(id)).sort();
  }

  /**
   * A webhook delivery, as its receiver gets it: applied only when its Standard Webhooks signature
   * is one of the hook's secrets' over the body as received (else `verifyWebhook` throws, and the
   * receiver answers 4xx).
   */
  receiveDelivery(body: string, headers: Record<string, string>, secrets: string | readonly string[]): void {
    this.handle(verifyWebhook(body, headers, secrets));
  }

  handle(event: Event): void {
    switch (event.type) {
      case 'segment.shopper_profile_added': {
        const { segment_id, shopper_profile_id } = event.data;
        if (this.deletedSegments.has(segment_id) || this.deletedProfiles.has(shopper_profile_id)) return;
        const segments = this.segmentsOf.get(shopper_profile_id) ?? new Set<string>();
        segments.add(segment_id);
        this.segmentsOf.set(shopper_profile_id, segments);
        return;
      }
      case 'segment.shopper_profile_removed':
        this.segmentsOf.get(event.data.shopper_profile_id)?.delete(event.data.segment_id);
        return;
      case 'segment.deleted':
        // The end of every membership of the segment, implied: the cache forgets the segment.
        this.deletedSegments.add(event.data.segment_id);
        return;
      case 'shopper_profile.deleted':
        this.deletedProfiles.add(event.data.shopper_profile_id);
        this.segmentsOf.delete(event.data.shopper_profile_id);
        return;
      default:
        return;
    }
  }
}
