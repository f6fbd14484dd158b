/**
 * The consumer kit as another team meets it: packed with `npm pack`, installed from the tarball
 * into a folder outside this repository (offline, from the npm cache `npm ci` filled), used by a
 * plain-JavaScript Pact test against the real mock server, and the pact it writes verified
 * against the provider with `npm run pact:verify`.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { BASE_PATH_TEMPLATE } from '../../contracts/client';
import { openapiDocument } from '../../service/src/generated/openapi-document';
import { scratchDir } from './helpers';

const REPO_ROOT = resolve(__dirname, '..', '..');
const KIT_DIR = join(REPO_ROOT, 'contracts', 'client');
const KIT_NAME = '@customer-segmentation/client';

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  [field: string]: unknown;
}

/** The environment of a child npm: none of the `npm_*` settings of an `npm test` that started jest. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
  return { ...env, PACT_DO_NOT_TRACK: 'true', SCARF_ANALYTICS: 'false', ...extra };
}

function run(command: string, args: string[], cwd: string, extra: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env: cleanEnv(extra), encoding: 'utf8', timeout: 5 * 60_000 });
}

function output(result: SpawnSyncReturns<string>): string {
  return `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
}

/**
 * A lock file for a folder that depends on the tarball alone: the kit's dependencies, with the
 * versions and integrity this repository's lock holds, so `npm ci --offline` takes them from the
 * cache (an offline `npm install` would need registry metadata the cache does not keep).
 */
function lockFor(tarball: string): object {
  const repoLock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const kit = JSON.parse(readFileSync(join(KIT_DIR, 'package.json'), 'utf8')) as LockEntry;
  const spec = `file:${tarball}`;
  const packages: Record<string, LockEntry> = {
    '': { name: 'kit-consumer', dependencies: { [KIT_NAME]: spec } },
    [`node_modules/${KIT_NAME}`]: { ...kit, resolved: spec },
  };
  const pending = Object.keys(kit.dependencies ?? {});
  while (pending.length > 0) {
    const name = pending.pop()!;
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    const entry = repoLock.packages[key];
    if (!entry) throw new Error(`${name} is not in the repository's lock file at the top level`);
    packages[key] = entry;
    pending.push(...Object.keys(entry.dependencies ?? {}));
  }
  return { name: 'kit-consumer', lockfileVersion: 3, requires: true, packages };
}

describe('the consumer kit, installed by a team in another repository', () => {
  const work = scratchDir('kit-consumer-');
  const project = join(work, 'project');
  const pactDir = join(project, 'pacts');
  let tarball = '';
  let files: string[] = [];

  beforeAll(() => {
    // Arrange: pack the kit (its prepare script builds it) and install the tarball.
    const packs = join(work, 'packs');
    mkdirSync(packs);
    const packed = run('npm', ['pack', '--json', '--pack-destination', packs], KIT_DIR);
    if (packed.status !== 0) throw new Error(`npm pack failed:\n${output(packed)}`);
    const [name] = readdirSync(packs).filter((n) => n.endsWith('.tgz'));
    if (!name) throw new Error(`npm pack wrote no tarball:\n${output(packed)}`);
    tarball = join(packs, name);
    const listed = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('\n[') + 1)) as { files: { path: string }[] }[];
    files = listed[0]!.files.map((f) => f.path);

    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'kit-consumer', private: true, dependencies: { [KIT_NAME]: `file:${tarball}` } }),
    );
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lockFor(tarball), null, 2));
    const installed = run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--legacy-peer-deps'], project);
    if (installed.status !== 0) throw new Error(`npm ci of the tarball failed:\n${output(installed)}`);
    // The peer dependency: this repository's copy (its native mock server is some 100 MB).
    mkdirSync(join(project, 'node_modules', '@pact-foundation'), { recursive: true });
    symlinkSync(
      join(REPO_ROOT, 'node_modules', '@pact-foundation', 'pact'),
      join(project, 'node_modules', '@pact-foundation', 'pact'),
      'dir',
    );
  }, 5 * 60_000);

  it('is installed outside the repository', () => {
    expect(relative(REPO_ROOT, project).startsWith('..')).toBe(true);
    expect(existsSync(join(project, 'node_modules', KIT_NAME, 'package.json'))).toBe(true);
  });

  it('ships JavaScript and declarations only: no TypeScript source, nothing to compile', () => {
    expect(files).toContain('package.json');
    expect(files).toEqual(expect.arrayContaining(['dist/contracts/client/index.js', 'dist/contracts/client/pact.d.ts']));
    expect(files.filter((f) => f !== 'package.json' && !/\.(js|d\.ts)$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('gives a TypeScript consumer the types of the document: a wrong field does not compile', () => {
    writeFileSync(
      join(project, 'check.ts'),
      [
        "import { createSegmentationClient, type Segment } from '@customer-segmentation/client';",
        "import { STATES, type StateParameters } from '@customer-segmentation/client/pact';",
        "const client = createSegmentationClient('http://127.0.0.1:3000/stores/local/v3', 'token');",
        "export const created = client.createSegments([{ name: 'VIP' }]);",
        "export const params: StateParameters[typeof STATES.segmentExists] = { name: 'VIP', description: 'd' };",
        'export const named = (segment: Segment): string => segment.name;',
        '// @ts-expect-error: a segment has no `title`',
        "export const wrong = client.createSegments([{ title: 'VIP' }]);",
      ].join('\n'),
    );
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const [module, moduleResolution] of [
      ['node16', 'node16'],
      ['commonjs', 'node'],
    ]) {
      const compilerOptions = { noEmit: true, strict: true, skipLibCheck: true, types: [], module, moduleResolution };
      writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['check.ts'] }));
      const checked = run(process.execPath, [tsc, '-p', 'tsconfig.json'], project);
      expect({ moduleResolution, status: checked.status, output: output(checked) }).toEqual({ moduleResolution, status: 0, output: '' });
    }
  }, 120_000);

  it('runs a plain-JavaScript Pact test against the Pact mock server, which writes the pact', () => {
    copyFileSync(join(__dirname, 'kit-consumer', 'report.pact.js'), join(project, 'report.pact.js'));

    const tested = run(process.execPath, ['--test', 'report.pact.js'], project, { PACT_DIR: pactDir });

    expect({ status: tested.status, output: output(tested) }).toEqual({ status: 0, output: expect.stringContaining('# pass 2') });
    const pact = JSON.parse(readFileSync(join(pactDir, 'kit-consumer-customer-segmentation.json'), 'utf8'));
    expect(pact.consumer.name).toBe('kit-consumer');
    expect(pact.provider.name).toBe('customer-segmentation');
    expect(pact.interactions.map((i: { description: string }) => i.description).sort()).toEqual([
      'a request for segments with an unknown token',
      'a request for the first page of segments',
    ]);
  }, 120_000);

  it(
    'verifies the provider against that pact with npm run pact:verify (PACT_FILES)',
    () => {
      const pactFile = join(pactDir, 'kit-consumer-customer-segmentation.json');

      const verified = run('npm', ['run', 'pact:verify'], REPO_ROOT, { PACT_FILES: pactFile });

      expect({ status: verified.status, output: output(verified) }).toEqual({
        status: 0,
        output: expect.stringMatching(/✔ in-process app: every interaction verified[\s\S]*✔ Lambda handler: every interaction verified/),
      });
    },
    5 * 60_000,
  );

  it(
    'fails the verification when that pact expects what the provider does not answer',
    () => {
      const pactFile = join(pactDir, 'kit-consumer-customer-segmentation.json');
      const pact = JSON.parse(readFileSync(pactFile, 'utf8'));
      for (const interaction of pact.interactions) if (interaction.response.status === 401) interaction.response.status = 200;
      const altered = join(work, 'altered-kit-consumer.json');
      writeFileSync(altered, JSON.stringify(pact));

      const verified = run('npm', ['run', 'pact:verify'], REPO_ROOT, { PACT_FILES: altered });

      expect(verified.status).toBe(1);
      expect(output(verified)).toContain('✘ in-process app: verification failed');
    },
    5 * 60_000,
  );
});

describe('the consumer kit and the document', () => {
  it('builds store API roots on the base path the document names', () => {
    expect(BASE_PATH_TEMPLATE).toBe(openapiDocument.info['x-opc-config-base-path']);
  });
});
