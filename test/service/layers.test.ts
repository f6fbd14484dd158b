import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The service's floors, top to bottom. An import may only go down (or stay inside its own
 * folder); two folders on one floor (the resources) do not import each other at all; and no two
 * places import each other, directly or round a loop. Files at the root of service/src that are not
 * named here are shared: any floor may import them, and they import only each other.
 */
const FLOORS: readonly (readonly string[])[] = [
  ['entry'],
  ['app.ts', 'assemble.ts', 'config.ts'],
  ['routes', 'hooks', 'events'],
  ['docs', 'idempotency'],
  ['http'],
  ['workflows'],
  ['segments', 'shopper-profiles', 'memberships', 'promotions', 'auth'],
  ['items'],
  ['store'],
];
const SHARED_FLOOR = -1;

const SOURCE = resolve(__dirname, '../../service/src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Where a file lives: its top folder under service/src, or its own name for a root file. */
function placeOf(file: string): string {
  return relative(SOURCE, file).split('/')[0]!;
}

function floorOf(place: string): number {
  const index = FLOORS.findIndex((floor) => floor.includes(place));
  return index === -1 ? SHARED_FLOOR : FLOORS.length - index;
}

/** Relative imports (static, re-exports and dynamic), resolved to the place they land in. */
function importedPlaces(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => placeOf(resolve(dirname(file), specifier)));
}

interface Edge {
  from: string;
  to: string;
  file: string;
}

function importGraph(): Edge[] {
  return sourceFiles(SOURCE).flatMap((file) =>
    importedPlaces(file)
      .map((to) => ({ from: placeOf(file), to, file: relative(SOURCE, file) }))
      .filter((edge) => edge.from !== edge.to),
  );
}

/** The places on some loop of the graph (Tarjan's strongly connected components of more than one place). */
function loops(edges: readonly Edge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) next.set(from, (next.get(from) ?? new Set()).add(to));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (place: string) => {
    index.set(place, index.size);
    low.set(place, index.get(place)!);
    stack.push(place);
    for (const to of next.get(place) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(place, Math.min(low.get(place)!, low.get(to)!));
      } else if (stack.includes(to)) {
        low.set(place, Math.min(low.get(place)!, index.get(to)!));
      }
    }
    if (low.get(place) === index.get(place)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop()!;
        component.push(member);
      } while (member !== place);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const place of next.keys()) if (!index.has(place)) visit(place);
  return found;
}

/** The imports that break the floors' rule, as `file: from → to` lines. */
function climbs(edges: readonly Edge[]): string[] {
  return edges
    .filter(({ from, to }) => {
      const [own, target] = [floorOf(from), floorOf(to)];
      if (target === SHARED_FLOOR) return false;
      return own === SHARED_FLOOR || target >= own;
    })
    .map(({ from, to, file }) => `${file}: ${from} → ${to}`);
}

describe('the import graph of service/src', () => {
  const edges = importGraph();

  it('is read from the sources (the check can see imports at all)', () => {
    expect(edges.some((edge) => edge.from === 'routes' && edge.to === 'http')).toBe(true);
    expect(edges.some((edge) => edge.from === 'workflows' && edge.to === 'memberships')).toBe(true);
  });

  it('never climbs from a lower floor to a higher one, nor crosses between folders of one floor', () => {
    expect(climbs(edges)).toEqual([]);
  });

  it('has no two places importing each other, directly or round a loop', () => {
    expect(loops(edges)).toEqual([]);
  });

  it('would catch a climb and a loop (the rule checked on a graph made to break it)', () => {
    const broken: Edge[] = [
      { from: 'store', to: 'items', file: 'store/x.ts' },
      { from: 'items', to: 'store', file: 'items/y.ts' },
      { from: 'memberships', to: 'segments', file: 'memberships/z.ts' },
    ];
    expect(climbs(broken)).toEqual(['store/x.ts: store → items', 'memberships/z.ts: memberships → segments']);
    expect(loops(broken)).toEqual([['items', 'store']]);
  });
});
