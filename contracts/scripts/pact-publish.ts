/**
 * `npm run pact:publish`: publishes the pacts in contracts/pacts to the Pact Broker, as the
 * consumers' version at this git sha and branch. Needs PACT_BROKER_BASE_URL and PACT_BROKER_TOKEN.
 */
import { resolve } from 'node:path';
import { type GitInfo, gitInfo } from './support/git';
import { brokerArgs, brokerRequirements, gitRequirements, type PactCommand, runPactCli } from './support/pact-cli';
import { requireAll, runMain } from './support/run-main';

export const PACTS_DIR = resolve(__dirname, '..', 'pacts');

export function publishCommand(env: NodeJS.ProcessEnv, git: GitInfo, pactsDir: string = PACTS_DIR): PactCommand {
  requireAll('pact:publish', [...brokerRequirements(env), ...gitRequirements(git)]);
  const args = ['broker', 'publish', pactsDir, ...brokerArgs(env), '--consumer-app-version', git.sha!, '--branch', git.branch!];
  if (env.BUILD_URL) args.push('--build-url', env.BUILD_URL);
  return { args, env };
}

if (require.main === module) runMain(() => runPactCli(publishCommand(process.env, gitInfo())));
