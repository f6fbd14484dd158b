import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The SDK packages the service takes from the runtime (service/bundle/runtime-sdk.ts): every
 * `@aws-sdk/*` it depends on, read from package.json so a client added there (KMS for the hooks'
 * secrets, say) is installed here too, as the runtime has every client.
 */
export const RUNTIME_SDK_PACKAGES: readonly string[] = Object.keys(
  (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies,
).filter((name) => name.startsWith('@aws-sdk/'));

/**
 * Installs `version` of the SDK packages the service leaves to the runtime into a folder of their
 * own, as a stand-in for the runtime's `/var/runtime/node_modules`, and answers that
 * `node_modules` folder (for `NODE_PATH`). npm resolves their dependencies as it would for anyone
 * installing that version today. The folder is kept in node_modules/.cache, so a second run costs
 * nothing and `npm ci` (CI) starts it from scratch; a stamp written last marks an install as
 * complete, so one that was cut short is redone rather than trusted.
 */
export async function installRuntimeSdk(version: string): Promise<string> {
  const dir = path.join(ROOT, 'node_modules', '.cache', 'runtime-sdk', version);
  const stamp = path.join(dir, 'installed.json');
  const modules = path.join(dir, 'node_modules');
  const wanted = JSON.stringify({ packages: RUNTIME_SDK_PACKAGES, version });
  // A stamp for another set of packages (one added to package.json since) is an install to redo.
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return modules;

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // A package.json of its own, so npm installs here and does not walk up into the project.
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'runtime-sdk-stand-in', private: true }));
  await execFileAsync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--prefix',
      dir,
      ...RUNTIME_SDK_PACKAGES.map((name) => `${name}@${version}`),
    ],
    { cwd: dir, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
  );
  for (const name of RUNTIME_SDK_PACKAGES) {
    const installed = installedVersion(modules, name);
    if (installed !== version) throw new Error(`${name}: npm installed ${installed}, not ${version}`);
  }
  writeFileSync(stamp, wanted);
  return modules;
}

/** The version of a package in a node_modules folder, or undefined when it is not there. */
export function installedVersion(modules: string, name: string): string | undefined {
  const file = path.join(modules, name, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : undefined;
}
