/**
 * `npm run spec:compat -- <file>` lists what another OpenAPI document has that ours lacks or
 * types differently. Each case below starts from our own document and adds or retypes one thing.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { OPENAPI_FILE } from '../../contracts/provider/pact-vs-openapi';
import { readDocument, specDifferences } from '../../contracts/scripts/spec-compat';
import { REPO_ROOT } from '../../contracts/scripts/support/consumer-pacts';
import { scratchDir } from './helpers';

// biome-ignore lint/suspicious/noExplicitAny: the cases reach deep into an OpenAPI document.
type Doc = any;

const ours = () => readDocument(OPENAPI_FILE) as Doc;

/** Our document with one change: the "other" document of a case. */
function theirs(change: (doc: Doc) => void): Doc {
  const doc = ours();
  change(doc);
  return doc;
}

describe('spec:compat', () => {
  it('finds nothing when the other document is ours', () => {
    expect(specDifferences(ours(), ours())).toEqual([]);
  });

  it.each([
    [
      'an operation ours lacks',
      (doc: Doc) => {
        doc.paths['/segments/{segmentId}'] = { get: { operationId: 'GetSegment', responses: { '200': { description: 'one segment' } } } };
      },
      [{ kind: 'operation', operation: 'GET /segments/{segmentId} (GetSegment)', problem: 'missing' }],
    ],
    [
      'a parameter ours lacks',
      (doc: Doc) => {
        doc.paths['/segments'].get.parameters.push({ name: 'sort', in: 'query', schema: { type: 'string' } });
      },
      [{ kind: 'parameter', operation: 'GET /segments (GetPaginatedSegmentsList)', subject: 'query "sort"', problem: 'missing' }],
    ],
    [
      'a parameter ours types differently',
      (doc: Doc) => {
        doc.components.parameters.Page = { name: 'page', in: 'query', schema: { type: 'string' } };
      },
      [
        'GET /segments (GetPaginatedSegmentsList)',
        'GET /segments/{segmentId}/shopper-profiles (GetSegmentProfiles)',
        'GET /shopper-profiles (GetShopperList)',
        'GET /shopper-profiles/{shopperProfileId}/segments (GetListShopperProfile)',
        'GET /segments/{segmentId}/promotions (GetSegmentPromotions)',
        'GET /shopper-profiles/{shopperProfileId}/promotions (GetShopperProfilePromotions)',
        'GET /customers/{customerId}/segments (GetCustomerSegments)',
        'GET /customers/{customerId}/promotions (GetCustomerPromotions)',
      ].map((operation) => ({ kind: 'parameter', operation, subject: 'query "page"', problem: 'typed string there, integer here' })),
    ],
    [
      'a status code ours lacks',
      (doc: Doc) => {
        doc.paths['/shopper-profiles'].post.responses['429'] = { description: 'too many requests' };
      },
      [{ kind: 'status', operation: 'POST /shopper-profiles (ShopperProfilesRequest)', subject: '429', problem: 'missing' }],
    ],
    [
      'a response field ours lacks',
      (doc: Doc) => {
        doc.components.schemas.ShopperProfile.properties.email = { type: 'string' };
      },
      expect.arrayContaining([
        { kind: 'field', operation: 'GET /shopper-profiles (GetShopperList)', subject: '200 response data[].email', problem: 'missing' },
        {
          kind: 'field',
          operation: 'POST /shopper-profiles (ShopperProfilesRequest)',
          subject: '201 response data[].email',
          problem: 'missing',
        },
      ]),
    ],
    [
      'a response field ours types differently',
      (doc: Doc) => {
        doc.components.schemas.Pagination.properties.total = { type: 'string' };
      },
      expect.arrayContaining([
        {
          kind: 'field',
          operation: 'GET /segments (GetPaginatedSegmentsList)',
          subject: '200 response meta.pagination.total',
          problem: 'typed string there, integer here',
        },
      ]),
    ],
    [
      'a request body field ours lacks',
      (doc: Doc) => {
        doc.components.schemas.SegmentPost.properties.color = { type: 'string' };
      },
      [{ kind: 'field', operation: 'POST /segments (SegmentsPostRequest)', subject: 'request body [].color', problem: 'missing' }],
    ],
    [
      'a request body field ours types more narrowly (number there, integer here)',
      (doc: Doc) => {
        doc.components.schemas.ShopperProfilePost.properties.customer_id = { type: 'number' };
      },
      [
        {
          kind: 'field',
          operation: 'POST /shopper-profiles (ShopperProfilesRequest)',
          subject: 'request body [].customer_id',
          problem: 'typed number there, integer here',
        },
      ],
    ],
    [
      'a format ours differs in',
      (doc: Doc) => {
        doc.components.schemas.Segment.properties.created_at = { type: 'string', format: 'date' };
      },
      expect.arrayContaining([
        {
          kind: 'field',
          operation: 'PUT /segments (PutSegmentObjects)',
          subject: '201 response data[].created_at',
          problem: 'typed string (date) there, string (date-time) here',
        },
      ]),
    ],
  ])('lists %s', (_what, change, expected) => {
    expect(specDifferences(ours(), theirs(change))).toEqual(expected);
  });

  it('accepts our integer where the other answers a number (its clients read it)', () => {
    const other = theirs((doc) => {
      doc.components.schemas.Pagination.properties.total = { type: 'number' };
    });

    expect(specDifferences(ours(), other)).toEqual([]);
  });

  it('reads a map of ours (`errors`) as holding any key the other names', () => {
    const other = theirs((doc) => {
      doc.components.schemas.DetailedErrors = { type: 'object', properties: { '0': { type: 'string' } } };
    });

    expect(specDifferences(ours(), other)).toEqual([]);
  });

  describe('the command', () => {
    const dir = scratchDir('spec-compat-');
    const run = (...args: string[]) =>
      spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(REPO_ROOT, 'contracts', 'scripts', 'spec-compat.ts'), ...args], {
        encoding: 'utf8',
      });

    it('exits 1 listing the differences', () => {
      const file = join(dir, 'newer-beta.yaml');
      writeFileSync(
        file,
        stringify(theirs((doc) => doc.paths['/segments'].get.parameters.push({ name: 'sort', in: 'query', schema: { type: 'string' } }))),
      );

      const result = run(file);

      expect(result.status).toBe(1);
      expect(result.stdout).toContain('parameter GET /segments (GetPaginatedSegmentsList) — query "sort": missing');
    });

    it('exits 0 when ours has everything', () => {
      const result = run(OPENAPI_FILE);

      expect(result.status).toBe(0);
      expect(result.stdout).toContain('has every operation, parameter, status code and field');
    });

    it('explains its usage without a file', () => {
      const result = run();

      expect(result.status).toBe(2);
      expect(result.stderr).toContain('usage: npm run spec:compat -- <openapi file');
    });
  });
});
