import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
const BIN = join(REPO_ROOT, 'cli', 'bin', 'segments.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliConnection {
  origin: string;
  storeHash: string;
  token: string;
}

/** The CLI as a process, with its connection in the environment (as a script would set it). */
export function spawnCli(args: string[], connection?: CliConnection, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      ...(connection
        ? { SEGMENTS_BASE_URL: connection.origin, SEGMENTS_STORE_HASH: connection.storeHash, SEGMENTS_TOKEN: connection.token }
        : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

export function runCli(args: string[], connection?: CliConnection, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return finished(spawnCli(args, connection, env));
}

/** The summary an import prints with `--json`. */
export function summaryOf(result: CliResult): Record<string, unknown> {
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`no JSON summary (exit ${result.code}); stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}
