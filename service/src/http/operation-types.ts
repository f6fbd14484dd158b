/**
 * Each operation's handler input and reply, derived from the API document alone: the types
 * openapi-typescript generates (`operations`), and, for what those cannot say (which query
 * parameters the validator fills with their schema's `default`), the document as data.
 * A handler that answers a status or a field the document does not have does not compile.
 */
import type { openapiDocument } from '../generated/openapi-document';
import type { operations } from '../generated/openapi-types';

/** Every operation the document names. */
export type OperationId = keyof operations & string;

type Doc = typeof openapiDocument;
type ComponentParameters = Doc['components']['parameters'];
type ResolveParameter<P> = P extends { $ref: `#/components/parameters/${infer Name}` }
  ? Name extends keyof ComponentParameters
    ? ComponentParameters[Name]
    : never
  : P;
type ParameterList<T> = T extends { parameters: readonly (infer P)[] } ? ResolveParameter<P> : never;

/** The parameters an operation takes, its own and its path's. */
type ParametersOf<Id extends OperationId> = {
  [Path in keyof Doc['paths']]: {
    [Method in keyof Doc['paths'][Path]]: Doc['paths'][Path][Method] extends { operationId: Id }
      ? ParameterList<Doc['paths'][Path][Method]> | ParameterList<Doc['paths'][Path]>
      : never;
  }[keyof Doc['paths'][Path]];
}[keyof Doc['paths']];

/** The query parameters of an operation that always have a value once validated: their default fills in. */
type DefaultedQuery<Id extends OperationId> = Extract<ParametersOf<Id>, { in: 'query'; schema: { default: unknown } }>['name'];

type Defined<T> = [T] extends [never] ? Record<string, never> : [T] extends [undefined] ? Record<string, never> : NonNullable<T>;
type Parameters<Id extends OperationId> = operations[Id]['parameters'];
type QueryOf<Id extends OperationId> = Defined<Parameters<Id>['query']>;

/** What a handler sees of a validated request: path ids, query values (defaults applied) and body. */
export interface OperationInput<Id extends OperationId> {
  storeHash: string;
  params: Defined<Parameters<Id>['path']>;
  query: Omit<QueryOf<Id>, DefaultedQuery<Id>> & Required<Pick<QueryOf<Id>, DefaultedQuery<Id> & keyof QueryOf<Id>>>;
  body: operations[Id]['requestBody'] extends { content: { 'application/json': infer Body } } ? Body : undefined;
}

type Responses<Id extends OperationId> = operations[Id]['responses'];
type SuccessStatus<Id extends OperationId> = Extract<keyof Responses<Id>, 200 | 201 | 202 | 204>;
type BodyOf<Id extends OperationId, Status extends SuccessStatus<Id>> = Responses<Id>[Status] extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : undefined;

declare const replied: unique symbol;

/**
 * One of the operation's success answers, as `reply` made it. Only `reply` makes one: TypeScript
 * does not check a returned object literal for fields its type lacks, but it does check an
 * argument, so going through `reply` is what makes an unknown field a compile error.
 */
export type OperationReply<Id extends OperationId> = {
  [Status in SuccessStatus<Id>]: { status: Status; body: BodyOf<Id, Status>; readonly [replied]: Id };
}[SuccessStatus<Id>];

/** Makes a reply: a status the operation answers, with the body the document gives that status (none for a 204). */
export type ReplyFunction<Id extends OperationId> = <Status extends SuccessStatus<Id>>(
  status: Status,
  ...body: BodyOf<Id, Status> extends undefined ? [] : [body: BodyOf<Id, Status>]
) => OperationReply<Id>;

export type TypedOperationHandler<Id extends OperationId> = (
  input: OperationInput<Id>,
  reply: ReplyFunction<Id>,
) => Promise<OperationReply<Id>>;

/** Handlers keyed by operation id, each typed from its operation. */
export type TypedOperationHandlers = { [Id in OperationId]?: TypedOperationHandler<Id> };

/** The one `reply` at run time: what it makes is what the router sends. */
export function reply(status: number, body?: unknown): { status: number; body?: unknown } {
  return body === undefined ? { status } : { status, body };
}
