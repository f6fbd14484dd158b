import type { ValidateFunction } from 'ajv';
import type { Request, RequestHandler } from 'express';
import * as requestValidators from '../generated/request-validators';
import { BadRequestError } from './http-errors';
import { describeErrors, type Operation, resolveSchema, validatorName } from './openapi';
import { stateOf, type ValidatedInput } from './request-context';
import { canonicalIds, canonicalUuid, illFormedText } from './text';

export type { ValidatedInput };

const INTEGER = /^-?\d+$/;

function rawValues(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** One value as its schema's type: an integer stays text when it is not one, for the validator to refuse. */
function parseScalar(value: string, schema: Record<string, unknown>): unknown {
  return resolveSchema(schema).type === 'integer' && INTEGER.test(value) ? Number(value) : value;
}

/** Reads one query value as its schema's type: `1,2` and repeated parameters both make arrays. */
function parseQueryValue(raw: string[], schema: Record<string, unknown>): unknown {
  const resolved = resolveSchema(schema);
  if (resolved.type === 'array') {
    const items = resolveSchema(resolved.items);
    const values = raw
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .map((value) => (value === '' ? value : parseScalar(value, items)));
    return canonicalIds(values, resolved);
  }
  return parseScalar(raw[raw.length - 1] ?? '', resolved);
}

interface ParameterCheck {
  name: string;
  where: 'query' | 'path';
  schema: Record<string, unknown>;
  validate: ValidateFunction;
}

function describeParameterError(check: ParameterCheck, validate: ValidateFunction): string {
  const details = describeErrors(validate.errors, check.name);
  return Object.entries(details)
    .map(([path, message]) => (path === check.name ? message : `${path.replace(/^\d+$/, (i) => `entry ${i}`)} ${message}`))
    .join('; ');
}

interface CompiledOperation {
  checks: ParameterCheck[];
  /** Query parameters the document declares; a write with any other is refused (a misspelt filter must not widen a delete). */
  declaredQuery: ReadonlySet<string> | undefined;
  validateBody: ValidateFunction | undefined;
}

function generatedValidator(name: string): ValidateFunction {
  const validate = (requestValidators as Record<string, ValidateFunction | undefined>)[name];
  if (!validate) throw new Error(`no generated validator ${name}: run \`npm run generate\``);
  return validate;
}

function compileOperation(op: Operation): CompiledOperation {
  return {
    checks: op.parameters
      .filter((p) => p.in === 'query' || p.in === 'path')
      .map((p) => ({
        name: p.name,
        where: p.in as 'query' | 'path',
        schema: p.schema,
        validate: generatedValidator(validatorName(op.operationId, { parameter: p.name })),
      })),
    // GETs stay lenient: an unknown parameter on a read (a tracking tag, say) changes nothing.
    declaredQuery: op.method === 'GET' ? undefined : new Set(op.parameters.filter((p) => p.in === 'query').map((p) => p.name)),
    validateBody: op.requestBodySchema ? generatedValidator(validatorName(op.operationId, 'body')) : undefined,
  };
}

/**
 * Builds the middleware that checks a request against its operation in the API document, with
 * the validators `npm run generate` compiled from it (looked up on the operation's first request).
 * A request that does not match answers 400 and never reaches the handler.
 */
export function validateRequest(op: Operation): RequestHandler {
  let compiled: CompiledOperation | undefined;

  return (req, _res, next) => {
    compiled ??= compileOperation(op);
    const { checks, declaredQuery, validateBody } = compiled;
    const details: Record<string, string> = {};
    const query: Record<string, unknown> = {};
    const params: Record<string, string | number> = {};
    if (declaredQuery) {
      for (const name of Object.keys(req.query as Record<string, unknown>)) {
        if (!declaredQuery.has(name)) details[name] = 'is not a parameter of this operation';
      }
    }
    for (const check of checks) {
      const raw =
        check.where === 'path' ? rawValues(req.params[check.name]) : rawValues((req.query as Record<string, unknown>)[check.name]);
      if (raw.length === 0) {
        if (check.schema.default !== undefined) query[check.name] = check.schema.default;
        continue;
      }
      const value =
        check.where === 'path'
          ? resolveSchema(check.schema).format === 'uuid'
            ? canonicalUuid(raw[0] ?? '')
            : parseScalar(raw[0] ?? '', check.schema)
          : parseQueryValue(raw, check.schema);
      if (Array.isArray(value) && value.some((item) => item === '')) {
        details[check.name] = 'must list ids separated by commas, with none empty';
      } else if (!check.validate(value)) {
        details[check.name] = describeParameterError(check, check.validate);
      } else if (check.where === 'path') {
        params[check.name] = typeof value === 'number' ? value : String(value);
      } else {
        query[check.name] = value;
      }
    }
    let body: unknown = req.body;
    if (validateBody && op.requestBodySchema) {
      // Ids are compared as stored (lower case), so an upper-case id names the same item.
      body = canonicalIds(req.body, resolveSchema(op.requestBodySchema));
      const illFormed = isJson(req) ? illFormedText(body) : undefined;
      if (!isJson(req)) {
        details.body = 'must be JSON, sent with Content-Type: application/json';
      } else if (illFormed !== undefined) {
        details[illFormed] = 'must be well-formed Unicode text (it holds a lone surrogate)';
      } else if (!validateBody(body)) {
        Object.assign(details, describeErrors(validateBody.errors, 'body'));
      }
    }
    if (Object.keys(details).length > 0) {
      return next(new BadRequestError(titleFor(details), details));
    }
    stateOf(req).input = { query, params, body };
    next();
  };
}

function isJson(req: Request): boolean {
  return req.body !== undefined && Boolean(req.is('application/json'));
}

function titleFor(details: Record<string, string>): string {
  const fields = Object.keys(details);
  if (fields.length === 1 && fields[0] === 'body') return `The request body ${details.body}.`;
  return `The request is not valid: ${fields.slice(0, 5).join(', ')}${fields.length > 5 ? ', …' : ''}.`;
}
