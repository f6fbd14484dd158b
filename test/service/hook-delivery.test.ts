import { verifyWebhook } from '../../contracts/client/webhooks';
import { HookDeliverer } from '../../service/src/hooks/delivery';
import { DestinationPolicy } from '../../service/src/hooks/destinations';
import { HookDispatcher } from '../../service/src/hooks/dispatcher';
import type { FeedEvent } from '../../service/src/hooks/event-source';
import { silentLogger } from '../../service/src/logger';
import { newStore, type StoreApi } from '../helpers/api';
import { CommandGates } from '../helpers/gates';
import { type Receiver, startReceiver } from '../helpers/receiver';
import { testDynamoClient, testStore, useServiceAndFreshStore } from '../helpers/service';

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

const ctx = useServiceAndFreshStore({ hookDestinations: () => policy });

const receivers: Receiver[] = [];
async function receiver(answer?: Receiver['answer']): Promise<Receiver> {
  const started = await startReceiver(answer);
  receivers.push(started);
  return started;
}
/**
 * Hooks are deleted after each test: another suite's delivery loop on the same table must find
 * none left with a name only this suite's resolver knows (it would ask the system's DNS).
 */
const created: { api: StoreApi; id: string }[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map(({ api, id }) => api.delete(`/hooks/${id}`)));
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  answers.clear();
});

/** Deliveries with retries seconds apart rather than minutes, and a short timeout. */
function deliverer(options: { retrySchedule?: number[]; timeoutMs?: number; now?: () => number } = {}): HookDeliverer {
  return new HookDeliverer(ctx.service.store.hooks, ctx.service.store.events, policy, silentLogger, {
    timeoutMs: 1000,
    retrySchedule: [0, 0, 0],
    ...options,
  });
}

async function createHook(api: StoreApi, destination: string, scope = '*', headers?: Record<string, string>): Promise<CreatedHook> {
  const response = await api.post<{ data: CreatedHook }>('/hooks', { scope, destination, ...(headers ? { headers } : {}) });
  if (response.status !== 201) throw new Error(`POST /hooks answered ${response.status}: ${JSON.stringify(response.body)}`);
  created.push({ api, id: response.body.data.id });
  return response.body.data;
}

let sequence = 0;
function publish(api: StoreApi, type = 'segment.shopper_profile_added', profile = 'p1'): Promise<FeedEvent> {
  sequence++;
  return ctx.service.store.events.append({
    type,
    store_hash: api.storeHash,
    occurred_at: new Date().toISOString(),
    data: { segment_id: `s${sequence}`, shopper_profile_id: profile },
  });
}

async function hookState(api: StoreApi, hookId: string): Promise<CreatedHook> {
  return (await api.get<{ data: CreatedHook }>(`/hooks/${hookId}`)).body.data;
}

describe('a delivery', () => {
  it('POSTs the event as its body, signed, with the hook headers; the kit verifies it with the secret the API showed', async () => {
    const target = await receiver();
    const hook = await createHook(ctx.api, `${target.origin}/in?x=1`, '*', { 'X-Receiver-Token': 't0k' });
    const event = await publish(ctx.api);

    const run = await deliverer().runHook(ctx.api.storeHash, hook.id);

    expect(run).toEqual({ hookId: hook.id, outcome: 'idle', delivered: 1 });
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
    await publish(ctx.api, 'segment.created');
    const hook = await createHook(ctx.api, target.origin, 'segment.*');
    await publish(ctx.api, 'shopper_profile.created');
    const wanted = await publish(ctx.api, 'segment.deleted');
    await publish(ctx.api, 'promotion.targeting_updated');

    await deliverer().runHook(ctx.api.storeHash, hook.id);

    expect(target.received.map((r) => JSON.parse(r.body).id)).toEqual([wanted.id]);
    // The position moved past what was out of scope: a second run sends nothing.
    expect(await deliverer().runHook(ctx.api.storeHash, hook.id)).toMatchObject({ outcome: 'idle', delivered: 0 });
  });

  it('is signed with the new and the previous secret for the grace period after a rotation, then with the new one only', async () => {
    const target = await receiver();
    const hook = await createHook(ctx.api, target.origin);
    const rotated = (await ctx.api.post<{ data: CreatedHook }>(`/hooks/${hook.id}/secret`, undefined)).body.data;
    await publish(ctx.api);
    await deliverer().runHook(ctx.api.storeHash, hook.id);
    await publish(ctx.api);
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
    const hook = await createHook(ctx.api, target.origin);
    const first = await publish(ctx.api, 'segment.shopper_profile_added', 'p1');
    const second = await publish(ctx.api, 'segment.shopper_profile_removed', 'p1');
    const run = deliverer();

    expect(await run.runHook(ctx.api.storeHash, hook.id)).toMatchObject({ outcome: 'retry', delivered: 0 });
    expect(await run.runHook(ctx.api.storeHash, hook.id)).toMatchObject({ outcome: 'retry', delivered: 0 });
    expect(await run.runHook(ctx.api.storeHash, hook.id)).toMatchObject({ outcome: 'idle', delivered: 2 });

    expect(target.received.map((r) => r.headers['webhook-id'])).toEqual([first.id, first.id, first.id, second.id]);
  });

  it('does not try again before the schedule says', async () => {
    const target = await receiver(() => ({ status: 503 }));
    const hook = await createHook(ctx.api, target.origin);
    await publish(ctx.api);
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
    await publish(ctx.api);

    const run = await deliverer({ timeoutMs: 300 }).runHook(ctx.api.storeHash, hook.id);

    expect(run).toMatchObject({ outcome: 'retry', delivered: 0 });
  });

  it('deactivates the hook when the schedule is spent, keeps the events, and starts again from the failed one when reactivated', async () => {
    let failing = true;
    const target = await receiver(() => ({ status: failing ? 500 : 200 }));
    const hook = await createHook(ctx.api, target.origin);
    const event = await publish(ctx.api);
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
    const hook = await createHook(ctx.api, target.origin);
    const events = [];
    for (let i = 0; i < 5; i++) events.push(await publish(ctx.api, 'segment.shopper_profile_added', 'p1'));

    const runs = await Promise.all([deliverer().runHook(ctx.api.storeHash, hook.id), deliverer().runHook(ctx.api.storeHash, hook.id)]);

    expect(runs.map((r) => r.outcome).sort()).toEqual(['idle', 'skipped']);
    expect(target.received.map((r) => r.headers['webhook-id'])).toEqual(events.map((e) => e.id));
  });

  it('a run whose lease ran out cannot move the hook back: the run that took over keeps its place', async () => {
    const target = await receiver(() => ({ status: 200 }));
    const hook = await createHook(ctx.api, target.origin);
    const first = await publish(ctx.api);
    const second = await publish(ctx.api);
    // Run A, on a client of its own whose writes of the position can be held.
    const client = testDynamoClient();
    const gates = new CommandGates(client);
    const { store } = testStore({ client });
    const slow = new HookDeliverer(store.hooks, store.events, policy, silentLogger, { leaseMs: 300, retrySchedule: [0] });
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
    await publish(ctx.api);
    await publish(ctx.api);
    target.answer = () => {
      void ctx.api.delete(`/hooks/${hook.id}`);
      return { status: 200, delayMs: 200 };
    };

    const run = await deliverer().runHook(ctx.api.storeHash, hook.id);

    expect(run.outcome).toBe('lost');
    expect(target.received).toHaveLength(1);
  });
});

describe('destinations at delivery', () => {
  it('refuses a destination whose name now resolves to a private address, sending no packet', async () => {
    const target = await receiver();
    answers.set('receiver.test', ['127.0.0.1']);
    const hook = await createHook(ctx.api, `http://receiver.test:${target.port}/`);
    await publish(ctx.api);
    answers.set('receiver.test', ['10.20.30.40']);

    const run = await deliverer().runHook(ctx.api.storeHash, hook.id);

    expect(run).toMatchObject({ outcome: 'retry', delivered: 0 });
    expect(target.received).toHaveLength(0);
  });

  it('connects to the address it checked, under the name the hook gave', async () => {
    const target = await receiver();
    answers.set('receiver.test', ['127.0.0.1']);
    const hook = await createHook(ctx.api, `http://receiver.test:${target.port}/`);
    await publish(ctx.api);

    await deliverer().runHook(ctx.api.storeHash, hook.id);

    expect(target.received[0]?.headers.host).toBe(`receiver.test:${target.port}`);
  });

  it('does not follow a redirect: a 3xx is a failed attempt and its target gets nothing', async () => {
    const elsewhere = await receiver();
    const target = await receiver(() => ({ status: 307, headers: { Location: `${elsewhere.origin}/` } }));
    const hook = await createHook(ctx.api, target.origin);
    await publish(ctx.api);

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
    const otherStore = await newStore(ctx.service);
    await createHook(ctx.api, hanging.origin);
    await createHook(ctx.api, `${fast.origin}/same-store`);
    await createHook(otherStore, `${fast.origin}/other-store`);
    const dispatcher = new HookDispatcher(ctx.service.store.hooks, deliverer({ timeoutMs: 20_000 }), silentLogger, { pollMs: 50 });
    dispatcher.start();
    try {
      await publish(ctx.api);
      await publish(otherStore);

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
