import type { ErrorDetails } from './errors';

/**
 * Entries of one request that repeat an earlier entry's value: entry index → the detail that
 * `describe(value, firstIndex)` gives it. Empty when every value is distinct.
 */
export function repeatedEntries<T>(
  values: readonly T[],
  describe: (value: T, firstIndex: number) => [key: string, message: string],
): ErrorDetails {
  const firstIndex = new Map<T, number>();
  const details: ErrorDetails = {};
  values.forEach((value, index) => {
    const first = firstIndex.get(value);
    if (first === undefined) {
      firstIndex.set(value, index);
      return;
    }
    const [key, message] = describe(value, first);
    details[key.replace('{index}', String(index))] = message;
  });
  return details;
}
