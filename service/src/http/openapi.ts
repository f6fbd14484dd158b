import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { openapiDocument } from '../generated/openapi-document';

export type OperationId =
  | 'GetPaginatedSegmentsList'
  | 'SegmentsPostRequest'
  | 'PutSegmentObjects'
  | 'DeleteStoreSegment'
  | 'GetSegmentProfiles'
  | 'PostShopperProfile'
  | 'DeleteShopperProfile'
  | 'GetShopperList'
  | 'ShopperProfilesRequest'
  | 'DeleteStoreShopperProfile'
  | 'GetListShopperProfile';

export type Scope = 'read-only' | 'modify';

interface ParameterObject {
  name: string;
  in: string;
  required?: boolean;
  schema: Record<string, unknown>;
}

export interface Operation {
  operationId: OperationId;
  method: string;
  /** The path as the document writes it, e.g. `/segments/{segmentId}/shopper-profiles`. */
  path: string;
  requiredScope: Scope;
  parameters: ParameterObject[];
  requestBodySchema: Record<string, unknown> | undefined;
  responses: Record<string, { content?: { 'application/json'?: { schema: Record<string, unknown> } } }>;
}

const DOCUMENT_ID = 'openapi.json';
type Json = Record<string, unknown>;

function resolveRef<T>(value: T | { $ref: string }): T {
  if (value && typeof value === 'object' && '$ref' in value) {
    const path = value.$ref.replace(/^#\//, '').split('/');
    let node: unknown = openapiDocument;
    for (const segment of path) node = (node as Json)[segment];
    return resolveRef(node as T);
  }
  return value as T;
}

/** Points a schema's local `$ref`s at the document registered with Ajv, so refs resolve. */
function anchorRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(anchorRefs);
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([key, value]) => [
        key,
        key === '$ref' && typeof value === 'string' ? `${DOCUMENT_ID}${value}` : anchorRefs(value),
      ]),
    );
  }
  return schema;
}

function listOperations(): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(openapiDocument.paths as unknown as Record<string, Json>)) {
    const shared = ((item.parameters as unknown[]) ?? []).map((p) => resolveRef(p as ParameterObject));
    for (const method of ['get', 'post', 'put', 'delete']) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const own = ((op.parameters as unknown[]) ?? []).map((p) => resolveRef(p as ParameterObject));
      const body = op.requestBody as { content: { 'application/json': { schema: Json } } } | undefined;
      const responses = Object.fromEntries(Object.entries(op.responses as Json).map(([status, r]) => [status, resolveRef(r as Json)]));
      operations.push({
        operationId: op.operationId as OperationId,
        method: method.toUpperCase(),
        path,
        requiredScope: op['x-required-scope'] as Scope,
        parameters: [...shared, ...own],
        requestBodySchema: body?.content['application/json'].schema,
        responses: responses as Operation['responses'],
      });
    }
  }
  return operations;
}

/** The API's operations, read from the document once. */
export const operations: ReadonlyMap<OperationId, Operation> = new Map(listOperations().map((op) => [op.operationId, op]));

export function operation(id: OperationId): Operation {
  const found = operations.get(id);
  if (!found) throw new Error(`operation ${id} is not in contracts/openapi.yaml`);
  return found;
}

let ajv: Ajv | undefined;
function validatorFactory(): Ajv {
  if (!ajv) {
    // OpenAPI 3.0 schemas are JSON Schema plus a few keywords (example, x-*); strict mode would reject
    // those. The document is checked when it is generated and by the tests, so checking it against
    // the meta-schema again at every cold start would only cost time.
    ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false, validateSchema: false });
    addFormats(ajv, ['uuid', 'date-time']);
    ajv.addSchema(openapiDocument as unknown as Json, DOCUMENT_ID);
  }
  return ajv;
}

/** Compiles a schema written in the document (with its `#/components/...` refs) into a validator. */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  return validatorFactory().compile(anchorRefs(schema) as Json);
}

/**
 * Turns Ajv's errors into the beta's `errors` object: the offending field's path (`0.name`,
 * `body`, `limit`) → what is wrong with it.
 */
export function describeErrors(errors: ErrorObject[] | null | undefined, root: string): Record<string, string> {
  const details: Record<string, string> = {};
  for (const error of errors ?? []) {
    const path = error.instancePath.split('/').filter(Boolean);
    let message = error.message ?? 'is not valid';
    if (error.keyword === 'required') {
      path.push(String(error.params.missingProperty));
      message = 'is required';
    } else if (error.keyword === 'additionalProperties') {
      path.push(String(error.params.additionalProperty));
      message = 'is not a known field';
    } else if (error.keyword === 'format') {
      message = `must be a ${error.params.format === 'uuid' ? 'UUID' : error.params.format}`;
    }
    const key = path.length ? path.join('.') : root;
    details[key] ??= message;
  }
  return details;
}
