import { type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { GitInfo } from './git';
import type { Requirement } from './run-main';

/**
 * The official Pact CLI binary that `@pact-foundation/pact-cli` installs for this platform. It is
 * run directly rather than through the package's node wrappers, so stopping it stops the server.
 */
export function pactCliPath(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = require.resolve(`@pact-foundation/pact-cli-${os}-${process.arch}/package.json`);
  return join(dirname(pkg), 'standalone', process.platform === 'win32' ? 'pact.exe' : 'pact');
}

/** Pact reports usage unless told not to; an offline CI would wait on it. */
export function pactEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, PACT_DO_NOT_TRACK: 'true', SCARF_ANALYTICS: 'false' };
}

/** A `pact` CLI invocation (`broker publish …`, `stub …`): arguments and environment. */
export interface PactCommand {
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** Runs a command to completion with its output on ours; answers its exit code. */
export function runPactCli(command: PactCommand): number {
  const result = spawnSync(pactCliPath(), command.args, { stdio: 'inherit', env: pactEnv(command.env) });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** Starts a long-running command (the stub server); the caller stops it. */
export function startPactCli(command: PactCommand, options: SpawnOptions = {}) {
  return spawn(pactCliPath(), command.args, { stdio: 'inherit', ...options, env: pactEnv(command.env) });
}

export function brokerRequirements(env: NodeJS.ProcessEnv): Requirement[] {
  return [
    {
      name: 'PACT_BROKER_BASE_URL',
      value: env.PACT_BROKER_BASE_URL,
      why: 'the Pact Broker (or PactFlow) URL, e.g. https://your-org.pactflow.io',
    },
    { name: 'PACT_BROKER_TOKEN', value: env.PACT_BROKER_TOKEN, why: 'a broker API token, kept in the CI secrets' },
  ];
}

export function gitRequirements(git: GitInfo): Requirement[] {
  return [
    { name: 'git sha', value: git.sha, why: 'the version to record: run inside the git checkout, or set GIT_COMMIT' },
    {
      name: 'git branch',
      value: git.branch,
      why: 'the branch to record: check out a branch, or set GIT_BRANCH (CI checkouts are often detached)',
    },
  ];
}

/** The broker arguments every broker command takes; the token travels in the environment, not argv. */
export function brokerArgs(env: NodeJS.ProcessEnv): string[] {
  return ['--broker-base-url', env.PACT_BROKER_BASE_URL!];
}
