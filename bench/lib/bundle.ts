import { statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_ALIASES } from '../../service/bundle/aliases';
import { RUNTIME_SDK_EXTERNALS } from '../../service/bundle/runtime-sdk';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Bundles a handler the way the CDK stack's `NodejsFunction` does (infra/lib/service-function.ts):
 * platform node, target node22, CommonJS, minified, a linked source map without sources, the
 * stand-ins of service/bundle/aliases.ts (the stack's `esbuildArgs`), and the AWS SDK either
 * bundled in or left to the runtime's copy (the `bundleAwsSdk` context key; `NodejsFunction` then
 * marks `RUNTIME_SDK_EXTERNALS` external, as here).
 */
export async function bundleLikeLambda(
  entry: string,
  outdir: string,
  options: { bundleAwsSdk: boolean },
): Promise<{ file: string; bytes: number; mapBytes: number }> {
  const file = path.join(outdir, 'index.js');
  await build({
    external: options.bundleAwsSdk ? [] : [...RUNTIME_SDK_EXTERNALS],
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    alias: BUNDLE_ALIASES,
    absWorkingDir: ROOT,
    logLevel: 'error',
  });
  return { file, bytes: statSync(file).size, mapBytes: statSync(`${file}.map`).size };
}

/** A helper script bundled for plain `node` (not minified, no source map). */
export async function bundleScript(entry: string, outfile: string): Promise<string> {
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error' });
  return outfile;
}
