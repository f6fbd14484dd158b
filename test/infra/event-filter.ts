/** One rule of a list: an exact value, `{exists: true|false}` or `{prefix: "…"}`; any other is refused. */
function ruleMatches(rule: unknown, actual: unknown, key: string): boolean {
  if (typeof rule !== 'object' || rule === null) return rule === actual;
  if ('exists' in rule && Object.keys(rule).length === 1) return (actual !== undefined) === rule.exists;
  if ('prefix' in rule && Object.keys(rule).length === 1) return typeof actual === 'string' && actual.startsWith(String(rule.prefix));
  throw new Error(`unsupported filter rule under "${key}"`);
}

/**
 * Whether a Lambda event filter pattern matches an event record, for the patterns this stack
 * uses: nested objects whose leaves are lists of exact values, `exists` or `prefix` rules. Any
 * other rule (numeric, anything-but) is refused rather than guessed at.
 */
export function filterMatches(pattern: Record<string, unknown>, value: unknown): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = (value as Record<string, unknown> | undefined)?.[key];
    if (Array.isArray(expected)) return expected.some((rule) => ruleMatches(rule, actual, key));
    return filterMatches(expected as Record<string, unknown>, actual);
  });
}

/** The filter patterns of the cleanup's event source mapping (the one whose function's logical id names `functionPrefix`), parsed. */
export function eventSourceFilters(
  template: { findResources(type: string): Record<string, unknown> },
  functionPrefix = 'Cleanup',
): Record<string, unknown>[] {
  const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as {
    Properties: { FunctionName?: { Ref?: string }; FilterCriteria?: { Filters: { Pattern: string }[] } };
  }[];
  return mappings
    .filter((m) => m.Properties.FunctionName?.Ref?.startsWith(functionPrefix))
    .flatMap((m) => m.Properties.FilterCriteria?.Filters ?? [])
    .map((filter) => JSON.parse(filter.Pattern) as Record<string, unknown>);
}

/** Whether Lambda invokes for a record: any of the mapping's patterns matches it. */
export function anyFilterMatches(patterns: readonly Record<string, unknown>[], value: unknown): boolean {
  return patterns.some((pattern) => filterMatches(pattern, value));
}
