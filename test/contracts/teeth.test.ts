/**
 * Teeth: the verification must fail when the provider changes anything a consumer relies on.
 * Each case serves a deliberately altered copy of the app (a middleware rewrites its answers, or
 * answers a request its own way through the unaltered API) and verifies the interactions that
 * rely on what was altered. Every one of them must fail. The provider states are built through
 * the unaltered app, except for the changes of what a merge does: those are seen by reading
 * after a merge that a state made, so the states go through the altered copy, as they do when a
 * proxy in front of a running instance is verified (`PROVIDER_BASE_URL`).
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { PactInteraction } from '../../contracts/provider/pact-files';
import { startInProcessProvider } from '../../contracts/provider/providers';
import { verifyProvider } from '../../contracts/provider/verify';
import { jestDynamo, scratchDir, writePacts } from './helpers';

type Body = Record<string, unknown>;

/** Rewrites every JSON answer of the app before it is sent. */
function rewriteJson(rewrite: (body: Body, status: number) => unknown): RequestHandler {
  return (_req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => json(typeof body === 'object' && body !== null ? rewrite(body as Body, res.statusCode) : body);
    next();
  };
}

/** Changes each item of `data`: a list's items, or the one item of a single answer (a merge's profile). */
function mapItems(body: Body, change: (item: Body) => Body): Body {
  if (Array.isArray(body.data)) return { ...body, data: body.data.map((item) => change(item as Body)) };
  return typeof body.data === 'object' && body.data !== null ? { ...body, data: change(body.data as Body) } : body;
}

function renameKey(item: Body, from: string, to: string): Body {
  if (!(from in item)) return item;
  const { [from]: value, ...rest } = item;
  return { ...rest, [to]: value };
}

interface Mutant {
  what: string;
  /** A rewrite of the app's answers, or (`alterAt`) a change that calls the unaltered API itself. */
  alter?: RequestHandler;
  alterAt?: (honestOrigin: string) => RequestHandler;
  /** Build the provider states through the altered copy too (a change of what a state does). */
  statesToo?: boolean;
  /** The interactions that rely on what is altered. */
  relies: (interaction: PactInteraction) => boolean;
}

/** A call of the unaltered API on the intercepted request's store, with its token. */
type Api = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Body }>;
type MergeBody = { guest_id: string; customer_id: number };

/**
 * A change of `POST …/shopper-profiles/merge`: `answer` handles it its own way, calling the
 * unaltered API as the caller would (the real merge included). Every other request goes on to the app.
 */
function mutateMerge(answer: (api: Api, merge: MergeBody) => Promise<{ status: number; body: Body }>) {
  return (honestOrigin: string): RequestHandler =>
    async (req, res, next) => {
      const base = /^(\/stores\/[^/]+\/v3)\/shopper-profiles\/merge$/.exec(req.path)?.[1];
      if (req.method !== 'POST' || base === undefined) return next();
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(Buffer.from(chunk as Uint8Array));
        const api: Api = async (method, path, body) => {
          const response = await fetch(`${honestOrigin}${base}${path}`, {
            method,
            headers: {
              'X-Auth-Token': String(req.headers['x-auth-token']),
              Accept: 'application/json',
              'Content-Type': 'application/json',
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          const text = await response.text();
          return { status: response.status, body: (text ? JSON.parse(text) : {}) as Body };
        };
        const answered = await answer(api, JSON.parse(Buffer.concat(chunks).toString('utf8')) as MergeBody);
        res.status(answered.status).json(answered.body);
      } catch (error) {
        next(error);
      }
    };
}

/** The items of a list answer (`data: [...]`), or the one item of a single answer. */
const itemsOf = (body: Body): Body[] => (Array.isArray(body.data) ? (body.data as Body[]) : body.data ? [body.data as Body] : []);
const idOf = (body: Body): string | undefined => itemsOf(body)[0]?.id as string | undefined;

/** The guest's profile and its segments' ids, read before a merge removes them. */
async function guestBeforeMerge(api: Api, guestId: string): Promise<{ profileId: string | undefined; segmentIds: string[] }> {
  const profileId = idOf((await api('GET', `/shopper-profiles?${new URLSearchParams({ 'guest_id:in': guestId })}`)).body);
  if (!profileId) return { profileId, segmentIds: [] };
  const segments = await api('GET', `/shopper-profiles/${profileId}/segments?limit=250`);
  return { profileId, segmentIds: itemsOf(segments.body).map((segment) => String(segment.id)) };
}

/** Every id of a targeting expression, each changed the same way wherever it appears. */
function mapExpressionIds(expression: unknown, change: (id: string) => string): unknown {
  if (Array.isArray(expression)) return expression.map((item) => mapExpressionIds(item, change));
  if (typeof expression === 'string') return change(expression);
  if (typeof expression === 'object' && expression !== null) {
    return Object.fromEntries(Object.entries(expression).map(([key, value]) => [key, mapExpressionIds(value, change)]));
  }
  return expression;
}

/** Interactions named exactly. */
const described =
  (...descriptions: string[]) =>
  (i: PactInteraction) =>
    descriptions.includes(i.description);
const expectedBody = (i: PactInteraction) => JSON.stringify((i.response as { body?: unknown }).body ?? {});
const READ_AFTER_MERGE = [
  'a request for the segments of a customer after a guest in two segments was merged into the customer’s profile',
  'a request to list the shopper profiles of a segment whose guest member was merged into a customer',
];

const status = (code: number) => (i: PactInteraction) => i.response.status === code;
/** Interactions whose expected response body holds the key. */
const expectsKey = (key: string) => (i: PactInteraction) =>
  JSON.stringify((i.response as { body?: unknown }).body ?? {}).includes(`"${key}":`);

/** Applies `change` to the targeting(s) a body holds, one (`data: {...}`) or a list (`data: [...]`). */
function mapTargetings(body: Body, change: (targeting: Body) => Body): Body {
  const isTargeting = (item: unknown): item is Body => typeof item === 'object' && item !== null && 'promotion_id' in item;
  if (Array.isArray(body.data)) return { ...body, data: body.data.map((item) => (isTargeting(item) ? change(item) : item)) };
  return isTargeting(body.data) ? { ...body, data: change(body.data) } : body;
}

const alterations: Mutant[] = [
  {
    what: 'deleted segments: those a targeting names are shown as live',
    alter: rewriteJson((body) =>
      mapTargetings(body, (t) => ({
        ...t,
        segment_ids: [...(t.segment_ids as string[]), ...(t.deleted_segment_ids as string[])],
        deleted_segment_ids: [],
      })),
    ),
    relies: (i) => /"deleted_segment_ids":\[[^\]]/.test(JSON.stringify((i.response as { body?: unknown }).body ?? {})),
  },
  {
    what: "a targeting's `promotion_id` becomes a string",
    alter: rewriteJson((body) => mapTargetings(body, (t) => ({ ...t, promotion_id: String(t.promotion_id) }))),
    relies: expectsKey('promotion_id'),
  },
  {
    what: 'a status code: creating answers 200 instead of 201',
    alter: (_req, res, next) => {
      const setStatus = res.status.bind(res);
      res.status = (code: number) => setStatus(code === 201 ? 200 : code);
      next();
    },
    relies: status(201),
  },
  {
    what: "a field's name: a segment's `name` becomes `title`",
    alter: rewriteJson((body) => mapItems(body, (item) => renameKey(item, 'name', 'title'))),
    relies: expectsKey('name'),
  },
  {
    what: "a field's type: `customer_id` becomes a string",
    alter: rewriteJson((body) =>
      mapItems(body, (item) => ('customer_id' in item ? { ...item, customer_id: String(item.customer_id) } : item)),
    ),
    relies: expectsKey('customer_id'),
  },
  {
    what: 'the envelope: `data` is renamed `items`',
    alter: rewriteJson((body) => renameKey(body, 'data', 'items')),
    relies: expectsKey('data'),
  },
  {
    what: 'the pagination meta: `per_page` becomes `limit`',
    alter: rewriteJson((body) => {
      const meta = body.meta as { pagination?: Body } | undefined;
      return meta?.pagination ? { ...body, meta: { ...meta, pagination: renameKey(meta.pagination, 'per_page', 'limit') } } : body;
    }),
    relies: expectsKey('pagination'),
  },
  {
    what: 'the content type: JSON is sent as text/plain',
    alter: (_req, res, next) => {
      const json = res.json.bind(res);
      res.json = (body: unknown) => json.call(res.type('text/plain'), body);
      next();
    },
    relies: (i) => i.response.status !== 204,
  },
  {
    what: "an error's shape: the envelope's `title` becomes `message`",
    alter: rewriteJson((body, code) => (code >= 400 && code !== 409 ? renameKey(body, 'title', 'message') : body)),
    relies: (i) => i.response.status >= 400 && i.response.status !== 409,
  },
  {
    what: 'the batch conflict envelope: `meta.failed` is dropped',
    alter: rewriteJson((body, code) => (code === 409 ? { ...body, meta: { ...(body.meta as Body), failed: undefined } } : body)),
    relies: status(409),
  },
  {
    what: "a targeting's `segment_ids`: other segments' ids",
    alter: rewriteJson((body) => mapTargetings(body, (t) => ({ ...t, segment_ids: (t.segment_ids as string[]).map(() => randomUUID()) }))),
    relies: (i) => /"segment_ids":\[[^\]]/.test(expectedBody(i)),
  },
  {
    what: "a targeting's `segment_ids`: the same ids in another order",
    alter: rewriteJson((body) => mapTargetings(body, (t) => ({ ...t, segment_ids: [...(t.segment_ids as string[])].reverse() }))),
    relies: (i) => /"segment_ids":\["[^"]+","/.test(expectedBody(i)),
  },
  {
    what: "a targeting's expression: another segment's id in place of each it names",
    alter: rewriteJson((body) => {
      const other = new Map<string, string>();
      const otherOf = (id: string) => other.get(id) ?? other.set(id, randomUUID()).get(id)!;
      return mapTargetings(body, (t) => ({ ...t, customer_segments: mapExpressionIds(t.customer_segments, otherOf) }));
    }),
    relies: expectsKey('customer_segments'),
  },
  {
    what: "a merge's answer: the guest's profile instead of the customer's",
    alterAt: mutateMerge(async (api, merge) => {
      const guest = await guestBeforeMerge(api, merge.guest_id);
      const merged = await api('POST', '/shopper-profiles/merge', merge);
      if (merged.status !== 200) return merged;
      return { status: 200, body: { ...merged.body, data: { ...(merged.body.data as Body), id: guest.profileId } } };
    }),
    relies: described('a request to merge a guest into a customer with a profile'),
  },
  {
    what: "a merge that leaves the guest's memberships behind: the customer's profile is answered (made if need be), the guest's kept",
    alterAt: mutateMerge(async (api, merge) => {
      // A guest without a profile is still refused (404), as the real merge does.
      if (!(await guestBeforeMerge(api, merge.guest_id)).profileId) return api('POST', '/shopper-profiles/merge', merge);
      const query = new URLSearchParams({ 'customer_id:in': String(merge.customer_id) });
      const existing = itemsOf((await api('GET', `/shopper-profiles?${query}`)).body)[0];
      const profile = existing ?? itemsOf((await api('POST', '/shopper-profiles', [{ customer_id: merge.customer_id }])).body)[0];
      return { status: 200, body: { data: profile } };
    }),
    statesToo: true,
    relies: described(...READ_AFTER_MERGE, 'a request to merge a guest into a customer without a profile'),
  },
  {
    what: "a merge that copies the guest's memberships and leaves them on a guest profile too",
    alterAt: mutateMerge(async (api, merge) => {
      const guest = await guestBeforeMerge(api, merge.guest_id);
      const merged = await api('POST', '/shopper-profiles/merge', merge);
      if (merged.status !== 200 || !guest.profileId) return merged;
      const again = idOf((await api('POST', '/shopper-profiles', [{ guest_id: merge.guest_id }])).body);
      for (const segmentId of guest.segmentIds) await api('POST', `/segments/${segmentId}/shopper-profiles`, [again]);
      return merged;
    }),
    statesToo: true,
    relies: described(READ_AFTER_MERGE[1]!),
  },
  {
    what: "a merge that drops the guest's memberships",
    alterAt: mutateMerge(async (api, merge) => {
      const guest = await guestBeforeMerge(api, merge.guest_id);
      const merged = await api('POST', '/shopper-profiles/merge', merge);
      const customerProfileId = idOf(merged.body);
      if (merged.status !== 200 || !customerProfileId) return merged;
      for (const segmentId of guest.segmentIds) {
        await api('DELETE', `/segments/${segmentId}/shopper-profiles?${new URLSearchParams({ 'id:in': customerProfileId })}`);
      }
      return merged;
    }),
    statesToo: true,
    relies: described(...READ_AFTER_MERGE),
  },
];

describe('the provider verification has teeth', () => {
  const dir = scratchDir('teeth-');

  it.each(alterations)('fails when the provider changes $what', async ({ alter, alterAt, statesToo, relies }) => {
    // Arrange: the interactions that rely on it, and a provider that changes it.
    const relying: string[] = [];
    const files = writePacts(dir, (interaction) => relies(interaction) && relying.push(interaction.description) > 0);
    const middleware = alterAt ?? (alter && (() => alter));
    if (!middleware) throw new Error('a mutant needs `alter` or `alterAt`');
    const provider = await startInProcessProvider(jestDynamo(), { alter: middleware, statesToo });

    try {
      // Act
      const outcome = await verifyProvider({ target: provider.target, source: { kind: 'files', files } });

      // Assert: every interaction that relies on it fails.
      expect(relying.length).toBeGreaterThan(0);
      expect(outcome.ok).toBe(false);
      const unnoticed = relying.filter((description) => !outcome.failures.some((failure) => failure.includes(description)));
      expect(unnoticed).toEqual([]);
    } finally {
      await provider.stop();
    }
  });
});
