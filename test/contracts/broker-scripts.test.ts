/**
 * The broker integration, tested up to the edge: no broker can run here, so these check what
 * each command is told, what it says when a setting is missing, and (against a stand-in HTTP
 * server) that the official Pact CLI really calls the configured broker with the token.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { relative } from 'node:path';
import { pactFilesIn } from '../../contracts/provider/pact-files';
import { verifyProvider } from '../../contracts/provider/verify';
import { canIDeployCommand } from '../../contracts/scripts/pact-can-i-deploy';
import { publishCommand } from '../../contracts/scripts/pact-publish';
import { recordDeploymentCommand } from '../../contracts/scripts/pact-record-deployment';
import { DEFAULT_WIP_SINCE, pactSourceFromEnv } from '../../contracts/scripts/pact-verify';
import { pactCliPath, pactEnv } from '../../contracts/scripts/support/pact-cli';
import { MissingSettingsError } from '../../contracts/scripts/support/run-main';
import { listen } from '../../service/src/http/listen';

const git = { sha: '0123456789abcdef0123456789abcdef01234567', branch: 'feature/segments' };
const noGit = { sha: undefined, branch: undefined };
const broker = { PACT_BROKER_BASE_URL: 'https://example.pactflow.io', PACT_BROKER_TOKEN: 'secret-token' };

function missingOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof MissingSettingsError) return error.missing.map((r) => r.name);
    throw error;
  }
  throw new Error('expected settings to be missing');
}

describe('pact:publish', () => {
  it('names every missing setting at once, and why it is needed', () => {
    expect(missingOf(() => publishCommand({}, noGit))).toEqual(['PACT_BROKER_BASE_URL', 'PACT_BROKER_TOKEN', 'git sha', 'git branch']);
    expect(() => publishCommand({}, git)).toThrow(
      /pact:publish cannot run: these settings are missing:\n {2}- PACT_BROKER_BASE_URL: the Pact Broker/,
    );
  });

  it('publishes contracts/pacts as the consumers’ version at this sha and branch, the token kept out of argv', () => {
    const command = publishCommand(broker, git, '/repo/contracts/pacts');

    expect(command.args).toEqual([
      'broker',
      'publish',
      '/repo/contracts/pacts',
      '--broker-base-url',
      'https://example.pactflow.io',
      '--consumer-app-version',
      git.sha,
      '--branch',
      git.branch,
    ]);
    expect(command.args.join(' ')).not.toContain('secret-token');
    expect(command.env.PACT_BROKER_TOKEN).toBe('secret-token');
  });
});

describe('pact:can-i-deploy', () => {
  it('needs the broker, the sha and an environment', () => {
    expect(missingOf(() => canIDeployCommand([], {}, noGit))).toEqual([
      'PACT_BROKER_BASE_URL',
      'PACT_BROKER_TOKEN',
      'git sha',
      'environment',
    ]);
  });

  it('asks about this sha of the provider for the environment given as its argument', () => {
    const { args } = canIDeployCommand(['production'], broker, git);

    expect(args.slice(0, 10)).toEqual([
      'broker',
      'can-i-deploy',
      '--broker-base-url',
      'https://example.pactflow.io',
      '--pacticipant',
      'customer-segmentation',
      '--version',
      git.sha,
      '--to-environment',
      'production',
    ]);
    expect(args).toContain('--retry-while-unknown');
  });

  it('takes the environment from PACT_ENVIRONMENT, and another pacticipant from PACTICIPANT', () => {
    const { args } = canIDeployCommand([], { ...broker, PACT_ENVIRONMENT: 'staging', PACTICIPANT: 'segment-sync' }, git);

    expect(args).toEqual(expect.arrayContaining(['--to-environment', 'staging', '--pacticipant', 'segment-sync']));
  });
});

describe('pact:record-deployment', () => {
  it('needs the broker, the sha and an environment', () => {
    expect(missingOf(() => recordDeploymentCommand([], {}, noGit))).toEqual([
      'PACT_BROKER_BASE_URL',
      'PACT_BROKER_TOKEN',
      'git sha',
      'environment',
    ]);
  });

  it('records this sha of the provider as deployed to the environment', () => {
    const { args } = recordDeploymentCommand(['production'], broker, git);

    expect(args).toEqual([
      'broker',
      'record-deployment',
      '--broker-base-url',
      'https://example.pactflow.io',
      '--pacticipant',
      'customer-segmentation',
      '--version',
      git.sha,
      '--environment',
      'production',
    ]);
  });
});

describe('pact:verify with a broker', () => {
  it('verifies the committed pacts when no broker is configured', () => {
    const source = pactSourceFromEnv({}, noGit);

    expect(source.kind).toBe('files');
  });

  it('verifies the pact files PACT_FILES names instead, even with a broker configured', () => {
    const committed = pactFilesIn();

    const source = pactSourceFromEnv({ ...broker, PACT_FILES: ` ${relative(process.cwd(), committed[0]!)} ,` }, git);

    expect(source).toEqual({ kind: 'files', files: [committed[0]] });
  });

  it('refuses PACT_FILES naming a file that does not exist', () => {
    expect(() => pactSourceFromEnv({ PACT_FILES: '/nowhere/a-pact.json' }, noGit)).toThrow(/\/nowhere\/a-pact\.json/);
  });

  it('names what is missing when only the broker URL is set', () => {
    expect(missingOf(() => pactSourceFromEnv({ PACT_BROKER_BASE_URL: broker.PACT_BROKER_BASE_URL }, noGit))).toEqual([
      'PACT_BROKER_TOKEN',
      'git sha',
      'git branch',
    ]);
  });

  it('fetches with the selectors of a provider’s CI, pending and WIP pacts, and does not publish outside CI', () => {
    const source = pactSourceFromEnv(broker, git);

    expect(source).toEqual({
      kind: 'broker',
      brokerUrl: 'https://example.pactflow.io',
      token: 'secret-token',
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }, { matchingBranch: true }],
      enablePending: true,
      includeWipPactsSince: DEFAULT_WIP_SINCE,
      providerVersion: git.sha,
      providerVersionBranch: git.branch,
      publishVerificationResult: false,
      buildUrl: undefined,
    });
  });

  it('publishes the results in CI, with the build URL', () => {
    const source = pactSourceFromEnv(
      { ...broker, CI: 'true', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/segments', GITHUB_RUN_ID: '42' },
      git,
    );

    expect(source).toMatchObject({ publishVerificationResult: true, buildUrl: 'https://github.com/acme/segments/actions/runs/42' });
  });
});

describe('up to the broker: a stand-in broker that records what it is asked and refuses every call', () => {
  const seen: { method?: string; url?: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    res.statusCode = 401;
    res.end('{}');
  });
  let port = 0;

  beforeAll(async () => {
    ({ port } = await listen(server));
  });
  beforeEach(() => {
    seen.length = 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('pact:verify fetches the pacts for verification from the broker, with the token', async () => {
    const source = pactSourceFromEnv({ PACT_BROKER_BASE_URL: `http://127.0.0.1:${port}`, PACT_BROKER_TOKEN: 'secret-token' }, git);
    const target = { origin: 'http://127.0.0.1:9', storeHash: 'unused', modifyToken: 'unused', readOnlyToken: undefined };

    const outcome = await verifyProvider({ target, source });

    expect(outcome.ok).toBe(false);
    expect(seen[0]).toMatchObject({ method: 'GET', headers: { authorization: 'Bearer secret-token' } });
  });

  it('pact:publish calls the broker with the token, through the official Pact CLI', async () => {
    {
      const command = publishCommand(
        {
          ...process.env,
          PACT_BROKER_BASE_URL: `http://127.0.0.1:${port}`,
          PACT_BROKER_TOKEN: 'secret-token',
          PACT_BROKER_HTTP_RETRIES: '0',
        },
        git,
      );

      // Act: the real CLI, as `npm run pact:publish` runs it.
      const code = await new Promise<number | null>((resolve) => {
        const child = spawn(pactCliPath(), command.args, { env: pactEnv(command.env), stdio: 'ignore' });
        child.on('exit', resolve);
      });

      // Assert: it reached the broker, authenticated; the broker's failure is its failure.
      expect(seen[0]?.headers.authorization).toBe('Bearer secret-token');
      expect(code).not.toBe(0);
    }
  });
});
