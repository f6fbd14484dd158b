import type { components } from '../generated/openapi-types';

/** The events, typed from `contracts/openapi.yaml` (components `Event` and its variants), the one document that describes them. */
export type Event = components['schemas']['Event'];
export type EventType = components['schemas']['EventType'];
export type EventsResponse = components['schemas']['EventsResponse'];

/** An event before the feed has given it a position. */
export type EventDraft = Event extends infer E ? (E extends Event ? Omit<E, 'position'> : never) : never;

/** Where published events go besides the feed (EventBridge in AWS, listeners in process). */
export interface EventSink {
  readonly name: string;
  /** Delivers events in order; may be called again with the same events (same ids) after a failure. */
  deliver(events: readonly Event[]): Promise<void>;
}
