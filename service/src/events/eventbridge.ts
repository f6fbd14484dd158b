import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { Event, EventSink } from './types';

/**
 * The `source` of every event on the bus. EventBridge reserves `aws.` sources; ours names the
 * service, and `detail-type` is the event's type (`segment.shopper_profile_added`), so a rule
 * matches a type with `{"source": [...], "detail-type": [...]}`.
 */
export const EVENT_SOURCE = 'customer-segmentation';

/** PutEvents takes at most 10 entries a call. */
const ENTRIES_PER_PUT = 10;
const PUT_ATTEMPTS = 5;

/** What goes on the bus for one event: the event itself as `detail`, its store as a resource, for rules and the archive. */
export function toBusEntry(event: Event, busName: string): PutEventsRequestEntry {
  return {
    EventBusName: busName,
    Source: EVENT_SOURCE,
    DetailType: event.type,
    Detail: JSON.stringify(event),
    Time: new Date(event.occurred_at),
  };
}

/**
 * Puts events on the stack's custom bus, in order, 10 a call. Entries EventBridge refuses are put
 * again; when they keep failing the batch fails, and the stream's retries deliver it again (with
 * the same ids: EventBridge delivers at least once, consumers deduplicate on `detail.id`).
 */
export class EventBridgeSink implements EventSink {
  readonly name = 'eventbridge';

  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async deliver(events: readonly Event[]): Promise<void> {
    for (let start = 0; start < events.length; start += ENTRIES_PER_PUT) {
      let entries = events.slice(start, start + ENTRIES_PER_PUT).map((event) => toBusEntry(event, this.busName));
      for (let attempt = 1; entries.length > 0; attempt++) {
        const result = await this.client.send(new PutEventsCommand({ Entries: entries }));
        if (!result.FailedEntryCount) break;
        if (attempt >= PUT_ATTEMPTS) throw new Error(`EventBridge refused ${result.FailedEntryCount} events after ${attempt} attempts`);
        entries = entries.filter((_, i) => result.Entries?.[i]?.ErrorCode !== undefined);
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }
}
