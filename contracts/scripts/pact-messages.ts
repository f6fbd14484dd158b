/**
 * `npm run pact:messages`: runs the message consumers' Pact tests (contracts/message-consumers)
 * and replaces contracts/message-pacts with the pacts they write. Commit the result; the provider
 * verification (test/contracts/message-pacts.test.ts) reads the committed files.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildConsumerKit } from './support/consumer-kit';
import { runMain } from './support/run-main';

const ROOT = resolve(__dirname, '..', '..');
export const MESSAGE_PACTS_DIR = join(ROOT, 'contracts', 'message-pacts');

function main(): number {
  buildConsumerKit();
  const out = mkdtempSync(join(tmpdir(), 'message-pacts-'));
  try {
    const config = {
      rootDir: ROOT,
      roots: ['<rootDir>/contracts/message-consumers'],
      testMatch: ['**/*.test.ts'],
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
    };
    const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', JSON.stringify(config), '--ci'], {
      cwd: ROOT,
      env: { ...process.env, MESSAGE_PACT_OUTPUT_DIR: out, PACT_DO_NOT_TRACK: 'true', SCARF_ANALYTICS: 'false' },
      stdio: 'inherit',
    });
    if (run.status !== 0) return 1;
    for (const name of readdirSync(MESSAGE_PACTS_DIR).filter((n) => n.endsWith('.json'))) rmSync(join(MESSAGE_PACTS_DIR, name));
    for (const name of readdirSync(out).filter((n) => n.endsWith('.json'))) copyFileSync(join(out, name), join(MESSAGE_PACTS_DIR, name));
    process.stdout.write('contracts/message-pacts written; commit them.\n');
    return 0;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (require.main === module) runMain(main);
