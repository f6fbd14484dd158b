import type { ErrorObject } from 'ajv';
import type { Scope } from '../auth/tokens.repository';
import { openapiDocument } from '../generated/openapi-document';
import type { OperationId } from './operation-types';

export type { OperationId, Scope };

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

export const DOCUMENT_ID = 'openapi.json';
type Json = Record<string, unknown>;

function resolveRef<T>(document: Json, value: T | { $ref: string }): T {
  if (value && typeof value === 'object' && '$ref' in value) {
    const path = value.$ref.replace(/^#\//, '').split('/');
    let node: unknown = document;
    for (const segment of path) node = (node as Json)[segment];
    return resolveRef(document, node as T);
  }
  return value as T;
}

/** Points a schema's local `$ref`s at the document registered with Ajv, so refs resolve. */
export function anchorRefs(schema: unknown): unknown {
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

/** The operations of an OpenAPI document, their parameters and responses resolved. */
export function listOperations(document: Json): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
    const shared = ((item.parameters as unknown[]) ?? []).map((p) => resolveRef(document, p as ParameterObject));
    for (const method of ['get', 'post', 'put', 'delete']) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const own = ((op.parameters as unknown[]) ?? []).map((p) => resolveRef(document, p as ParameterObject));
      const body = op.requestBody as { content: { 'application/json': { schema: Json } } } | undefined;
      const responses = Object.fromEntries(
        Object.entries(op.responses as Json).map(([status, r]) => [status, resolveRef(document, r as Json)]),
      );
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

/** A schema of the API document with its `$ref` (if it is one) followed. */
export function resolveSchema(schema: unknown): Record<string, unknown> {
  return resolveRef(openapiDocument as unknown as Json, (schema ?? {}) as Json);
}

/** The API's operations, read from the document once. */
export const operations: ReadonlyMap<OperationId, Operation> = new Map(
  listOperations(openapiDocument as unknown as Json).map((op) => [op.operationId, op]),
);

/**
 * The name of the generated validator for one part of an operation's request: its body, or one
 * of its parameters. `npm run generate` compiles them; the service looks them up by this name.
 */
export function validatorName(operationId: OperationId, part: 'body' | { parameter: string }): string {
  return `${operationId}__${part === 'body' ? 'body' : part.parameter.replace(/[^A-Za-z0-9]/g, '_')}`;
}

export function operation(id: OperationId): Operation {
  const found = operations.get(id);
  if (!found) throw new Error(`operation ${id} is not in contracts/openapi.yaml`);
  return found;
}

/**
 * Turns Ajv's errors into the beta's `errors` object: the offending field's path (`0.name`,
 * `body`, `limit`) → what is wrong with it.
 */
export function describeErrors(errors: ErrorObject[] | null | undefined, root: string): Record<string, string> {
  const details: Record<string, string> = {};
  for (const error of withoutOneOfNoise(errors ?? [])) {
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

/** The field a `required` or `additionalProperties` error is about. */
function fieldOf(error: ErrorObject): string | undefined {
  if (error.keyword === 'required') return String(error.params.missingProperty);
  if (error.keyword === 'additionalProperties') return String(error.params.additionalProperty);
  return undefined;
}

/**
 * An object that must match one of several forms (`oneOf`, as a profile entry is either
 * `{customer_id}` or `{guest_id}`) fails every form it is not: Ajv reports each form's missing and
 * unknown fields, which would call a guest's `guest_id` "not a known field". Those are dropped, so
 * what is left is what is wrong within the form the object took (a bad `guest_id`); when nothing
 * is left, the object took no form or two, and one message names the fields to choose between.
 * (Written for forms of two, the only kind the document has.)
 */
function withoutOneOfNoise(errors: ErrorObject[]): ErrorObject[] {
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  if (oneOfPaths.size === 0) return errors;
  // A field every form refuses (reported unknown more than once) is a real error, not noise.
  const unknownCount = new Map<string, number>();
  for (const e of errors) {
    if (e.keyword === 'additionalProperties')
      unknownCount.set(`${e.instancePath}/${fieldOf(e)}`, (unknownCount.get(`${e.instancePath}/${fieldOf(e)}`) ?? 0) + 1);
  }
  const isNoise = (e: ErrorObject) =>
    oneOfPaths.has(e.instancePath) && fieldOf(e) !== undefined && (unknownCount.get(`${e.instancePath}/${fieldOf(e)}`) ?? 0) < 2;
  const kept = errors.filter((e) => !isNoise(e) && e.keyword !== 'oneOf');
  for (const path of oneOfPaths) {
    if (kept.some((e) => e.instancePath.startsWith(path))) continue;
    const fields = [...new Set(errors.filter((e) => e.instancePath === path && isNoise(e)).map(fieldOf))].sort();
    const oneOf = errors.find((e) => e.keyword === 'oneOf' && e.instancePath === path)!;
    const choice = fields.map((field) => `\`${field}\``).join(' or ');
    kept.push({ ...oneOf, message: fields.length > 1 ? `must have exactly one of ${choice}` : (oneOf.message ?? 'is not valid') });
  }
  return kept;
}
