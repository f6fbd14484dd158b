import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { segmentsList } from '../../service/src/store/lists';
import { restApiEvent } from '../../test/helpers/apigateway';
import { bundleLikeLambda, bundleScript } from '../lib/bundle';
import type { OpsStore } from '../lib/fixtures';
import { atMost, type Figure } from '../lib/report';
import { interleave, median, ratio, summarize, type Timings } from '../lib/stats';

const ROOT = path.resolve(__dirname, '..', '..');

interface Invocation {
  status: number;
  startupMs: number;
  loadMs: number;
  firstEventMs: number;
  sinceProcessStartMs: number;
}

export interface ColdStartVariant {
  bundleKB: number;
  sourceMapKB: number;
  /** Loading the bundle and answering the first event: the figure compared. */
  loadAndFirstEvent: Timings;
  load: Timings;
  firstEvent: Timings;
  /** From the process's start (Node.js's own start-up included) to the answer. */
  sinceProcessStart: Timings;
}

export interface ColdStartResult {
  rounds: number;
  event: string;
  nodeOptions: string;
  service: ColdStartVariant;
  minimal: ColdStartVariant;
  /** The service's bundle with Node's source-map support off: what `--enable-source-maps` costs. */
  serviceWithoutSourceMaps: ColdStartVariant;
  ratio: number;
}

function invoke(node: string, args: string[], env: NodeJS.ProcessEnv): Promise<Invocation> {
  return new Promise((resolve, reject) => {
    execFile(node, args, { env, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`cold start failed: ${error.message}\n${stderr}`));
      const line = stdout.trim().split('\n').pop() ?? '';
      const result = JSON.parse(line) as Invocation;
      if (result.status !== 200) return reject(new Error(`cold start answered ${result.status}`));
      resolve(result);
    });
  });
}

function variant(bundle: { bytes: number; mapBytes: number }, runs: Invocation[]): ColdStartVariant {
  return {
    bundleKB: Math.round(bundle.bytes / 1024),
    sourceMapKB: Math.round(bundle.mapBytes / 1024),
    loadAndFirstEvent: summarize(runs.map((r) => r.loadMs + r.firstEventMs)),
    load: summarize(runs.map((r) => r.loadMs)),
    firstEvent: summarize(runs.map((r) => r.firstEventMs)),
    sinceProcessStart: summarize(runs.map((r) => r.sinceProcessStartMs)),
  };
}

/**
 * Bundles `service/src/lambda.ts` and a minimal handler the same way, then starts each in a fresh
 * `node` process `rounds` times (turn about) to load it and answer one `GET /segments` event
 * against DynamoDB Local, with the environment the CDK stack gives the function.
 */
export async function measureColdStart(options: {
  workDir: string;
  endpoint: string;
  tableName: string;
  ops: OpsStore;
  rounds: number;
}): Promise<ColdStartResult> {
  const dir = (name: string) => {
    const d = path.join(options.workDir, name);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const [serviceBundle, minimalBundle, invoker] = await Promise.all([
    bundleLikeLambda(path.join(ROOT, 'service/src/lambda.ts'), dir('service')),
    bundleLikeLambda(path.join(ROOT, 'bench/cold-start/minimal-handler.ts'), dir('minimal')),
    bundleScript(path.join(ROOT, 'bench/cold-start/invoke.ts'), path.join(dir('invoker'), 'invoke.js')),
  ]);
  const eventFile = path.join(options.workDir, 'event.json');
  const eventPath = `/stores/${options.ops.storeHash}/v3/segments`;
  writeFileSync(
    eventFile,
    JSON.stringify(
      restApiEvent({ method: 'GET', path: eventPath, query: { limit: '50' }, headers: { 'X-Auth-Token': options.ops.token } }),
    ),
  );

  const counters = segmentsList(options.ops.storeHash).header;
  const nodeOptions = '--enable-source-maps';
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    // What the stack sets (infra/lib/service-function.ts, infra/lib/cleanup.ts), and what the Lambda runtime provides.
    NODE_OPTIONS: nodeOptions,
    TABLE_NAME: options.tableName,
    CLEANUP_MODE: 'stream',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_LAMBDA_FUNCTION_NAME: 'segmentation-bench',
    DYNAMODB_ENDPOINT: options.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    BENCH_ITEM_PK: counters.pk,
    BENCH_ITEM_SK: counters.sk,
  };
  const runs: Record<'service' | 'minimal' | 'noMaps', Invocation[]> = { service: [], minimal: [], noMaps: [] };
  const timed =
    (name: keyof typeof runs, bundle: string, extraEnv: NodeJS.ProcessEnv = {}) =>
    async () => {
      const result = await invoke(process.execPath, [invoker, bundle, eventFile], { ...env, ...extraEnv });
      runs[name].push(result);
      return result.loadMs + result.firstEventMs;
    };
  await interleave(
    {
      service: timed('service', serviceBundle.file),
      minimal: timed('minimal', minimalBundle.file),
      noMaps: timed('noMaps', serviceBundle.file, { NODE_OPTIONS: '' }),
    },
    options.rounds,
    1,
  );
  // The warm-up round is in `runs` too: drop it.
  for (const name of Object.keys(runs) as (keyof typeof runs)[]) runs[name] = runs[name].slice(-options.rounds);
  const service = variant(serviceBundle, runs.service);
  const minimal = variant(minimalBundle, runs.minimal);
  return {
    rounds: options.rounds,
    event: `GET ${eventPath}?limit=50`,
    nodeOptions,
    service,
    minimal,
    serviceWithoutSourceMaps: variant(serviceBundle, runs.noMaps),
    ratio: ratio(median(runs.service.map((r) => r.loadMs + r.firstEventMs)), median(runs.minimal.map((r) => r.loadMs + r.firstEventMs))),
  };
}

export function coldStartFigures(result: ColdStartResult): Figure[] {
  const section = `4. Cold start (fresh node process, load bundle + first event, ${result.nodeOptions})`;
  return [
    {
      id: 'coldStart.service',
      section,
      name: 'service handler, median',
      value: `${result.service.loadAndFirstEvent.median} ms (load ${result.service.load.median} + event ${result.service.firstEvent.median})`,
      target: '',
    },
    {
      id: 'coldStart.minimal',
      section,
      name: 'minimal handler (DynamoDB client + GetItem), median',
      value: `${result.minimal.loadAndFirstEvent.median} ms (load ${result.minimal.load.median} + event ${result.minimal.firstEvent.median})`,
      target: '',
    },
    {
      id: 'coldStart.serviceNoSourceMaps',
      section,
      name: 'service handler without --enable-source-maps, median',
      value: `${result.serviceWithoutSourceMaps.loadAndFirstEvent.median} ms`,
      target: '',
    },
    {
      id: 'coldStart.ratio',
      section,
      name: 'service / minimal',
      value: `${result.ratio}×`,
      ...atMost(result.ratio, 1.5),
      target: '≤ 1.5×',
    },
    {
      id: 'coldStart.bundle',
      section,
      name: 'service bundle, minified',
      value: `${result.service.bundleKB} KB (minimal: ${result.minimal.bundleKB} KB)`,
      ...atMost(result.service.bundleKB, 500),
      target: '≤ 500 KB',
    },
  ];
}
