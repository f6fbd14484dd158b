/**
 * Whether a Lambda event filter pattern matches an event record, for the patterns this stack
 * uses: nested objects whose leaves are lists of exact values. Any other rule (prefix, numeric,
 * exists) is refused rather than guessed at.
 */
export function filterMatches(pattern: Record<string, unknown>, value: unknown): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = (value as Record<string, unknown> | undefined)?.[key];
    if (Array.isArray(expected)) {
      if (expected.some((rule) => typeof rule === 'object' && rule !== null)) throw new Error(`unsupported filter rule under "${key}"`);
      return expected.includes(actual);
    }
    return filterMatches(expected as Record<string, unknown>, actual);
  });
}

/** The one filter pattern of the stack's event source mapping, parsed. */
export function eventSourceFilter(template: { findResources(type: string): Record<string, unknown> }): Record<string, unknown> {
  const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as {
    Properties: { FilterCriteria?: { Filters: { Pattern: string }[] } };
  }[];
  const patterns = mappings.flatMap((m) => m.Properties.FilterCriteria?.Filters ?? []);
  if (patterns.length !== 1) throw new Error(`expected one filter pattern, found ${patterns.length}`);
  return JSON.parse(patterns[0]?.Pattern ?? '{}') as Record<string, unknown>;
}
