import { existsSync, readFileSync } from 'node:fs';
import type { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';

/**
 * Stack traces that point into the TypeScript sources, paid for only when one is logged.
 *
 * Node's `--enable-source-maps` reads and indexes a bundle's source map as the bundle loads, on
 * every cold start, whether or not anything is ever logged: for the API bundle that was a tenth of
 * its start-up work (docs/performance.md). The stack leaves it off, and an error that is logged
 * with its stack goes through here instead: the map beside the running bundle is read on the
 * first such error, with Node's own `SourceMap`, and each frame in the bundle is rewritten to its
 * source position. Where there is no map (under tsx, in the tests), stacks are left as they are.
 */
const STACK_FRAME = /^(\s*at (?:.*? \()?)(.+?):(\d+):(\d+)(\)?)$/;

const maps = new Map<string, SourceMap | null>();

function mapOf(bundleFile: string): SourceMap | null {
  let map = maps.get(bundleFile);
  if (map === undefined) {
    const mapFile = `${bundleFile}.map`;
    try {
      // Loaded here, not at the top: node:module brings Node's ES module loader with it.
      const { SourceMap: SourceMapOf } = require('node:module') as typeof import('node:module');
      map = existsSync(mapFile) ? new SourceMapOf(JSON.parse(readFileSync(mapFile, 'utf8'))) : null;
    } catch {
      // A map that cannot be read must not turn one logged error into another.
      map = null;
    }
    maps.set(bundleFile, map);
  }
  return map;
}

/** `stack` with every frame in `bundleFile` moved to its source file, line and column. */
export function sourceMappedStack(stack: string, bundleFile: string = __filename): string {
  const map = mapOf(bundleFile);
  if (!map) return stack;
  const mapDir = dirname(bundleFile);
  return stack
    .split('\n')
    .map((line) => {
      const frame = STACK_FRAME.exec(line);
      if (!frame || frame[2] !== bundleFile) return line;
      const [, before, , lineNumber, column, after] = frame;
      const entry = map.findEntry(Number(lineNumber) - 1, Number(column) - 1) as Partial<{
        originalSource: string;
        originalLine: number;
        originalColumn: number;
      }>;
      if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) return line;
      // As --enable-source-maps names it: the source's path resolved against the map's folder.
      const source = resolve(mapDir, entry.originalSource);
      return `${before}${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}${after}`;
    })
    .join('\n');
}
