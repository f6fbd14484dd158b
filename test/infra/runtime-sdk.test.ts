/**
 * The default deploy leaves the AWS SDK to the Lambda runtime's copy, whose version is the
 * runtime's, not package-lock.json's. Here the stack's built API bundle is loaded against the
 * oldest SDK the README says it supports (service/bundle/runtime-sdk.ts), installed into a folder
 * of its own and found only through NODE_PATH, as Lambda finds /var/runtime/node_modules, and it
 * answers requests against DynamoDB Local.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { OLDEST_RUNTIME_SDK } from '../../service/bundle/runtime-sdk';
import { restApiEvent } from '../helpers/apigateway';
import { installedVersion, installRuntimeSdk, RUNTIME_SDK_PACKAGES } from '../helpers/runtime-sdk';
import { testStore } from '../helpers/service';
import { synth } from './synth';

const execFileAsync = promisify(execFile);

/** Loads the bundle in a plain node process, runs the events in order, and says which SDK it loaded. */
const INVOKER = `
const [bundle, eventsJson] = process.argv.slice(1);
(async () => {
  const { handler } = require(bundle);
  const results = [];
  for (const event of JSON.parse(eventsJson)) {
    results.push(await handler(event, { awsRequestId: 'runtime-sdk', getRemainingTimeInMillis: () => 10000 }));
  }
  const sdk = require.resolve('@aws-sdk/client-dynamodb/package.json');
  process.stdout.write('RESULT' + JSON.stringify({ sdk, version: require(sdk).version, results }));
  process.exit(0);
})().catch((error) => { console.error(error); process.exit(1); });
`;

describe(`the default API bundle on the oldest runtime SDK the README names (${OLDEST_RUNTIME_SDK})`, () => {
  let outdir: string;
  let bundle: string;
  let environment: Record<string, unknown>;
  let sdkModules: string;

  beforeAll(async () => {
    outdir = mkdtempSync(path.join(tmpdir(), 'segmentation-runtime-sdk-'));
    const { stack, template } = synth({ stage: 'prod', 'aws:cdk:enable-asset-metadata': true }, { bundle: true, outdir });
    const resource = template.toJSON().Resources[stack.getLogicalId(stack.service.function.node.defaultChild as never)] as {
      Metadata: Record<string, string>;
      Properties: { Environment: { Variables: Record<string, unknown> } };
    };
    bundle = path.join(outdir, resource.Metadata['aws:asset:path'] ?? 'missing-asset-path', 'index.js');
    environment = resource.Properties.Environment.Variables;
    sdkModules = await installRuntimeSdk(OLDEST_RUNTIME_SDK);
  }, 300_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('is the version the README names as the oldest it supports', () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

    expect(readme).toContain(`AWS SDK ${OLDEST_RUNTIME_SDK}`);
  });

  it('is an SDK whose @smithy/core has no ./retry entry point, which the service imports (so it must be bundled)', () => {
    for (const name of RUNTIME_SDK_PACKAGES) expect(installedVersion(sdkModules, name)).toBe(OLDEST_RUNTIME_SDK);
    const core = JSON.parse(readFileSync(path.join(sdkModules, '@smithy', 'core', 'package.json'), 'utf8')) as {
      exports?: Record<string, unknown>;
    };

    expect(Object.keys(core.exports ?? {})).not.toContain('./retry');
  });

  it('loads, and creates then lists a segment in DynamoDB Local with that SDK', async () => {
    const storeHash = `oldsdk${Date.now().toString(36)}`;
    const opened = testStore();
    const token = await opened.store.tokens.mint(storeHash, 'modify').finally(() => opened.client.destroy());
    const base = `/stores/${storeHash}/v3`;
    const headers = { host: 'api.example.com', 'x-auth-token': token };
    const events = [
      restApiEvent({ method: 'POST', path: `${base}/segments`, headers, body: [{ name: 'Old SDK' }] }),
      restApiEvent({ method: 'GET', path: `${base}/segments`, headers }),
    ];
    const literal = Object.entries(environment).filter(([, value]) => typeof value === 'string');

    const { stdout } = await execFileAsync(process.execPath, ['-e', INVOKER, bundle, JSON.stringify(events)], {
      env: {
        PATH: process.env.PATH,
        ...Object.fromEntries(literal),
        TABLE_NAME: process.env.TABLE_NAME,
        DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
        AWS_REGION: 'us-east-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        // The only way to the SDK: the bundle sits in a temporary folder, away from the project's node_modules.
        NODE_PATH: sdkModules,
      },
      // Lambda's working directory is the bundle's (/var/task); the resolution of the SDK starts there too.
      cwd: path.dirname(bundle),
      timeout: 60_000,
    });
    const out = JSON.parse(stdout.slice(stdout.indexOf('RESULT') + 'RESULT'.length)) as {
      sdk: string;
      version: string;
      results: APIGatewayProxyResult[];
    };

    expect(out.version).toBe(OLDEST_RUNTIME_SDK);
    expect(out.sdk.startsWith(sdkModules)).toBe(true);
    expect(out.results.map((r) => r.statusCode)).toEqual([201, 200]);
    expect(JSON.parse(out.results[1]?.body ?? '').data).toEqual([expect.objectContaining({ name: 'Old SDK' })]);
  });
});
