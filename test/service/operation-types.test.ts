/**
 * Handlers are typed from the API document: these compile small handlers with the TypeScript
 * compiler and check which ones it refuses.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { scratchDir } from '../contracts/helpers';

const OPERATION_TYPES = resolve(__dirname, '..', '..', 'service', 'src', 'http', 'operation-types');

const PAGINATION = '{ total: 0, count: 0, per_page: query.limit, current_page: query.page, total_pages: 0 }';

const CASES = {
  rightReply: `GetPaginatedSegmentsList: async ({ query }, reply) => reply(200, { data: [], meta: { pagination: ${PAGINATION} } })`,
  pathParam: `GetSegmentProfiles: async ({ params, query }, reply) => {
      const id: string = params.segmentId;
      return reply(200, { data: [], meta: { pagination: { ...${PAGINATION}, total_pages: id.length } } });
    }`,
  noBodyOn204: `DeleteStoreSegment: async (_input, reply) => reply(204)`,
  wrongStatus: `SegmentsPostRequest: async (_input, reply) => reply(200, { data: [], meta: {} })`,
  wrongField: `SegmentsPostRequest: async (_input, reply) => reply(201, { data: [], meta: {}, total: 1 })`,
  wrongNestedField: `GetPaginatedSegmentsList: async ({ query }, reply) => reply(200, { data: [], meta: { pagination: { ...${PAGINATION}, pages: 1 } } })`,
  missingField: `SegmentsPostRequest: async (_input, reply) => reply(201, { data: [] })`,
  bodyOn204: `DeleteStoreSegment: async (_input, reply) => reply(204, { deleted: 1 })`,
  noBodyOn201: `SegmentsPostRequest: async (_input, reply) => reply(201)`,
  wrongItems: `SegmentsPostRequest: async ({ body }, reply) => reply(201, { data: body, meta: {} })`,
  objectNotReply: `SegmentsPostRequest: async () => ({ status: 201, body: { data: [], meta: {} } })`,
  unknownParam: `GetSegmentProfiles: async ({ params, query }, reply) => {
      const id: string = params.shopperProfileId;
      return reply(200, { data: [], meta: { pagination: { ...${PAGINATION}, total_pages: id.length } } });
    }`,
  idsAreStrings: `DeleteStoreSegment: async ({ query }, reply) => { const ids: number[] | undefined = query['id:in']; return reply(204); }`,
  unknownOperation: `NoSuchOperation: async (_input, reply) => reply(204)`,
} as const;

function compile(cases: readonly (keyof typeof CASES)[], dir: string): Map<string, string[]> {
  const files = cases.map((name) => {
    const file = join(dir, `${name}.ts`);
    writeFileSync(
      file,
      `import type { TypedOperationHandlers } from ${JSON.stringify(OPERATION_TYPES)};\nexport const handlers: TypedOperationHandlers = {\n  ${CASES[name]},\n};\n`,
    );
    return [name, file] as const;
  });
  const program = ts.createProgram(
    files.map(([, file]) => file),
    { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, types: [] },
  );
  return new Map(
    files.map(([name, file]) => [
      name,
      ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    ]),
  );
}

const ACCEPTED = ['rightReply', 'pathParam', 'noBodyOn204'] as const;

/** Each refused handler, and what the compiler must say about it. */
const REFUSED: [Exclude<keyof typeof CASES, (typeof ACCEPTED)[number]>, RegExp][] = [
  ['wrongStatus', /'200' is not assignable to parameter of type '201'/],
  ['wrongField', /'total' does not exist in type/],
  ['wrongNestedField', /'pages' does not exist in type/],
  ['missingField', /Property 'meta' is missing/],
  ['bodyOn204', /Expected 1 arguments, but got 2/],
  ['noBodyOn201', /Expected 2 arguments, but got 1/],
  ['wrongItems', /missing the following properties .*: id, created_at/],
  ['objectNotReply', /Property '\[replied\]' is missing/],
  ['unknownParam', /Property 'shopperProfileId' does not exist on type '\{ segmentId: string; \}'/],
  ['idsAreStrings', /Type 'string' is not assignable to type 'number'/],
  ['unknownOperation', /'NoSuchOperation' does not exist in type 'TypedOperationHandlers'/],
];

describe('typed operation handlers', () => {
  const dir = scratchDir('operation-types-');
  let diagnostics: Map<string, string[]>;

  beforeAll(() => {
    diagnostics = compile(Object.keys(CASES) as (keyof typeof CASES)[], dir);
  }, 120_000);

  it('sorts every case into accepted or refused', () => {
    expect([...ACCEPTED, ...REFUSED.map(([name]) => name)].sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(ACCEPTED)('accepts a handler that answers as its operation says (%s)', (name) => {
    expect(diagnostics.get(name)).toEqual([]);
  });

  it.each(REFUSED)('refuses a handler that does not (%s)', (name, why) => {
    expect(diagnostics.get(name)?.join('\n')).toMatch(why);
  });
});
