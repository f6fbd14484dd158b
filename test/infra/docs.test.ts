/**
 * The API reference in the stack: on in `dev`, off by default in `prod`, and shipped as files
 * beside the function's bundle, never inside its JavaScript (the bundle has a size budget).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { DOCS_ASSET_FILES, DOCS_ASSETS_FOLDER } from '../../service/src/docs/assets';
import { restApiEvent } from '../helpers/apigateway';
import { synth } from './synth';

const execFileAsync = promisify(execFile);

function apiEnvironment(context: Record<string, unknown>): Record<string, unknown> {
  const { stack, template } = synth(context);
  const resource = template.toJSON().Resources[stack.getLogicalId(stack.service.function.node.defaultChild as never)] as {
    Properties: { Environment: { Variables: Record<string, unknown> } };
  };
  return resource.Properties.Environment.Variables;
}

describe('the API reference in the stack', () => {
  it.each([
    [{ stage: 'dev' }, 'true'],
    [{ stage: 'prod' }, undefined],
    [{ stage: 'dev', docs: 'false' }, undefined],
    [{ stage: 'prod', docs: 'true' }, 'true'],
  ])('with context %j, DOCS_ENABLED is %s', (context, expected) => {
    expect(apiEnvironment(context).DOCS_ENABLED).toBe(expected);
  });

  describe('bundled (dev)', () => {
    let outdir: string;
    let assetDir: string;
    let environment: Record<string, unknown>;

    beforeAll(() => {
      outdir = mkdtempSync(path.join(tmpdir(), 'segmentation-docs-bundle-'));
      const { stack, template } = synth({ stage: 'dev', 'aws:cdk:enable-asset-metadata': true }, { bundle: true, outdir });
      const resource = template.toJSON().Resources[stack.getLogicalId(stack.service.function.node.defaultChild as never)] as {
        Metadata: Record<string, string>;
        Properties: { Environment: { Variables: Record<string, unknown> } };
      };
      assetDir = path.join(outdir, resource.Metadata['aws:asset:path']!);
      environment = resource.Properties.Environment.Variables;
    }, 180_000);

    afterAll(() => rmSync(outdir, { recursive: true, force: true }));

    it("ships Swagger UI's files beside index.js, and none of it inside", () => {
      const code = readFileSync(path.join(assetDir, 'index.js'), 'utf8');
      const source = path.dirname(require.resolve('swagger-ui-dist/package.json'));

      for (const file of DOCS_ASSET_FILES) {
        expect(readFileSync(path.join(assetDir, DOCS_ASSETS_FOLDER, file))).toEqual(readFileSync(path.join(source, file)));
      }
      // Booleans, not toContain: a failure must not print a megabyte of minified code.
      expect(code.includes('sourceMappingURL=swagger-ui-bundle.js.map')).toBe(false);
      expect(code.includes('swagger-ui-dist')).toBe(false);
      expect(statSync(path.join(assetDir, 'index.js')).size).toBeLessThan(statSync(path.join(source, 'swagger-ui-bundle.js')).size / 2);
    });

    it('serves /docs from the bundle with the environment the stack gives it', async () => {
      const invoker = `
        const { handler } = require(process.argv[1]);
        (async () => {
          const out = [];
          for (const event of JSON.parse(process.argv[2])) {
            const r = await handler(event, { awsRequestId: 'docs', getRemainingTimeInMillis: () => 10000 });
            out.push({ statusCode: r.statusCode, headers: r.multiValueHeaders || r.headers, length: (r.body || '').length, isBase64Encoded: r.isBase64Encoded });
          }
          process.stdout.write('RESULT' + JSON.stringify(out));
          process.exit(0);
        })().catch((e) => { console.error(e); process.exit(1); });`;
      const events = ['/docs/', '/docs/swagger-ui-bundle.js', '/docs/openapi.json'].map((p) => restApiEvent({ method: 'GET', path: p }));
      const literal = Object.entries(environment).filter(([, value]) => typeof value === 'string');

      const { stdout } = await execFileAsync(process.execPath, ['-e', invoker, path.join(assetDir, 'index.js'), JSON.stringify(events)], {
        env: {
          PATH: process.env.PATH,
          ...Object.fromEntries(literal),
          TABLE_NAME: process.env.TABLE_NAME,
          DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
          AWS_REGION: 'us-east-1',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          // The runtime's AWS SDK (bundleAwsSdk=false) is found through NODE_PATH, as in Lambda.
          NODE_PATH: path.join(__dirname, '..', '..', 'node_modules'),
        },
        timeout: 30_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      const results = JSON.parse(stdout.slice(stdout.indexOf('RESULT') + 6)) as (APIGatewayProxyResult & { length: number })[];

      expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      expect(String(results[0]!.headers?.['content-type'])).toMatch(/^text\/html/);
      expect(results[1]!.length).toBeGreaterThan(100_000);
    });
  });
});
