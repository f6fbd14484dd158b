import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { sourceMappedStack } from '../../service/src/stack-trace';

/**
 * A real minified bundle with a linked map, built by esbuild as the stack builds the API's, whose
 * code throws from a known line of its TypeScript source.
 */
describe('stack traces of a bundle, mapped when they are logged', () => {
  let dir: string;
  let source: string;
  let bundle: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'segmentation-stack-'));
    source = path.join(dir, 'thrower.ts');
    writeFileSync(
      source,
      [
        'export function outer(): never {',
        '  return inner();',
        '}',
        '',
        'function inner(): never {',
        "  throw new Error('from line 6');",
        '}',
        '',
      ].join('\n'),
    );
    bundle = path.join(dir, 'out', 'index.js');
    buildSync({
      entryPoints: [source],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      minify: true,
      sourcemap: true,
      sourcesContent: false,
      logLevel: 'error',
    });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The stack as a plain Node process sees it (jest maps stacks itself), source-map support off. */
  function thrownStack(file: string): string {
    const script = `try { require(${JSON.stringify(file)}).outer(); } catch (error) { process.stdout.write(error.stack); }`;
    return execFileSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
  }

  it('points each frame of the bundle at its source line, and leaves the other frames alone', () => {
    const stack = thrownStack(bundle);
    expect(stack).toContain(`${bundle}:1:`);

    const mapped = sourceMappedStack(stack, bundle).split('\n');

    expect(mapped[0]).toBe('Error: from line 6');
    expect(mapped[1]).toContain(`${source}:6:`);
    expect(mapped[2]).toContain(`${source}:2:`);
    expect(mapped.join('\n')).not.toContain(`${bundle}:`);
    expect(mapped.slice(3)).toEqual(stack.split('\n').slice(3));
  });

  it('leaves a stack as it is where the bundle has no map, or a map that cannot be read', () => {
    const unmapped = path.join(dir, 'unmapped.js');
    writeFileSync(unmapped, "exports.outer = () => { throw new Error('no map'); };\n");
    const corrupt = path.join(dir, 'corrupt.js');
    writeFileSync(corrupt, "exports.outer = () => { throw new Error('bad map'); };\n//# sourceMappingURL=corrupt.js.map\n");
    writeFileSync(`${corrupt}.map`, '{ not json');

    for (const file of [unmapped, corrupt]) {
      const stack = thrownStack(file);
      expect(sourceMappedStack(stack, file)).toBe(stack);
    }
  });
});
