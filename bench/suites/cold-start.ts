import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { segmentsList } from '../../service/src/store/lists';
import { restApiEvent } from '../../test/helpers/apigateway';
import { bundleLikeLambda, bundleScript } from '../lib/bundle';
import type { OpsStore } from '../lib/fixtures';
import { atMost, type Figure } from '../lib/report';
import { interleave, pairedRatio, summarize, type Timings } from '../lib/stats';

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

/** Both handlers built one way: with the AWS SDK bundled in, or left to the runtime's copy. */
export interface ColdStartPair {
  service: ColdStartVariant;
  minimal: ColdStartVariant;
  ratio: number;
}

export interface ColdStartResult {
  rounds: number;
  event: string;
  nodeOptions: string;
  /** The stack's default (`bundleAwsSdk` false): the SDK is loaded from node_modules, as Lambda loads its own copy. */
  runtimeSdk: ColdStartPair;
  bundledSdk: ColdStartPair;
  /** The default service bundle with Node's source-map support on: what `--enable-source-maps` would cost (the stack leaves it off). */
  serviceWithSourceMaps: ColdStartVariant;
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
 * Bundles `service/src/entry/lambda.ts` and a minimal handler the same way, then starts each in a fresh
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
  const serviceEntry = path.join(ROOT, 'service/src/entry/lambda.ts');
  const minimalEntry = path.join(ROOT, 'bench/cold-start/minimal-handler.ts');
  const [serviceBundle, minimalBundle, serviceBundledSdk, minimalBundledSdk, invoker] = await Promise.all([
    bundleLikeLambda(serviceEntry, dir('service'), { bundleAwsSdk: false }),
    bundleLikeLambda(minimalEntry, dir('minimal'), { bundleAwsSdk: false }),
    bundleLikeLambda(serviceEntry, dir('service-sdk'), { bundleAwsSdk: true }),
    bundleLikeLambda(minimalEntry, dir('minimal-sdk'), { bundleAwsSdk: true }),
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
  // The stack sets no NODE_OPTIONS (infra/lib/service-function.ts): a stack is source-mapped when it is logged.
  const nodeOptions = '';
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
    // Where a bundle without the SDK finds it: the project's pinned copy, loaded file by file as
    // Lambda loads the runtime's from /var/runtime/node_modules (also on NODE_PATH there).
    NODE_PATH: path.join(ROOT, 'node_modules'),
  };
  const runs: Record<'service' | 'minimal' | 'serviceSdk' | 'minimalSdk' | 'withMaps', Invocation[]> = {
    service: [],
    minimal: [],
    serviceSdk: [],
    minimalSdk: [],
    withMaps: [],
  };
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
      serviceSdk: timed('serviceSdk', serviceBundledSdk.file),
      minimalSdk: timed('minimalSdk', minimalBundledSdk.file),
      withMaps: timed('withMaps', serviceBundle.file, { NODE_OPTIONS: '--enable-source-maps' }),
    },
    options.rounds,
    1,
  );
  // The warm-up round is in `runs` too: drop it.
  for (const name of Object.keys(runs) as (keyof typeof runs)[]) runs[name] = runs[name].slice(-options.rounds);
  // Each round starts every variant once, back to back: compared round by round.
  const totals = (series: Invocation[]) => series.map((r) => r.loadMs + r.firstEventMs);
  return {
    rounds: options.rounds,
    event: `GET ${eventPath}?limit=50`,
    nodeOptions,
    runtimeSdk: {
      service: variant(serviceBundle, runs.service),
      minimal: variant(minimalBundle, runs.minimal),
      ratio: pairedRatio(totals(runs.service), totals(runs.minimal)),
    },
    bundledSdk: {
      service: variant(serviceBundledSdk, runs.serviceSdk),
      minimal: variant(minimalBundledSdk, runs.minimalSdk),
      ratio: pairedRatio(totals(runs.serviceSdk), totals(runs.minimalSdk)),
    },
    serviceWithSourceMaps: variant(serviceBundle, runs.withMaps),
  };
}

export function coldStartFigures(result: ColdStartResult): Figure[] {
  const flags = result.nodeOptions === '' ? 'no NODE_OPTIONS, as the stack sets it' : result.nodeOptions;
  const section = `4. Cold start (fresh node process, load bundle + first event, ${flags})`;
  const timing = (v: ColdStartVariant) => `${v.loadAndFirstEvent.median} ms (load ${v.load.median} + event ${v.firstEvent.median})`;
  const pair = (id: string, how: string, p: ColdStartPair, targeted: boolean): Figure[] => [
    { id: `coldStart.${id}.service`, section, name: `service handler, ${how}, median`, value: timing(p.service), target: '' },
    {
      id: `coldStart.${id}.minimal`,
      section,
      name: `minimal handler (DynamoDB client + GetItem), ${how}, median`,
      value: timing(p.minimal),
      target: '',
    },
    {
      id: `coldStart.${id}.ratio`,
      section,
      name: `service / minimal, ${how} (median of the rounds' ratios)`,
      value: `${p.ratio}×`,
      ...(targeted ? { ...atMost(p.ratio, 1.5), target: '≤ 1.5×' } : { measured: p.ratio, target: '' }),
    },
    {
      id: `coldStart.${id}.bundle`,
      section,
      name: `service bundle, minified, ${how}`,
      value: `${p.service.bundleKB} KB (minimal: ${p.minimal.bundleKB} KB)`,
      ...(targeted ? { ...atMost(p.service.bundleKB, 500), target: '≤ 500 KB' } : { measured: p.service.bundleKB, target: '' }),
    },
  ];
  return [
    ...pair('runtimeSdk', 'SDK from the runtime (bundleAwsSdk=false, the default)', result.runtimeSdk, true),
    ...pair('bundledSdk', 'SDK bundled (bundleAwsSdk=true)', result.bundledSdk, false),
    {
      id: 'coldStart.serviceWithSourceMaps',
      section,
      name: 'service handler (default bundle) with --enable-source-maps (which the stack leaves off), median',
      value: timing(result.serviceWithSourceMaps),
      target: '',
    },
  ];
}
