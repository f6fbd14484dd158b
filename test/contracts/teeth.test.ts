/**
 * Teeth: the verification must fail when the provider changes anything a consumer relies on.
 * Each case serves a deliberately altered copy of the app (a middleware rewrites its answers,
 * while the provider states are still built through the unaltered app) and verifies the
 * interactions that rely on what was altered. Every one of them must fail.
 */
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

interface Alteration {
  what: string;
  alter: RequestHandler;
  /** The interactions that rely on what is altered. */
  relies: (interaction: PactInteraction) => boolean;
}

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

const alterations: Alteration[] = [
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
];

describe('the provider verification has teeth', () => {
  const dir = scratchDir('teeth-');

  it.each(alterations)('fails when the provider changes $what', async ({ alter, relies }) => {
    // Arrange: the interactions that rely on it, and a provider that changes it.
    const relying: string[] = [];
    const files = writePacts(dir, (interaction) => relies(interaction) && relying.push(interaction.description) > 0);
    const provider = await startInProcessProvider(jestDynamo(), { alter });

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
