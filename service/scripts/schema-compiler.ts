import Ajv, { type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import addFormats from 'ajv-formats';
import { anchorRefs, DOCUMENT_ID, type Operation, validatorName } from '../src/http/openapi';

/**
 * Compiles schemas of the API document with Ajv. Used at build time (`npm run generate` writes
 * the request validators as standalone code, so the service carries no Ajv compiler and compiles
 * nothing when it starts) and by the tests, which check every response against the document.
 */
export function createCompiler(document: Record<string, unknown>, options: { source?: boolean } = {}): Ajv {
  // OpenAPI 3.0 schemas are JSON Schema plus a few keywords (example, x-*), which strict mode rejects.
  // A referenced schema is compiled once and called, not copied into every schema that names it:
  // the generated module is parsed on every cold start, so its size is start-up time.
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false, inlineRefs: false, code: { source: options.source ?? false } });
  addFormats(ajv, ['uuid', 'date-time']);
  ajv.addSchema(document, DOCUMENT_ID);
  return ajv;
}

/** Compiles a schema written in the document (with its `#/components/...` refs) into a validator. */
export function compileSchema(ajv: Ajv, schema: Record<string, unknown>): ValidateFunction {
  return ajv.compile(anchorRefs(schema) as Record<string, unknown>);
}

/**
 * The request validators of every operation, as one CommonJS module of standalone code with an
 * export per validator (named by `validatorName`), and its type declarations. Parts with the same
 * schema (every list's `page` and `limit`, every id in a path) share one compiled function: the
 * module is parsed on every cold start, so its size is start-up time.
 */
export function requestValidatorsModule(
  document: Record<string, unknown>,
  operations: Operation[],
): { code: string; declarations: string } {
  const ajv = createCompiler(document, { source: true });
  const exportsByName: Record<string, string> = {};
  const idsBySchema = new Map<string, string>();
  for (const op of operations) {
    const parts: [string, Record<string, unknown>][] = op.parameters
      .filter((p) => p.in === 'query' || p.in === 'path')
      .map((p) => [validatorName(op.operationId, { parameter: p.name }), p.schema]);
    if (op.requestBodySchema) parts.push([validatorName(op.operationId, 'body'), op.requestBodySchema]);
    for (const [name, schema] of parts) {
      const anchored = anchorRefs(schema) as Record<string, unknown>;
      const key = JSON.stringify(anchored);
      let id = idsBySchema.get(key);
      if (!id) {
        // The first part with this schema names it, so the generated code reads as before.
        id = name;
        idsBySchema.set(key, id);
        ajv.addSchema({ ...anchored, $id: id });
      }
      exportsByName[name] = id;
    }
  }
  const names = Object.keys(exportsByName).sort();
  const declarations = `import type { ValidateFunction } from 'ajv';\n\n${names.map((name) => `export declare const ${name}: ValidateFunction;`).join('\n')}\n`;
  return { code: standaloneCode(ajv, Object.fromEntries(names.map((name) => [name, exportsByName[name]!]))), declarations };
}
