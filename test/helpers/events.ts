import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type InProcessPublisher, type InProcessPublisherOptions, startInProcessPublisher } from '../../service/src/events/in-process';
import type { Event, EventsResponse } from '../../service/src/events/types';
import type { DestinationPolicy } from '../../service/src/hooks/destinations';
import { silentLogger } from '../../service/src/logger';
import { ensureTable } from '../../service/src/store/dynamodb-local';
import type { ApiResponse, CallOptions, StoreApi } from './api';
import type { Segment, ShopperProfile } from './factories';
import { startTestService, type TestService, testDynamoClient } from './service';

/**
 * A table of its own for a suite about events: its stream then carries only this suite's
 * changes (the shared table's carries every suite's), and the publisher reads it from the start.
 */
export async function createEventsTable(): Promise<string> {
  const tableName = `events-${randomUUID().slice(0, 8)}`;
  const client = testDynamoClient();
  try {
    await ensureTable(client, tableName);
  } finally {
    client.destroy();
  }
  return tableName;
}

/** The real app on its own table, and the publisher reading that table's stream in process. */
export interface EventsHarness {
  service: TestService;
  publisher: InProcessPublisher;
  /** Every event the publisher handed to its in-process output, in order (duplicates included). */
  output: Event[];
  /** Starts another publisher on the same stream, as a restart would (the first one stopped). */
  restartPublisher(options?: Partial<InProcessPublisherOptions>): Promise<InProcessPublisher>;
  stop(): Promise<void>;
}

export async function startEventsHarness(
  options: {
    publisher?: Partial<InProcessPublisherOptions>;
    appClient?: DynamoDBClient;
    /** Which webhook destinations the app accepts (see TestServiceOptions). */
    hookDestinations?: DestinationPolicy;
  } = {},
): Promise<EventsHarness> {
  const tableName = await createEventsTable();
  const service = await startTestService({ tableName, client: options.appClient, hookDestinations: options.hookDestinations });
  const output: Event[] = [];
  const publishers: InProcessPublisher[] = [];
  const clients: DynamoDBClient[] = [];
  const start = async (overrides: Partial<InProcessPublisherOptions>) => {
    const client = overrides.client ?? testDynamoClient();
    clients.push(client);
    const started = await startInProcessPublisher({
      tableName,
      endpoint: process.env.DYNAMODB_ENDPOINT,
      region: 'us-east-1',
      logger: silentLogger,
      pollIntervalMs: 25,
      retryDelayMs: 50,
      ...overrides,
      client,
    });
    started.output.subscribe((events) => output.push(...events));
    publishers.push(started);
    return started;
  };
  const publisher = await start(options.publisher ?? {});
  return {
    service,
    publisher,
    output,
    // A restart is a new process: a client of its own, unless the test gives one.
    restartPublisher: (overrides = {}) => start({ ...options.publisher, client: undefined, ...overrides }),
    stop: async () => {
      await Promise.all(publishers.map((p) => p.stop()));
      for (const client of clients) client.destroy();
      await service.stop();
    },
  };
}

/**
 * A read as a client does it: a 503 comes with `Retry-After` (the API's promise for a busy
 * DynamoDB), so the client waits that long and asks again, a few times. What these helpers check
 * is what the feed and the lists hold, not whether a shared DynamoDB Local was busy that moment.
 */
async function getAsAClient<T>(api: StoreApi, path: string, options: CallOptions): Promise<ApiResponse<T>> {
  for (let attempt = 1; ; attempt++) {
    const response = await api.get<T>(path, options);
    if (response.status !== 503 || attempt >= 5) return response;
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
  }
}

/** Reads a store's feed from `after` to its end, page by page; answers the events and the cursor to poll with next. */
export async function readFeed(api: StoreApi, after?: string, limit = 250): Promise<{ events: Event[]; cursor: string }> {
  const events: Event[] = [];
  let cursor = after;
  for (;;) {
    const response = await getAsAClient<EventsResponse>(api, '/events', {
      token: api.readOnlyToken,
      query: { limit, ...(cursor === undefined ? {} : { after: cursor }) },
    });
    if (response.status !== 200) throw new Error(`GET /events answered ${response.status}: ${JSON.stringify(response.body)}`);
    events.push(...response.body.data);
    const next = response.body.meta.next_cursor;
    if (response.body.data.length < limit) return { events, cursor: next };
    cursor = next;
  }
}

/** Polls `check` until it holds or `timeoutMs` passes; answers whether it held. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000, intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Makes a real change (`write`, through the API) and waits until the publisher has put the
 * `count` events it announces in the store's feed; answers them, exactly as `GET /events` shows
 * them. Changes made this way one after another are announced one after another.
 */
export async function changeAndWait(api: StoreApi, write: () => Promise<unknown>, count = 1, timeoutMs = 15_000): Promise<Event[]> {
  const { cursor } = await readFeed(api);
  await write();
  let events: Event[] = [];
  const published = await eventually(async () => {
    events = (await readFeed(api, cursor)).events;
    return events.length >= count;
  }, timeoutMs);
  if (!published) throw new Error(`the feed showed ${events.length} of the ${count} events of a change`);
  if (events.length > count) throw new Error(`a change announced ${JSON.stringify(events.map((e) => e.type))}, not ${count} events`);
  return events;
}

/** Reads the feed until an event matching `wanted` is in it; answers the whole feed read. */
export async function feedUntil(api: StoreApi, wanted: (event: Event) => boolean, timeoutMs = 15_000): Promise<Event[]> {
  let events: Event[] = [];
  const found = await eventually(async () => {
    events = (await readFeed(api)).events;
    return events.some(wanted);
  }, timeoutMs);
  if (!found) throw new Error(`the feed never showed the event waited for; it holds ${JSON.stringify(events.map((e) => e.type))}`);
  return events;
}

/**
 * A consumer that keeps a store's state from its events alone, as the `segment-cache` consumer
 * does: segments, profiles and memberships. Ids are never reused, so a deleted segment or profile
 * is remembered as gone and a late event about it changes nothing (events of different items
 * may interleave).
 */
export class EventConsumer {
  readonly segments = new Map<string, Segment>();
  readonly profiles = new Map<string, ShopperProfile>();
  readonly memberships = new Set<string>();
  private readonly goneSegments = new Set<string>();
  private readonly goneProfiles = new Set<string>();

  apply(events: readonly Event[]): this {
    for (const event of events) this.applyOne(event);
    return this;
  }

  private applyOne(event: Event): void {
    switch (event.type) {
      case 'segment.created':
      case 'segment.updated':
        if (!this.goneSegments.has(event.data.segment.id)) this.segments.set(event.data.segment.id, event.data.segment);
        return;
      case 'segment.deleted':
        this.goneSegments.add(event.data.segment_id);
        this.segments.delete(event.data.segment_id);
        for (const key of this.memberships) if (key.startsWith(`${event.data.segment_id} `)) this.memberships.delete(key);
        return;
      case 'shopper_profile.created':
      case 'shopper_profile.merged': {
        const profile = event.data.shopper_profile;
        if (!this.goneProfiles.has(profile.id)) this.profiles.set(profile.id, profile);
        return;
      }
      case 'shopper_profile.deleted':
        this.goneProfiles.add(event.data.shopper_profile_id);
        this.profiles.delete(event.data.shopper_profile_id);
        for (const key of this.memberships) if (key.endsWith(` ${event.data.shopper_profile_id}`)) this.memberships.delete(key);
        return;
      case 'segment.shopper_profile_added':
        if (!this.goneSegments.has(event.data.segment_id) && !this.goneProfiles.has(event.data.shopper_profile_id)) {
          this.memberships.add(`${event.data.segment_id} ${event.data.shopper_profile_id}`);
        }
        return;
      case 'segment.shopper_profile_removed':
        this.memberships.delete(`${event.data.segment_id} ${event.data.shopper_profile_id}`);
        return;
      case 'promotion.targeting_updated':
      case 'promotion.targeting_deleted':
        return;
    }
  }
}

/** What the API lists for a store: every segment, every profile, and each profile's segments. */
export async function stateFromApi(api: StoreApi): Promise<{ segments: Segment[]; profiles: ShopperProfile[]; memberships: string[] }> {
  const all = async <T>(path: string): Promise<T[]> => {
    const items: T[] = [];
    for (let page = 1; ; page++) {
      const response = await getAsAClient<{ data: T[]; meta: { pagination: { total_pages: number } } }>(api, path, {
        query: { page, limit: 250 },
      });
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      items.push(...response.body.data);
      if (page >= response.body.meta.pagination.total_pages) return items;
    }
  };
  const segments = await all<Segment>('/segments');
  const profiles = await all<ShopperProfile>('/shopper-profiles');
  const memberships: string[] = [];
  for (const profile of profiles) {
    for (const segment of await all<Segment>(`/shopper-profiles/${profile.id}/segments`)) memberships.push(`${segment.id} ${profile.id}`);
  }
  const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);
  return { segments: segments.sort(byId), profiles: profiles.sort(byId), memberships: memberships.sort() };
}

/** The consumer's state in the same shape as `stateFromApi`. */
export function stateOfConsumer(consumer: EventConsumer) {
  const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);
  return {
    segments: [...consumer.segments.values()].sort(byId),
    profiles: [...consumer.profiles.values()].sort(byId),
    memberships: [...consumer.memberships].sort(),
  };
}
