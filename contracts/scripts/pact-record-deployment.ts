/**
 * `npm run pact:record-deployment -- <environment>`: tells the Pact Broker this git sha of the
 * provider (or of PACTICIPANT) is now what runs in the environment. Run it after the deploy.
 */
import { PROVIDER } from '../client/conventions';
import { environmentOf } from './pact-can-i-deploy';
import { type GitInfo, gitInfo } from './support/git';
import { brokerArgs, brokerRequirements, type PactCommand, runPactCli } from './support/pact-cli';
import { requireAll, runMain } from './support/run-main';

export function recordDeploymentCommand(argv: string[], env: NodeJS.ProcessEnv, git: GitInfo): PactCommand {
  const environment = environmentOf(argv, env);
  requireAll('pact:record-deployment', [
    ...brokerRequirements(env),
    { name: 'git sha', value: git.sha, why: 'the version deployed: run inside the git checkout, or set GIT_COMMIT' },
    {
      name: 'environment',
      value: environment,
      why: 'where it was deployed: `npm run pact:record-deployment -- production`, or set PACT_ENVIRONMENT',
    },
  ]);
  return {
    args: [
      'broker',
      'record-deployment',
      ...brokerArgs(env),
      '--pacticipant',
      env.PACTICIPANT || PROVIDER,
      '--version',
      git.sha!,
      '--environment',
      environment!,
    ],
    env,
  };
}

if (require.main === module) runMain(() => runPactCli(recordDeploymentCommand(process.argv.slice(2), process.env, gitInfo())));
