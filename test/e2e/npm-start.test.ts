import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Command lines of the running Java processes that serve a given DynamoDB Local port. */
function javaProcessesOnPort(port: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        return cmdline.includes('DynamoDBLocal') && cmdline.includes(`-port ${port}`) ? [cmdline] : [];
      } catch {
        return [];
      }
    });
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no match for ${pattern} within ${timeoutMs} ms; output:\n${seen}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}; output:\n${seen}`)));
  });
}

describe('npm start', () => {
  it('serves the API on an embedded DynamoDB Local with a fresh token, and Ctrl-C leaves no Java behind', async () => {
    const env = {
      ...process.env,
      PORT: '0',
      DYNAMODB_ENDPOINT: '',
      TABLE_NAME: '',
      SEGMENTS_TOKENS: '',
      HOOKS_KEY_DIR: mkdtempSync(join(tmpdir(), 'hook-keys-')),
    };
    const child = spawn(join(root, 'node_modules/.bin/tsx'), ['service/src/entry/local.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const banner = await waitForOutput(
        child,
        /base URL: (\S+)[\s\S]*at http:\/\/127\.0\.0\.1:(\d+)[\s\S]*token \(modify, store "local"\): (\S+)/,
        45_000,
      );
      const [, baseUrl, dynamoPort, token] = banner;

      const created = await fetch(`${baseUrl}/segments`, {
        method: 'POST',
        headers: { 'X-Auth-Token': token!, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify([{ name: 'Started locally' }]),
      });
      expect(created.status).toBe(201);
      expect(javaProcessesOnPort(dynamoPort!)).toHaveLength(1);

      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(javaProcessesOnPort(dynamoPort!)).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
