/**
 * `npm run bench`: the performance and cost figures of the service, side by side in one run.
 *
 *   npm run bench                         every figure (about a minute on 2 cores)
 *   npm run bench -- --only requests,cold-start
 *   npm run bench -- --quick              fewer samples, 2,000 members (not 100,000): for trying a change, not for the README
 *   npm run bench -- --strict             exit 1 when a figure misses its target
 *
 * Starts its own DynamoDB Local (in memory) and stops it on the way out, whatever happens.
 * Prints the table and writes bench/results.json. Timings are medians of interleaved samples and
 * are compared as ratios within the run: this machine is shared, its absolute times are not.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDynamoClient } from '../service/src/store/client';
import { ensureTable, startEmbeddedDynamoDb } from '../service/src/store/dynamodb-local';
import { DYNAMODB_ON_DEMAND_PRICES } from './lib/cost';
import { type DeepStore, type OpsStore, seedDeepStore, seedOpsStore } from './lib/fixtures';
import { describeMachine, machineLine } from './lib/machine';
import { type Figure, figuresMarkdown, figuresTable, misses, textTable } from './lib/report';
import { type BenchService, startBenchService } from './lib/service';
import { coldStartFigures, measureColdStart } from './suites/cold-start';
import { measureStoreWideDeletes, storeWideDeleteFigures } from './suites/deletes';
import { eventsFigures, measureEvents } from './suites/events';
import { hooksFigures, measureHooks } from './suites/hooks';
import { idempotencyFigures, measureIdempotency } from './suites/idempotency';
import { importFigures, measureImport } from './suites/import';
import { measureOverhead, overheadFigures } from './suites/overhead';
import { measurePageDepth, pageDepthFigures } from './suites/page-depth';
import { eligibilityFigures, measureEligibility, seedPromotionsStore } from './suites/promotions';
import { billFigures, commandList, costFigures, countRequests, readUnitFigures, requestFigures } from './suites/requests';
import { measureThroughput, throughputFigures } from './suites/throughput';

const SECTIONS = [
  'requests',
  'page-depth',
  'overhead',
  'cold-start',
  'throughput',
  'promotions',
  'import',
  'idempotency',
  'hooks',
  'deletes',
  'events',
] as const;
type Section = (typeof SECTIONS)[number];

const TABLE_NAME = 'segmentation-bench';
const RESULTS_FILE = path.join(__dirname, 'results.json');

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { only: { type: 'string' }, quick: { type: 'boolean', default: false }, strict: { type: 'boolean', default: false } },
  });
  const only = values.only?.split(',').map((s) => s.trim()) ?? [...SECTIONS];
  const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`unknown section(s) ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
  const quick = values.quick ?? false;
  return {
    sections: new Set(only as Section[]),
    quick,
    strict: values.strict ?? false,
    sizes: { segments: 60, profiles: 200, profileSegments: 20, deepMembers: quick ? 2_000 : 100_000 },
    rounds: { pageDepth: quick ? 7 : 40, overhead: quick ? 15 : 100, coldStart: quick ? 5 : 30, idempotency: quick ? 15 : 60 },
    throughput: { connections: 10, durationSeconds: quick ? 2 : 4, rounds: quick ? 1 : 3 },
    promotions: { sizes: quick ? [100, 1_000] : [100, 1_000, 10_000], rounds: quick ? 7 : 30 },
    hooks: { latencySamples: quick ? 50 : 300, events: quick ? 100 : 500 },
    // BENCH_DELETE_SIZES=10000 runs one size (the 100,000 case seeds and cleans up for many minutes).
    deletes: { sizes: process.env.BENCH_DELETE_SIZES?.split(',').map(Number) ?? (quick ? [2_000] : [10_000, 100_000]) },
  };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  log(`· ${name}…`);
  const result = await work();
  log(`  ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Stopped on any exit path: normal, thrown, or a signal. */
const cleanups: (() => Promise<void>)[] = [];
async function runCleanups(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      log(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`\n${signal}: stopping DynamoDB Local and the load-test server`);
    void runCleanups().then(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const machine = describeMachine();
  const started = Date.now();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'segmentation-bench-'));
  cleanups.push(async () => rmSync(workDir, { recursive: true, force: true }));

  const dynamo = await step('starting DynamoDB Local', () => startEmbeddedDynamoDb());
  cleanups.push(() => dynamo.stop());
  const admin = createDynamoClient({ endpoint: dynamo.endpoint, region: 'us-east-1' });
  cleanups.push(async () => admin.destroy());
  await ensureTable(admin, TABLE_NAME);

  const service: BenchService = await startBenchService(dynamo.endpoint, TABLE_NAME);
  cleanups.push(() => service.stop());

  const { sizes, sections } = options;
  // Seeded once, by the first section that needs it (the events section does not).
  let seeded: Promise<OpsStore> | undefined;
  const opsStore = () =>
    (seeded ??= step(`seeding ${sizes.segments} segments, ${sizes.profiles} profiles`, () =>
      seedOpsStore(service.store, 'bench-ops', sizes),
    ));
  const figures: Figure[] = [];
  const results: Record<string, unknown> = {};

  // The timing sections first, while DynamoDB Local holds only the small store: loading the
  // 100,000-member segment leaves its JVM collecting garbage for a while, on the same two cores
  // the cold starts and the load test are timed on (in AWS, DynamoDB is not on the function's CPU).
  if (sections.has('overhead')) {
    const ops = await opsStore();
    const result = await step('service overhead', () => measureOverhead(service, ops, options.rounds.overhead));
    results.overhead = result;
    figures.push(...overheadFigures(result));
  }
  if (sections.has('idempotency')) {
    const ops = await opsStore();
    const result = await step('idempotency keys', () => measureIdempotency(service, ops, options.rounds.idempotency));
    results.idempotency = result;
    figures.push(...idempotencyFigures(result));
  }
  if (sections.has('cold-start')) {
    const ops = await opsStore();
    const result = await step('cold start', () =>
      measureColdStart({ workDir, endpoint: dynamo.endpoint, tableName: TABLE_NAME, ops, rounds: options.rounds.coldStart }),
    );
    results.coldStart = result;
    figures.push(...coldStartFigures(result));
  }
  if (sections.has('throughput')) {
    const ops = await opsStore();
    const result = await step('throughput', () =>
      measureThroughput({
        workDir,
        endpoint: dynamo.endpoint,
        tableName: TABLE_NAME,
        store: service.store,
        ops,
        connections: options.throughput.connections,
        durationSeconds: options.throughput.durationSeconds,
        rounds: options.throughput.rounds,
      }),
    );
    results.throughput = result;
    figures.push(...throughputFigures(result));
  }
  if (sections.has('hooks')) {
    const result = await step('webhook deliveries', () =>
      measureHooks({ store: service.store, endpoint: dynamo.endpoint, tableName: TABLE_NAME }, options.hooks),
    );
    results.hooks = result;
    figures.push(...hooksFigures(result));
  }
  const needsDeep = sections.has('requests') || sections.has('page-depth');
  const deep: DeepStore | undefined = needsDeep
    ? await step(`seeding a segment of ${sizes.deepMembers.toLocaleString('en')} members`, () =>
        seedDeepStore(service, 'bench-deep', sizes.deepMembers),
      )
    : undefined;

  if (sections.has('requests')) {
    const ops = await opsStore();
    const counts = await step('counting requests per operation', () => countRequests(service, ops, deep));
    results.requests = counts;
    figures.push(...requestFigures(counts));
    results.operationsTable = textTable(
      ['call', 'requests', 'commands (incl. token check)', 'min', 'RRU', 'WRU', '$/M calls', 'deferred to the stream'],
      counts.map((c) => [
        c.label,
        `${c.requests} (${c.authRequests} auth)`,
        commandList(c.commands),
        String(c.minimum),
        String(c.readUnits),
        String(c.writeUnits),
        c.usdPerMillion.toFixed(3),
        c.deferred.requests > 0 ? `${commandList(c.deferred.commands)} (${c.deferred.readUnits} RRU, ${c.deferred.writeUnits} WRU)` : '',
      ]),
    );
    figures.push(...costFigures(counts), ...readUnitFigures(counts), ...billFigures(counts));
  }
  if (sections.has('page-depth') && deep) {
    const result = await step('page depth', () => measurePageDepth(service, deep, options.rounds.pageDepth));
    results.pageDepth = result;
    figures.push(...pageDepthFigures(result));
  }
  if (sections.has('import')) {
    const customers = options.quick ? 2_000 : 10_000;
    const result = await step(`segments import of ${customers.toLocaleString('en')} customers`, () =>
      measureImport(service, workDir, customers),
    );
    results.import = result;
    figures.push(...importFigures(result));
  }

  if (sections.has('promotions')) {
    const eligibility = [];
    for (const size of options.promotions.sizes) {
      const seeded = await step(`seeding ${size.toLocaleString('en')} targeted promotions`, () =>
        seedPromotionsStore(service, `bench-promotions-${size}`, size),
      );
      eligibility.push(
        await step(`eligibility, ${size.toLocaleString('en')} promotions`, () =>
          measureEligibility(service, seeded, options.promotions.rounds),
        ),
      );
    }
    results.eligibility = eligibility;
    figures.push(...eligibilityFigures(eligibility));
  }

  if (sections.has('deletes')) {
    const deletes = [];
    for (const size of options.deletes.sizes) {
      deletes.push(
        ...(await step(`store-wide deletes at ${size.toLocaleString('en')} profiles`, () => measureStoreWideDeletes(service, size))),
      );
    }
    results.deletes = deletes;
    figures.push(...storeWideDeleteFigures(deletes));
  }
  if (sections.has('events')) {
    const members = options.quick ? 2_000 : sizes.deepMembers;
    const result = await step(`events (commit → output, a 50-profile add, a ${members.toLocaleString('en')}-member delete)`, () =>
      measureEvents({ endpoint: dynamo.endpoint, members, samples: options.quick ? 30 : 200 }),
    );
    results.events = result;
    figures.push(...eventsFigures(result));
  }

  // Sections in the order, whatever order they ran in.
  figures.sort((a, b) => a.section.localeCompare(b.section, 'en', { numeric: true }));
  machine.loadAverage.end = os.loadavg().map((n) => Math.round(n * 100) / 100);
  const durationSeconds = Math.round((Date.now() - started) / 1000);
  const missed = misses(figures);

  const out: string[] = ['', `Machine: ${machineLine(machine)}${options.quick ? '  [--quick: not for the README]' : ''}`, ''];
  out.push(figuresTable(figures), '');
  if (typeof results.operationsTable === 'string') {
    out.push('Requests per call, by command (a token check is the GetItem booked as auth; min assumes a cached token):', '');
    out.push(results.operationsTable, '');
  }
  out.push(
    `Prices: DynamoDB on-demand, ${DYNAMODB_ON_DEMAND_PRICES.region}, $${DYNAMODB_ON_DEMAND_PRICES.usdPerMillionReadUnits}/M RRU, $${DYNAMODB_ON_DEMAND_PRICES.usdPerMillionWriteUnits}/M WRU.`,
    `${figures.filter((f) => f.pass !== undefined).length - missed.length} of ${figures.filter((f) => f.pass !== undefined).length} targets met` +
      (missed.length > 0 ? `; missed: ${missed.map((f) => f.name).join('; ')}` : '') +
      `. Run took ${durationSeconds} s. Results: ${path.relative(process.cwd(), RESULTS_FILE)}`,
    '',
  );
  process.stdout.write(out.join('\n'));

  const { operationsTable: _table, ...detail } = results;
  writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify({ machine, quick: options.quick, durationSeconds, prices: DYNAMODB_ON_DEMAND_PRICES, figures, markdown: figuresMarkdown(figures), ...detail }, null, 2)}\n`,
  );
  return options.strict && missed.length > 0 ? 1 : 0;
}

main()
  .then(async (code) => {
    await runCleanups();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    // Stopping DynamoDB Local under a running step fails that step: not worth reporting.
    if (!interrupted) log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await runCleanups();
    process.exit(1);
  });
