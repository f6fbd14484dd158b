/**
 * Every pact is compared with contracts/openapi.yaml: no consumer may expect what the document
 * does not promise, nor send what it does not accept (unknown query parameters and headers too).
 */

import type { PactFile, PactInteraction } from '../../contracts/provider/pact-files';
import { comparePactsWithOpenApi, readOpenApi } from '../../contracts/provider/pact-vs-openapi';
import { ANY_STORE_BASE_PATH } from '../../service/src/http/base-path';
import { committedPacts } from './helpers';

type Mutable = PactInteraction & { request: { body?: { content: unknown } }; response: { body?: { content: unknown } } };

/** The committed pacts with one interaction changed. */
function withChange(description: string, change: (interaction: Mutable) => void): PactFile[] {
  const pacts = structuredClone(committedPacts());
  const interaction = pacts.flatMap((p) => p.interactions).find((i) => i.description === description);
  if (!interaction) throw new Error(`no interaction "${description}" in the committed pacts`);
  change(interaction as Mutable);
  return pacts;
}

async function problemsOf(pacts: PactFile[]) {
  return comparePactsWithOpenApi(readOpenApi(), pacts);
}

/** Each documented operation's id, with a pattern that matches its paths on the pact store. */
function documentedOperations(): { id: string; method: string; pattern: RegExp }[] {
  const doc = readOpenApi() as { paths: Record<string, Record<string, { operationId?: string }>> };
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, op]) => typeof op === 'object' && op !== null && typeof op.operationId === 'string')
      .map(([method, op]) => ({
        id: op.operationId!,
        method: method.toUpperCase(),
        pattern: new RegExp(`^${ANY_STORE_BASE_PATH}${path.replace(/\{\w+\}/g, '[^/]+')}$`),
      })),
  );
}

describe('what the consumers cover together', () => {
  const interactions = committedPacts().flatMap((p) => p.interactions);
  const operations = documentedOperations();
  const operationOf = (i: PactInteraction) =>
    operations.find((op) => op.method === i.request.method && op.pattern.test(i.request.path))?.id;

  it('covers all twenty-six operations of the document (eleven of the beta, fifteen extensions)', () => {
    const covered = new Set(interactions.map(operationOf));

    expect(operations).toHaveLength(26);
    expect(operations.map((op) => op.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('covers the auth failures: 401 without a token and with an unknown one, 403 with too small a scope', () => {
    const statuses = (code: number) => interactions.filter((i) => i.response.status === code);

    expect(statuses(401).some((i) => !i.request.headers?.['X-Auth-Token'])).toBe(true);
    expect(statuses(401).some((i) => i.request.headers?.['X-Auth-Token'])).toBe(true);
    expect(statuses(403).length).toBeGreaterThan(0);
  });
});

describe('pacts against the OpenAPI document', () => {
  it('finds every committed pact within the document', async () => {
    expect(await problemsOf(committedPacts())).toEqual([]);
  });

  it.each([
    [
      'an unknown query parameter',
      'a request to list shopper profiles',
      (i: Mutable) => {
        i.request.query = { ...i.request.query, sort: ['name'] };
      },
      'request.query.unknown',
    ],
    [
      'an unknown request header',
      'a request to create a segment',
      (i: Mutable) => {
        i.request.headers = { ...i.request.headers, 'X-Tenant': ['acme'] };
      },
      'request.header.unknown',
    ],
    [
      'a status code the document does not list',
      'a request to delete a segment by id',
      (i: Mutable) => {
        i.response.status = 200;
      },
      'response.status.unknown',
    ],
    [
      'a response field of another type',
      'a request to create a segment',
      (i: Mutable) => {
        const body = i.response.body?.content as { data: { id: unknown }[] };
        body.data[0]!.id = 42;
      },
      'response.body.incompatible',
    ],
    [
      'a response field the document does not have (the meta of a create is empty)',
      'a request to create a segment',
      (i: Mutable) => {
        (i.response.body?.content as { meta: Record<string, unknown> }).meta = { total: 1 };
      },
      'response.body.incompatible',
    ],
    [
      'a request body the document refuses',
      'a request to create a shopper profile',
      (i: Mutable) => {
        i.request.body = { ...i.request.body, content: [{ customer_id: 'one hundred and one' }] };
      },
      'request.body.incompatible',
    ],
    [
      'a path the document does not have',
      'a request to list shopper profiles',
      (i: Mutable) => {
        i.request.path = i.request.path.replace('/shopper-profiles', '/customers');
      },
      'request.path-or-method.unknown',
    ],
    [
      'a query value the document refuses',
      'a request to list shopper profiles',
      (i: Mutable) => {
        i.request.query = { ...i.request.query, limit: ['1000'] };
      },
      'request.query.incompatible',
    ],
  ])('flags %s', async (_what, description, change, code) => {
    const problems = await problemsOf(withChange(description, change));

    // A body that must take one of several forms fails each form: one problem per form, all of this kind.
    expect(problems.length).toBeGreaterThan(0);
    expect(problems).toEqual(problems.map(() => expect.objectContaining({ code, interaction: description })));
  });
});
