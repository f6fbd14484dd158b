/**
 * `npm run pact:can-i-deploy -- <environment>`: asks the Pact Broker whether this git sha of the
 * provider (or of PACTICIPANT) is compatible with everything deployed to the environment.
 * Exits non-zero when it is not, which is what gates the deploy.
 */
import { PROVIDER } from '../client/conventions';
import { type GitInfo, gitInfo } from './support/git';
import { brokerArgs, brokerRequirements, type PactCommand, runPactCli } from './support/pact-cli';
import { requireAll, runMain } from './support/run-main';

/** The environment: the first argument, else PACT_ENVIRONMENT. */
export function environmentOf(argv: string[], env: NodeJS.ProcessEnv): string | undefined {
  return argv.find((arg) => !arg.startsWith('-')) || env.PACT_ENVIRONMENT || undefined;
}

export function canIDeployCommand(argv: string[], env: NodeJS.ProcessEnv, git: GitInfo): PactCommand {
  const environment = environmentOf(argv, env);
  requireAll('pact:can-i-deploy', [
    ...brokerRequirements(env),
    { name: 'git sha', value: git.sha, why: 'the version to ask about: run inside the git checkout, or set GIT_COMMIT' },
    {
      name: 'environment',
      value: environment,
      why: 'where it would deploy: `npm run pact:can-i-deploy -- production`, or set PACT_ENVIRONMENT',
    },
  ]);
  return {
    args: [
      'broker',
      'can-i-deploy',
      ...brokerArgs(env),
      '--pacticipant',
      env.PACTICIPANT || PROVIDER,
      '--version',
      git.sha!,
      '--to-environment',
      environment!,
      // Verification results of the same commit may still be on their way from another CI job.
      '--retry-while-unknown',
      env.PACT_CAN_I_DEPLOY_RETRIES || '6',
      '--retry-interval',
      '10',
    ],
    env,
  };
}

if (require.main === module) runMain(() => runPactCli(canIDeployCommand(process.argv.slice(2), process.env, gitInfo())));
