/**
 * `npm run spec:compat -- <openapi file>`: what another OpenAPI document (a newer beta spec, say)
 * has that ours (contracts/openapi.yaml) lacks or types differently — operations, parameters,
 * status codes, and the fields of request and response bodies. Exits 1 when there is any.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { OPENAPI_FILE } from '../provider/pact-vs-openapi';
import { runMain } from './support/run-main';

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export interface Difference {
  kind: 'operation' | 'parameter' | 'status' | 'field';
  /** `GET /segments`, as the other document spells it. */
  operation: string;
  /** The parameter, status code or field, when the difference is about one. */
  subject?: string;
  /** `missing`, or how the types differ. */
  problem: string;
}

export function readDocument(file: string): Json {
  const text = readFileSync(file, 'utf8');
  return (file.endsWith('.json') ? JSON.parse(text) : parse(text)) as Json;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows local `$ref`s (`#/components/...`) to the node they name. */
function deref(doc: Json, node: unknown, seen: Set<string> = new Set()): Json {
  if (!isObject(node)) return {};
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  if (!ref.startsWith('#/') || seen.has(ref)) return {};
  seen.add(ref);
  let target: unknown = doc;
  for (const part of ref.slice(2).split('/')) target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return deref(doc, target, seen);
}

/** `allOf` parts merged into one schema; `oneOf`/`anyOf` variants contribute their fields too. */
function flatten(doc: Json, node: unknown): Json {
  const schema = deref(doc, node);
  const parts = [
    ...(Array.isArray(schema.allOf) ? schema.allOf : []),
    ...(Array.isArray(schema.oneOf) ? schema.oneOf : []),
    ...(Array.isArray(schema.anyOf) ? schema.anyOf : []),
  ];
  if (parts.length === 0) return schema;
  const merged: Json = { ...schema, properties: { ...(isObject(schema.properties) ? schema.properties : {}) } };
  for (const part of parts) {
    const flat = flatten(doc, part);
    merged.type ??= flat.type;
    merged.format ??= flat.format;
    merged.items ??= flat.items;
    Object.assign(merged.properties as Json, isObject(flat.properties) ? flat.properties : {});
  }
  return merged;
}

interface FieldType {
  type: string | undefined;
  format: string | undefined;
}

function typeOf(schema: Json): FieldType {
  const type =
    typeof schema.type === 'string'
      ? schema.type
      : isObject(schema.properties)
        ? 'object'
        : schema.items !== undefined
          ? 'array'
          : undefined;
  return { type, format: typeof schema.format === 'string' ? schema.format : undefined };
}

/** Every field of a schema by its path (`data[].id`, `meta.pagination.total`), with its type. */
function fieldsOf(doc: Json, node: unknown, prefix = '', out = new Map<string, FieldType>(), depth = 0): Map<string, FieldType> {
  if (depth > 12) return out;
  const schema = flatten(doc, node);
  out.set(prefix || '(body)', typeOf(schema));
  if (isObject(schema.properties)) {
    for (const [name, property] of Object.entries(schema.properties))
      fieldsOf(doc, property, prefix ? `${prefix}.${name}` : name, out, depth + 1);
  }
  if (isObject(schema.additionalProperties)) fieldsOf(doc, schema.additionalProperties, `${prefix}.*`, out, depth + 1);
  if (schema.items !== undefined) fieldsOf(doc, schema.items, `${prefix}[]`, out, depth + 1);
  return out;
}

function describeType(t: FieldType): string {
  return t.format ? `${t.type ?? 'any'} (${t.format})` : (t.type ?? 'any');
}

/**
 * How `ours` types something differently from `theirs`, or undefined when it does not. In a
 * response, our `integer` where theirs says `number` is no difference: their clients read it.
 */
function typeProblem(theirs: FieldType, ours: FieldType, inResponse = false): string | undefined {
  const narrowing = inResponse && theirs.type === 'number' && ours.type === 'integer';
  const typeDiffers = theirs.type !== undefined && ours.type !== undefined && theirs.type !== ours.type && !narrowing;
  const formatDiffers = theirs.format !== undefined && ours.format !== undefined && theirs.format !== ours.format;
  return typeDiffers || formatDiffers ? `typed ${describeType(theirs)} there, ${describeType(ours)} here` : undefined;
}

interface Operation {
  label: string;
  parameters: Map<string, Json>;
  requestBody: unknown;
  responses: Map<string, unknown>;
}

function jsonSchema(doc: Json, container: unknown): unknown {
  const content = deref(doc, container).content;
  if (!isObject(content)) return undefined;
  const json = Object.entries(content).find(([type]) => type.includes('json'));
  return json && isObject(json[1]) ? json[1].schema : undefined;
}

/** The document's operations by `METHOD /path` with path parameters unnamed (`/segments/{}`). */
function operationsOf(doc: Json): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  for (const [path, rawItem] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    const item = deref(doc, rawItem);
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const parameters = new Map<string, Json>();
      for (const raw of [
        ...(Array.isArray(item.parameters) ? item.parameters : []),
        ...(Array.isArray(op.parameters) ? op.parameters : []),
      ]) {
        const parameter = deref(doc, raw);
        const where = String(parameter.in);
        const name = where === 'header' ? String(parameter.name).toLowerCase() : String(parameter.name);
        // A path parameter is known by its position, not its name.
        parameters.set(where === 'path' ? 'path' : `${where} "${name}"`, parameter);
      }
      const responses = new Map(
        Object.entries(isObject(op.responses) ? op.responses : {}).map(([status, response]) => [status, jsonSchema(doc, response)]),
      );
      const key = `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`;
      const label = `${method.toUpperCase()} ${path}${typeof op.operationId === 'string' ? ` (${op.operationId})` : ''}`;
      operations.set(key, { label, parameters, requestBody: op.requestBody ? jsonSchema(doc, op.requestBody) : undefined, responses });
    }
  }
  return operations;
}

/** Our field at `path`; a map of ours (`errors.*`) holds any name theirs lists (`errors.0`). */
function findField(fields: Map<string, FieldType>, path: string): FieldType | undefined {
  const exact = fields.get(path);
  if (exact) return exact;
  for (const [pattern, type] of fields) {
    if (!pattern.includes('*')) continue;
    const regex = new RegExp(`^${pattern.replace(/[.[\]]/g, '\\$&').replace(/\*/g, '[^.[]+')}$`);
    if (regex.test(path)) return type;
  }
  return undefined;
}

function compareBodies(
  theirsDoc: Json,
  oursDoc: Json,
  operation: string,
  where: string,
  theirs: unknown,
  ours: unknown,
  out: Difference[],
): void {
  if (theirs === undefined) return;
  const oursFields = ours === undefined ? new Map<string, FieldType>() : fieldsOf(oursDoc, ours);
  for (const [path, type] of fieldsOf(theirsDoc, theirs)) {
    const subject = `${where} ${path}`;
    const mine = findField(oursFields, path);
    if (!mine) out.push({ kind: 'field', operation, subject, problem: 'missing' });
    else {
      const problem = typeProblem(type, mine, where !== 'request body');
      if (problem) out.push({ kind: 'field', operation, subject, problem });
    }
  }
}

/** Everything `theirs` has that `ours` lacks or types differently. */
export function specDifferences(ours: Json, theirs: Json): Difference[] {
  const differences: Difference[] = [];
  const mine = operationsOf(ours);
  for (const [key, other] of operationsOf(theirs)) {
    const own = mine.get(key);
    if (!own) {
      differences.push({ kind: 'operation', operation: other.label, problem: 'missing' });
      continue;
    }
    for (const [name, parameter] of other.parameters) {
      const ownParameter = own.parameters.get(name);
      const subject = name === 'path' ? `path parameter "${String(parameter.name)}"` : name;
      if (!ownParameter) {
        differences.push({ kind: 'parameter', operation: other.label, subject, problem: 'missing' });
        continue;
      }
      const theirFields = fieldsOf(theirs, parameter.schema);
      const ownFields = fieldsOf(ours, ownParameter.schema);
      for (const [path, type] of theirFields) {
        const ownType = ownFields.get(path);
        const problem = ownType ? typeProblem(type, ownType) : undefined;
        if (problem)
          differences.push({
            kind: 'parameter',
            operation: other.label,
            subject: path === '(body)' ? subject : `${subject} ${path}`,
            problem,
          });
      }
    }
    compareBodies(theirs, ours, other.label, 'request body', other.requestBody, own.requestBody, differences);
    for (const [status, schema] of other.responses) {
      if (!own.responses.has(status)) {
        differences.push({ kind: 'status', operation: other.label, subject: status, problem: 'missing' });
        continue;
      }
      compareBodies(theirs, ours, other.label, `${status} response`, schema, own.responses.get(status), differences);
    }
  }
  return differences;
}

export function formatDifferences(differences: Difference[]): string {
  return differences.map((d) => `${d.kind.padEnd(9)} ${d.operation}${d.subject ? ` — ${d.subject}` : ''}: ${d.problem}`).join('\n');
}

function main(): number {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: npm run spec:compat -- <openapi file (yaml or json)>\n');
    return 2;
  }
  const differences = specDifferences(readDocument(OPENAPI_FILE), readDocument(resolve(file)));
  if (differences.length === 0) {
    process.stdout.write(`contracts/openapi.yaml has every operation, parameter, status code and field of ${file}, typed the same.\n`);
    return 0;
  }
  process.stdout.write(
    `${file} has ${differences.length} thing(s) that contracts/openapi.yaml lacks or types differently:\n${formatDifferences(differences)}\n`,
  );
  return 1;
}

if (require.main === module) runMain(main);
