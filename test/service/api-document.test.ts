import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { operations } from '../../service/src/http/openapi';
import { LIMITS } from '../../service/src/limits';

const document = parse(readFileSync(join(__dirname, '../../contracts/openapi.yaml'), 'utf8'));

describe('contracts/openapi.yaml', () => {
  it('describes the eleven operations of the beta, each with the scope it needs, and marks every other one an extension', () => {
    const isExtension = (op: { method: string; path: string }) => document.paths[op.path][op.method.toLowerCase()]['x-extension'] === true;
    const described = [...operations.values()]
      .filter((op) => !isExtension(op))
      .map((op) => `${op.method} ${op.path} ${op.requiredScope}`)
      .sort();

    expect(described).toEqual(
      [
        'GET /segments read-only',
        'POST /segments modify',
        'PUT /segments modify',
        'DELETE /segments modify',
        'GET /segments/{segmentId}/shopper-profiles modify',
        'POST /segments/{segmentId}/shopper-profiles modify',
        'DELETE /segments/{segmentId}/shopper-profiles modify',
        'GET /shopper-profiles read-only',
        'POST /shopper-profiles modify',
        'DELETE /shopper-profiles modify',
        'GET /shopper-profiles/{shopperProfileId}/segments read-only',
      ].sort(),
    );
  });

  it('describes the extensions, each with the scope it needs', () => {
    const extensions = [...operations.values()]
      .filter((op) => document.paths[op.path][op.method.toLowerCase()]['x-extension'] === true)
      .map((op) => `${op.method} ${op.path} ${op.requiredScope}`)
      .sort();

    expect(extensions).toEqual(
      [
        'GET /promotions/{promotionId}/customer-segments read-only',
        'PUT /promotions/{promotionId}/customer-segments modify',
        'DELETE /promotions/{promotionId}/customer-segments modify',
        'GET /segments/{segmentId}/promotions read-only',
        'GET /shopper-profiles/{shopperProfileId}/promotions read-only',
        'POST /shopper-profiles/merge modify',
        'GET /customers/{customerId}/segments read-only',
        'GET /customers/{customerId}/promotions read-only',
        'GET /hooks read-only',
        'POST /hooks modify',
        'GET /hooks/{hookId} read-only',
        'PUT /hooks/{hookId} modify',
        'DELETE /hooks/{hookId} modify',
        'POST /hooks/{hookId}/secret modify',
        'GET /events read-only',
      ].sort(),
    );
  });

  it('publishes the limits the service enforces', () => {
    // The service reads these from the generated module; this reads the YAML itself, so a stale
    // generation or a hand-edited constant would show here.
    expect(LIMITS).toEqual({
      segmentsPerStore: 1000,
      requestBodyBytes: document.info['x-limits']['request-body-bytes'],
      profilesPerAdd: 50,
      entriesPerBatch: document.components.schemas.SegmentsPostRequest.maxItems,
      idsPerFilter: document.components.parameters.IdIn.schema.maxItems,
      defaultPageSize: 50,
      maxPageSize: document.components.parameters.Limit.schema.maximum,
      maxPage: document.components.parameters.Page.schema.maximum,
      segmentIdsPerExpression: 32,
      expressionBytes: 1500,
      targetedPromotionsPerStore: 10000,
      promotionsPerSegment: 250,
      promotionsTrueOutsideSegments: 250,
      idempotencyKeyCharacters: 255,
      idempotencyReplaySeconds: 24 * 60 * 60,
      idempotencyInFlightSeconds: 30,
      hooksPerStore: 20,
      headersPerHook: document.components.schemas.HookHeaders.maxProperties,
      hookDestinationLength: document.components.schemas.HookDestination.maxLength,
    });
  });

  it('marks every addition beyond the beta as an extension', () => {
    expect(document.info['x-limits']['x-extension']).toBe(true);
    expect(document.components.responses.PayloadTooLarge['x-extension']).toBe(true);
    for (const path of [
      '/promotions/{promotionId}/customer-segments',
      '/segments/{segmentId}/promotions',
      '/shopper-profiles/{shopperProfileId}/promotions',
    ]) {
      expect(document.paths[path]['x-extension']).toBe(true);
      for (const method of ['get', 'put', 'delete'])
        if (document.paths[path][method]) expect(document.paths[path][method]['x-extension']).toBe(true);
    }
    for (const schema of ['Targeting', 'TargetingExpression', 'TargetingOperand', 'TargetingLeafOperand', 'SegmentIdsTerm']) {
      expect(document.components.schemas[schema]['x-extension']).toBe(true);
    }
  });
});
