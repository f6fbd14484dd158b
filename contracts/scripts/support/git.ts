import { execFileSync } from 'node:child_process';

export interface GitInfo {
  sha: string | undefined;
  branch: string | undefined;
}

function git(args: string[]): string | undefined {
  try {
    const out = execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The version and branch Pact records: CI's variables first (a CI checkout is often a detached
 * HEAD), then git itself.
 */
export function gitInfo(env: NodeJS.ProcessEnv = process.env): GitInfo {
  const sha = env.GIT_COMMIT || env.GITHUB_SHA || env.CI_COMMIT_SHA || git(['rev-parse', 'HEAD']);
  const fromGit = git(['rev-parse', '--abbrev-ref', 'HEAD']);
  const branch =
    env.GIT_BRANCH || env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || env.CI_COMMIT_REF_NAME || (fromGit === 'HEAD' ? undefined : fromGit);
  return { sha, branch };
}
