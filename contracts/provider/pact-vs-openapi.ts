import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Comparator, type Result } from '@pactflow/openapi-pact-comparator';
import { parse } from 'yaml';
import { storeBasePath } from '../../service/src/http/base-path';
import { PACT_STORE_HASH } from '../client/conventions';

export const OPENAPI_FILE = resolve(__dirname, '..', 'openapi.yaml');

/**
 * Warnings the comparator only warns about, which we treat as errors: a consumer must not send a
 * query parameter or header the document does not promise.
 */
const STRICT_WARNINGS = new Set(['request.query.unknown', 'request.header.unknown']);

export function readOpenApi(file: string = OPENAPI_FILE): unknown {
  return parse(readFileSync(file, 'utf8'));
}

export interface PactDocumentProblem {
  code: Result['code'];
  interaction: string;
  message: string;
  where: string;
}

/**
 * Compares pacts with the OpenAPI document: every request must be one the document accepts and
 * every response one it promises. The comparator checks the example values (it ignores Pact
 * matchers) and finds the base path in `info.x-opc-config-base-path` (it ignores `servers`).
 */
export async function comparePactsWithOpenApi(openapi: unknown, pacts: unknown[]): Promise<PactDocumentProblem[]> {
  const problems: PactDocumentProblem[] = [];
  // A fresh document each time: the comparator annotates the one it is given. Its router takes
  // the base path literally (only the document's own paths may hold `{templates}`), so the
  // document's `/stores/{store_hash}/v3` becomes the one store every pact calls.
  const oas = structuredClone(openapi) as { info: Record<string, unknown> };
  oas.info['x-opc-config-base-path'] = storeBasePath(PACT_STORE_HASH);
  const comparator = new Comparator({ oas });
  for (const pact of pacts) {
    for await (const result of comparator.compare(pact as object)) {
      if (result.type === 'error' || STRICT_WARNINGS.has(result.code)) {
        problems.push({
          code: result.code,
          interaction: result.mockDetails?.interactionDescription ?? '?',
          message: result.message,
          where: result.mockDetails?.location ?? '',
        });
      }
    }
  }
  return problems;
}
