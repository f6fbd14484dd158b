/**
 * `segments`: bulk sync of segment members against any server that speaks the Customer
 * Segmentation API. Exit codes: 0 everything done, 1 some rows failed or were skipped, 2 bad usage.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { createSegmentationClient, storeBaseUrl } from '../../contracts/client';
import { defaultCheckpointPath } from './checkpoint';
import { type ExportFormat, ExportUsageError, runExport } from './export';
import { type ImportSummary, ImportUsageError, runImport } from './import';
import { InputError } from './input';
import { createProgress } from './progress';
import { DEFAULT_RETRY, retryingFetch } from './retry';

/** The API's own ceiling on concurrent writes. */
export const MAX_CONCURRENCY = 10;

export const EXIT = { ok: 0, rowsFailed: 1, usage: 2 } as const;

const HELP = `segments: keep a segment's members in step with a file.

Usage:
  segments import --segment <name> --file <members.csv|members.ndjson> [options]
  segments export --segment <name|id> [--format csv|ndjson] [--output <file>]

Connection (flag, or environment variable):
  --base-url <url>     SEGMENTS_BASE_URL    scheme, host and any stage prefix, without /stores/...
  --store <hash>       SEGMENTS_STORE_HASH  the store
  --token <token>      SEGMENTS_TOKEN       an X-Auth-Token with the modify scope

Import options:
  --create             create the segment when no segment has that name
  --mirror             afterwards, remove the members that are not in the file
  --dry-run            read everything, write nothing, print what would be done
  --strict             stop before writing anything when a row is bad
  --concurrency <n>    requests in flight, 1 to 10 (default 10)
  --checkpoint <file>  where progress is kept (default: <file>.segments-checkpoint.json)

Output options:
  --json               print the summary as one JSON object
  --no-progress        no bar and no progress lines
  -h, --help           this text

Exit codes: 0 everything was done, 1 some rows failed or were skipped, 2 bad usage.
`;

const OPTIONS = {
  'base-url': { type: 'string' },
  store: { type: 'string' },
  token: { type: 'string' },
  segment: { type: 'string' },
  file: { type: 'string' },
  create: { type: 'boolean' },
  mirror: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  strict: { type: 'boolean' },
  concurrency: { type: 'string' },
  checkpoint: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string' },
  json: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

class UsageError extends Error {}

function setting(flag: string | undefined, variable: string, name: string, env: NodeJS.ProcessEnv): string {
  const value = flag ?? env[variable];
  if (!value) throw new UsageError(`missing ${name}: pass --${name} or set ${variable}`);
  return value;
}

function formatSummary(s: ImportSummary): string {
  const verb = s.dryRun ? 'would be ' : '';
  const lines = [
    `${s.dryRun ? 'dry run: nothing was written. ' : ''}${s.stoppedBeforeWriting ? 'bad rows found with --strict: nothing was written.' : ''}`.trim(),
    `segment:           ${s.segmentId ?? '(would be created)'}${s.resumed ? ' (resumed)' : ''}`,
    `rows read:         ${s.rows} (${s.customers} distinct customers)`,
    `profiles ${verb}created: ${s.profilesCreated}`,
    `members ${verb}added:    ${s.membersAdded}`,
    `already members:   ${s.alreadyMembers}`,
    `members ${verb}removed:  ${s.removed}`,
    `rows skipped:      ${s.rowsSkipped}`,
    `failures:          ${s.failed}`,
    ...Object.entries(s.failures).map(([reason, count]) => `  ${count} × ${reason}`),
    `elapsed:           ${s.elapsedSeconds.toFixed(1)} s (${s.membersPerSecond} members/s)`,
  ];
  return `${lines.filter(Boolean).join('\n')}\n`;
}

/** Runs the CLI on `argv` (without `node` and the script); answers the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
    try {
      parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const { values, positionals } = parsed;
    const command = positionals[0];
    if (values.help || command === 'help' || command === undefined) {
      process.stdout.write(HELP);
      return command === undefined && !values.help ? EXIT.usage : EXIT.ok;
    }
    if (command !== 'import' && command !== 'export') throw new UsageError(`unknown command "${command}": use import or export`);
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);

    const baseUrl = setting(values['base-url'], 'SEGMENTS_BASE_URL', 'base-url', env);
    const storeHash = setting(values.store, 'SEGMENTS_STORE_HASH', 'store', env);
    const token = setting(values.token, 'SEGMENTS_TOKEN', 'token', env);
    if (!/^https?:\/\/[^/]/.test(baseUrl)) throw new UsageError(`--base-url must be an http(s) URL, got "${baseUrl}"`);
    if (/\/stores\//.test(baseUrl)) throw new UsageError('--base-url ends before /stores/...: pass the store with --store');
    const segment = values.segment;
    if (!segment) throw new UsageError('missing --segment');

    const progress = values['no-progress']
      ? { start() {}, increment() {}, log: (line: string) => process.stderr.write(`${line}\n`), stop() {} }
      : createProgress();
    const fetch = retryingFetch(DEFAULT_RETRY, {
      onRetry: (reason, ms) => progress.log(`${reason}: trying again in ${(ms / 1000).toFixed(1)} s`),
    });
    const client = createSegmentationClient(storeBaseUrl(baseUrl, storeHash), token, { fetch });

    if (command === 'export') {
      const format = (values.format ?? 'csv') as ExportFormat;
      if (format !== 'csv' && format !== 'ndjson') throw new UsageError(`--format must be csv or ndjson, got "${values.format}"`);
      const { members, segmentId } = await runExport(client, { segment, format, output: values.output }, progress);
      process.stderr.write(`exported ${members} members of segment ${segmentId}\n`);
      return EXIT.ok;
    }

    const file = values.file;
    if (!file) throw new UsageError('missing --file');
    const concurrency = Number(values.concurrency ?? MAX_CONCURRENCY);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new UsageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got "${values.concurrency}"`);
    }
    const summary = await runImport(
      client,
      {
        segment,
        file,
        create: values.create ?? false,
        mirror: values.mirror ?? false,
        dryRun: values['dry-run'] ?? false,
        strict: values.strict ?? false,
        concurrency,
        checkpoint: values.checkpoint ?? defaultCheckpointPath(file),
      },
      progress,
    );
    process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
    return summary.failed > 0 || summary.rowsSkipped > 0 ? EXIT.rowsFailed : EXIT.ok;
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof ImportUsageError ||
      error instanceof ExportUsageError ||
      error instanceof InputError
    ) {
      process.stderr.write(`segments: ${error.message}\n`);
      return EXIT.usage;
    }
    // A server that kept failing, or was unreachable, after every retry: a reason, never a stack.
    const message = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    process.stderr.write(`segments: ${message}\n`);
    return EXIT.rowsFailed;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
