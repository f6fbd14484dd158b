import { verifyWebhook } from '../../contracts/client/webhooks';
import type { Event } from '../../service/src/events/types';
import { HookDeliverer } from '../../service/src/hooks/delivery';
import { DestinationPolicy } from '../../service/src/hooks/destinations';
import { HookDispatcher } from '../../service/src/hooks/dispatcher';
import { type Logger, silentLogger } from '../../service/src/logger';
import { keys, SK_PREFIX } from '../../service/src/store/keys';
import { Table } from '../../service/src/store/table';
import { newStore, type StoreApi } from '../helpers/api';
import { changeAndWait, type EventsHarness, eventually, startEventsHarness } from '../helpers/events';
import { createProfiles, createSegments, type Segment, type ShopperProfile } from '../helpers/factories';
import { CommandGates } from '../helpers/gates';
import { type Receiver, startReceiver } from '../helpers/receiver';
import { testDynamoClient, testStore } from '../helpers/service';

interface CreatedHook {
  id: string;
  secret: string;
  is_active: boolean;
}

/**
 * The resolver's answers, changed by tests: names resolve to loopback (the receivers) or to
 * addresses no packet is ever sent to. The policy refuses the latter before any connection.
 */
const answers = new Map<string, string[]>();
const resolve = async (hostname: string) => {
  const answer = answers.get(hostname);
  if (!answer) throw new Error(`getaddrinfo ENOTFOUND ${hostname}`);
  return answer;
};
const policy = new DestinationPolicy({ allowLoopback: true, resolve });

/**
 * The real app on a table of its own with the publisher reading that table's stream: every event
 * a hook is sent here comes from a real change made through the API, read from the store's feed.
 */
let harness: EventsHarness;
const ctx = {} as { api: StoreApi };
beforeAll(async () => {
  harness = await startEventsHarness({ hookDestinations: policy });
});
afterAll(async () => {
  await harness.stop();
});
beforeEach(async () => {
  ctx.api = await newStore(harness.service);
});

const receivers: Receiver[] = [];
async function receiver(answer?: Receiver['answer']): Promise<Receiver> {
  const started = await startReceiver(answer);
  receivers.push(started);
  return started;
}
/** Hooks are deleted after each test, so no later delivery loop meets one with a name only this suite's resolver knows. */
const created: { api: StoreApi; id: string }[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map(({ api, id }) => api.delete(`/hooks/${id}`)));
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  answers.clear();
});

/** Deliveries with retries seconds apart rather than minutes, and a short timeout. */
function deliverer(options: { retrySchedule?: number[]; timeoutMs?: number; now?: () => number; logger?: Logger } = {}): HookDeliverer {
  const { logger = silentLogger, ...rest } = options;
  return new HookDeliverer(harness.service.store.hooks, harness.service.store.feed, policy, logger, {
    timeoutMs: 1000,
    retrySchedule: [0, 0, 0],
    ...rest,
  });
}

async function createHook(api: StoreApi, destination: string, scope = '*', headers?: Record<string, string>): Promise<CreatedHook> {
  const response = await api.post<{ data: CreatedHook }>('/hooks', { scope, destination, ...(headers ? { headers } : {}) });
  if (response.status !== 201) throw new Error(`POST /hooks answered ${response.status}: ${JSON.stringify(response.body)}`);
  created.push({ api, id: response.body.data.id });
  return response.body.data;
}

/** A real change with one event (a segment created), once the feed shows it; answers that event. */
let sequence = 0;
async function anEvent(api: StoreApi): Promise<Event> {
  sequence++;
  const [event] = await changeAndWait(api, () => createSegments(api, 1, `event ${sequence}`));
  return event!;
}

/** A segment and a profile, both announced, for tests about one profile's joins and leaves. */
async function segmentAndProfile(api: StoreApi): Promise<{ segment: Segment; profile: ShopperProfile }> {
  const made = {} as { segment: Segment; profile: ShopperProfile };
  await changeAndWait(
    api,
    async () => {
      made.segment = (await createSegments(api, 1))[0]!;
      made.profile = (await createProfiles(api, 1))[0]!;
    },
    2,
  );
  return made;
}

async function join(api: StoreApi, segment: Segment, profile: ShopperProfile): Promise<Event> {
  const [event] = await changeAndWait(api, () => api.post(`/segments/${segment.id}/shopper-profiles`, [profile.id]));
  expect(event?.type).toBe('segment.shopper_profile_added');
  return event!;
}

async function leave(api: StoreApi, segment: Segment, profile: ShopperProfile): Promise<Event> {
  const [event] = await changeAndWait(api, () =>
    api.delete(`/segments/${segment.id}/shopper-profiles`, { query: { 'id:in': profile.id } }),
  );
  expect(event?.type).toBe('segment.shopper_profile_removed');
  return event!;
}

/** What the table's time to live does once the feed's retention has passed: the store's oldest event goes. */
async function dropOldestEvent(api: StoreApi): Promise<void> {
  const [oldest] = (await api.queryPartition(keys.eventsPartition(api.storeHash))).filter((item) =>
    String(item.sk).startsWith(SK_PREFIX.event),
  );
  await new Table(harness.service.db, harness.service.tableName).deleteMany([{ pk: String(oldest!.pk), sk: String(oldest!.sk) }]);
}

async function hookState(api: StoreApi, hookId: string): Promise<CreatedHook> {
  return (await api.get<{ data: CreatedHook }>(`/hooks/${hookId}`)).body.data;
}

describe('a delivery', () => {
  it('POSTs the event as its body, signed, with the hook headers; the kit verifies it with the secret the API showed', async () => {
    const target = await receiver();
    const hook = await createHook(ctx.api, `${target.origin}/in?x=1`, '*', { 'X-Receiver-Token': 't0k' });
    const event = await anEvent(ctx.api);

    const run = await deliverer().runHook(ctx.api.storeHash, hook.id);

    expect(run).toEqual({ hookId: hook.id, outcome: 'idle', delivered: 1 });
    // The body is the event exactly as GET /events shows it, position included.
    expect(event).toMatchObject({ type: 'segment.created', store_hash: ctx.api.storeHash, position: 1 });
    const [got] = target.received;
    expect(got?.path).toBe('/in?x=1');
    expect(JSON.parse(got!.body)).toEqual(event);
    expect(got?.headers['webhook-id']).toBe(event.id);
    expect(got?.headers['content-type']).toBe('application/json');
    expect(got?.headers['x-receiver-token']).toBe('t0k');
    expect(verifyWebhook(got!.body, got!.headers as Record<string, string>, hook.secret)).toEqual(event);
  });

  it('sends only the events in the hook scope, and none committed before the hook existed', async () => {
    const target = await receiver();
    const made = {} as { a: Segment; b: Segment };
    await changeAndWait(ctx.api, async () => ([made.a, made.b] = (await createSegments(ctx.api, 2)) as [Segment, Segment]), 2);
    const hook = await createHook(ctx.api, target.origin, 'segment.*');
    const outOfScope = await changeAndWait(ctx.api, () => createProfiles(ctx.api, 1));
    const [wanted] = await changeAndWait(ctx.api, () => ctx.api.delete('/segments', { query: { 'id:in': made.a.id } }));
    outOfScope.push(...(await changeAndWait(ctx.api, () => ctx.api.put('/promotions/7/customer-segments', { id: [made.b.id] }))));
    expect(outOfScope.map((e) => e.type)).toEqual(['shopper_profile.created', 'promotion.targeting_updated']);
    expect(wanted?.type).toBe('segment.deleted');

    await deliverer().runHook(ctx.api.storeHash, hook.id);

    expect(target.received.map((r) => JSON.parse(r.body).id)).toEqual([wanted!.id]);
    // The position moved past what was out of scope: a second run sends nothing.
    expect(await deliverer().runHook(ctx.api.storeHash, hook.id)).toMatchObject({ outcome: 'idle', delivered: 0 });
  });

  it('is signed with the new and the previous secret for the grace period after a rotation, then with the new one only', async () => {
    const target = await receiver();
    const hook = await createHook(ctx.api, target.origin);
    const rotated = (await ctx.api.post<{ data: CreatedHook }>(`/hooks/${hook.id}/secret`, undefined)).body.data;
    await anEvent(ctx.api);
    await deliverer().runHook(ctx.api.storeHash, hook.id);
    await anEvent(ctx.api);
    const dayLater = Date.now() + 24 * 60 * 60 * 1000 + 60_000;
    await deliverer({ now: () => dayLater }).runHook(ctx.api.storeHash, hook.id);

    const [during, after] = target.received;
    expect(verifyWebhook(during!.body, during!.headers as Record<string, string>, hook.secret)).toBeDefined();
    expect(verifyWebhook(during!.body, during!.headers as Record<string, string>, rotated.secret)).toBeDefined();
    expect(String(after?.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(after?.headers['webhook-timestamp']).toBe(String(Math.floor(dayLater / 1000)));
  });
});

describe('retries and order', () => {
  it('retries a failed event with the same webhook-id, and sends the next one only after it is acknowledged', async () => {
    const target = await receiver((_request, index) => ({ status: index < 2 ? 500 : 200 }));
    const { segment, profile } = await segmentAndProfile(ctx.api);
    const hook = await createHook(ctx.api, target.origin);
    const first = await join(ctx.api, segment, profile);
    const second = await leave(ctx.api, segment, profile);
    const run = deliverer();

    expect(await run.runHook(ctx.api.storeHash, hook.id)).toMatchObject({ outcome: 'retry', delivered: 0 });
    expect(await run.runHook(ctx.api.storeHash, hook.id)).toMatchObject({ outcome: 'retry', delivered: 0 });
    expect(await run.runHook(ctx.api.storeHash, hook.id)).toMatchObject({ outcome: 'idle', delivered: 2 });

    expect(target.received.map((r) => r.headers['webhook-id'])).toEqual([first.id, first.id, first.id, second.id]);
  });

  it('does not try again before the schedule says', async () => {
    const target = await receiver(() => ({ status: 503 }));
    const hook = await createHook(ctx.api, target.origin);
    await anEvent(ctx.api);
    const slow = deliverer({ retrySchedule: [60] });

    const failed = await slow.runHook(ctx.api.storeHash, hook.id);
    const early = await slow.runHook(ctx.api.storeHash, hook.id);

    expect(failed).toMatchObject({ outcome: 'retry' });
    expect(failed.outcome === 'retry' && failed.retryAt - Date.now()).toBeGreaterThan(55_000);
    expect(early).toMatchObject({ outcome: 'skipped' });
    expect(target.received).toHaveLength(1);
  });

  it('counts an answer that does not come within the timeout as a failure', async () => {
    const target = await receiver(() => 'hang');
    const hook = await createHook(ctx.api, target.origin);
    await anEvent(ctx.api);

    const run = await deliverer({ timeoutMs: 300 }).runHook(ctx.api.storeHash, hook.id);

    expect(run).toMatchObject({ outcome: 'retry', delivered: 0 });
  });

  it('deactivates the hook when the schedule is spent, keeps the events, and starts again from the failed one when reactivated', async () => {
    let failing = true;
    const target = await receiver(() => ({ status: failing ? 500 : 200 }));
    const hook = await createHook(ctx.api, target.origin);
    const event = await anEvent(ctx.api);
    const run = deliverer({ retrySchedule: [0, 0] });

    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await run.runHook(ctx.api.storeHash, hook.id)).outcome);

    expect(outcomes).toEqual(['retry', 'retry', 'deactivated']);
    expect((await hookState(ctx.api, hook.id)).is_active).toBe(false);
    expect(await run.runHook(ctx.api.storeHash, hook.id)).toMatchObject({ outcome: 'skipped' });

    failing = false;
    await ctx.api.put(`/hooks/${hook.id}`, { is_active: true });
    expect(await run.runHook(ctx.api.storeHash, hook.id)).toMatchObject({ outcome: 'idle', delivered: 1 });
    expect(target.received.at(-1)?.headers['webhook-id']).toBe(event.id);
  });

  it('lets one run hold a hook at a time: two runs at once send each event once, in order', async () => {
    const target = await receiver(() => ({ status: 200, delayMs: 20 }));
    const made = {} as { segments: Segment[]; profile: ShopperProfile };
    await changeAndWait(
      ctx.api,
      async () => {
        made.segments = await createSegments(ctx.api, 5);
        made.profile = (await createProfiles(ctx.api, 1))[0]!;
      },
      6,
    );
    const hook = await createHook(ctx.api, target.origin);
    const events = [];
    // One profile joining five segments: its events, in the order they committed.
    for (const segment of made.segments) events.push(await join(ctx.api, segment, made.profile));

    const runs = await Promise.all([deliverer().runHook(ctx.api.storeHash, hook.id), deliverer().runHook(ctx.api.storeHash, hook.id)]);

    expect(runs.map((r) => r.outcome).sort()).toEqual(['idle', 'skipped']);
    expect(target.received.map((r) => r.headers['webhook-id'])).toEqual(events.map((e) => e.id));
  });

  it('a run whose lease ran out cannot move the hook back: the run that took over keeps its place', async () => {
    const target = await receiver(() => ({ status: 200 }));
    const hook = await createHook(ctx.api, target.origin);
    const first = await anEvent(ctx.api);
    const second = await anEvent(ctx.api);
    // Run A, on a client of its own whose writes of the position can be held.
    const client = testDynamoClient();
    const gates = new CommandGates(client);
    const { store } = testStore({ client, tableName: harness.service.tableName });
    const slow = new HookDeliverer(store.hooks, store.feed, policy, silentLogger, { leaseMs: 300, retrySchedule: [0] });
    const held = gates.hold((sent) => sent.command === 'UpdateItemCommand' && String(sent.input.UpdateExpression).includes('#cursor'));
    try {
      // A sends the first event, then its position write is held past its lease.
      const runA = slow.runHook(ctx.api.storeHash, hook.id);
      await held.reached;
      await new Promise((resolve) => setTimeout(resolve, 400));
      // B takes the hook over and delivers both events (the first again: at least once).
      const runB = await deliverer().runHook(ctx.api.storeHash, hook.id);
      held.release();

      expect(runB).toMatchObject({ outcome: 'idle', delivered: 2 });
      expect(await runA).toMatchObject({ outcome: 'lost', delivered: 1 });
      expect(target.received.map((r) => r.headers['webhook-id'])).toEqual([first.id, first.id, second.id]);
      // Nothing is left to send: A's late write did not move the position back to the first event.
      expect(await deliverer().runHook(ctx.api.storeHash, hook.id)).toMatchObject({ outcome: 'idle', delivered: 0 });
    } finally {
      held.release();
      client.destroy();
    }
  });

  it('stops a run whose hook is deleted under it', async () => {
    const target = await receiver(() => ({ status: 200 }));
    const hook = await createHook(ctx.api, target.origin);
    await anEvent(ctx.api);
    await anEvent(ctx.api);
    target.answer = () => {
      void ctx.api.delete(`/hooks/${hook.id}`);
      return { status: 200, delayMs: 200 };
    };

    const run = await deliverer().runHook(ctx.api.storeHash, hook.id);

    expect(run.outcome).toBe('lost');
    expect(target.received).toHaveLength(1);
  });
});

describe('a hook whose position the feed no longer keeps', () => {
  it('is deactivated by its run, with the reason logged, rather than sent on past events it never got', async () => {
    const target = await receiver();
    const hook = await createHook(ctx.api, target.origin);
    await anEvent(ctx.api);
    await anEvent(ctx.api);
    await dropOldestEvent(ctx.api);
    const logged: Record<string, unknown>[] = [];
    const logger: Logger = { info: (msg, fields) => logged.push({ msg, ...fields }), error: () => {} };

    const run = await deliverer({ logger }).runHook(ctx.api.storeHash, hook.id);

    expect(run).toMatchObject({ outcome: 'deactivated', delivered: 0 });
    expect(target.received).toHaveLength(0);
    expect((await hookState(ctx.api, hook.id)).is_active).toBe(false);
    expect(logged).toContainEqual(
      expect.objectContaining({
        msg: 'hook delivery failed',
        hook_id: hook.id,
        deactivated: true,
        reason: expect.stringContaining('expired'),
      }),
    );
  });

  it('is switched off by the delivery loop, which goes on delivering to the other hooks', async () => {
    const stale = await receiver();
    const fresh = await receiver();
    const otherStore = await newStore(harness.service);
    const staleHook = await createHook(ctx.api, stale.origin);
    await createHook(otherStore, fresh.origin);
    await anEvent(ctx.api);
    await anEvent(ctx.api);
    await dropOldestEvent(ctx.api);
    const dispatcher = new HookDispatcher(harness.service.store.hooks, deliverer(), silentLogger, { pollMs: 50 });
    dispatcher.start();
    try {
      const event = await anEvent(otherStore);
      const [got] = await fresh.waitFor(1);
      const switchedOff = await eventually(async () => !(await hookState(ctx.api, staleHook.id)).is_active, 5_000);

      expect(JSON.parse(got!.body).id).toBe(event.id);
      expect(switchedOff).toBe(true);
      expect(stale.received).toHaveLength(0);
    } finally {
      await dispatcher.stop();
    }
  });

  it('cannot be turned back on: PUT is_active true answers 410 and the hook stays off', async () => {
    const target = await receiver();
    const hook = await createHook(ctx.api, target.origin);
    await ctx.api.put(`/hooks/${hook.id}`, { is_active: false });
    await anEvent(ctx.api);
    await anEvent(ctx.api);
    await dropOldestEvent(ctx.api);

    const response = await ctx.api.put<{ errors: Record<string, string> }>(`/hooks/${hook.id}`, { is_active: true });

    expect(response.status).toBe(410);
    expect(response.body.errors.is_active).toContain('create a new one');
    expect((await hookState(ctx.api, hook.id)).is_active).toBe(false);
  });

  it('can be turned back on while its position is kept, and delivers what came while it was off', async () => {
    const target = await receiver();
    const hook = await createHook(ctx.api, target.origin);
    await ctx.api.put(`/hooks/${hook.id}`, { is_active: false });
    const missed = await anEvent(ctx.api);

    const response = await ctx.api.put(`/hooks/${hook.id}`, { is_active: true });
    await deliverer().runHook(ctx.api.storeHash, hook.id);

    expect(response.status).toBe(200);
    expect(target.received.map((r) => r.headers['webhook-id'])).toEqual([missed.id]);
  });
});

describe('destinations at delivery', () => {
  it('refuses a destination whose name now resolves to a private address, sending no packet', async () => {
    const target = await receiver();
    answers.set('receiver.test', ['127.0.0.1']);
    const hook = await createHook(ctx.api, `http://receiver.test:${target.port}/`);
    await anEvent(ctx.api);
    answers.set('receiver.test', ['10.20.30.40']);

    const run = await deliverer().runHook(ctx.api.storeHash, hook.id);

    expect(run).toMatchObject({ outcome: 'retry', delivered: 0 });
    expect(target.received).toHaveLength(0);
  });

  it('connects to the address it checked, under the name the hook gave', async () => {
    const target = await receiver();
    answers.set('receiver.test', ['127.0.0.1']);
    const hook = await createHook(ctx.api, `http://receiver.test:${target.port}/`);
    await anEvent(ctx.api);

    await deliverer().runHook(ctx.api.storeHash, hook.id);

    expect(target.received[0]?.headers.host).toBe(`receiver.test:${target.port}`);
  });

  it('does not follow a redirect: a 3xx is a failed attempt and its target gets nothing', async () => {
    const elsewhere = await receiver();
    const target = await receiver(() => ({ status: 307, headers: { Location: `${elsewhere.origin}/` } }));
    const hook = await createHook(ctx.api, target.origin);
    await anEvent(ctx.api);

    const run = await deliverer().runHook(ctx.api.storeHash, hook.id);

    expect(run).toMatchObject({ outcome: 'retry' });
    expect(elsewhere.received).toHaveLength(0);
  });

  it('refuses http to anything but loopback, even with HOOKS_ALLOW_LOOPBACK', async () => {
    answers.set('public.test', ['93.184.215.14']);
    const response = await ctx.api.post<{ errors: Record<string, string> }>('/hooks', { scope: '*', destination: 'http://public.test/' });
    expect(response.status).toBe(400);
    expect(response.body.errors.destination).toContain('https');
  });
});

describe('isolation', () => {
  it('a hanging receiver delays neither another hook of its store nor another store', async () => {
    const hanging = await receiver(() => 'hang');
    const fast = await receiver();
    const otherStore = await newStore(harness.service);
    await createHook(ctx.api, hanging.origin);
    await createHook(ctx.api, `${fast.origin}/same-store`);
    await createHook(otherStore, `${fast.origin}/other-store`);
    const dispatcher = new HookDispatcher(harness.service.store.hooks, deliverer({ timeoutMs: 20_000 }), silentLogger, { pollMs: 50 });
    dispatcher.start();
    try {
      await anEvent(ctx.api);
      await anEvent(otherStore);

      await fast.waitFor(2);
      await hanging.waitFor(1);

      expect(fast.received.map((r) => r.path).sort()).toEqual(['/other-store', '/same-store']);
      // The hanging receiver still holds its request: the others did not wait for it.
      expect(hanging.hanging).toBe(1);
    } finally {
      await hanging.close();
      await dispatcher.stop();
    }
  });
});
