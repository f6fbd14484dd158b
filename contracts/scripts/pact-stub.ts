/**
 * `npm run pact:stub`: serves the committed pacts with the Pact stub server, for consumer teams
 * to develop against: http://127.0.0.1:<PACT_STUB_PORT, default 8111>/stores/pact-store/v3/...
 * with the placeholder tokens of contracts/consumers/conventions.ts. When several interactions
 * match a request, send `X-Pact-Provider-State: <state name>` to pick one.
 */
import { resolve } from 'node:path';
import { type PactCommand, startPactCli } from './support/pact-cli';
import { runMain } from './support/run-main';

export const PACTS_DIR = resolve(__dirname, '..', 'pacts');
export const DEFAULT_STUB_PORT = '8111';

export function stubCommand(env: NodeJS.ProcessEnv, port: string = env.PACT_STUB_PORT || DEFAULT_STUB_PORT): PactCommand {
  return {
    args: [
      'stub',
      '--dir',
      PACTS_DIR,
      '--port',
      port,
      '--provider-state-header-name',
      'X-Pact-Provider-State',
      '--cors',
      '--loglevel',
      'warn',
    ],
    env,
  };
}

if (require.main === module) {
  runMain(
    () =>
      new Promise<number>((done) => {
        const child = startPactCli(stubCommand(process.env));
        const stop = () => child.kill('SIGTERM');
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        child.on('exit', (code) => done(code ?? 0));
      }),
  );
}
