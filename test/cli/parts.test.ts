/** The pure parts of the CLI: the customer table, Retry-After and backoff, and the row parser. */
import { CustomerSet } from '../../cli/src/customer-set';
import { parseCustomerId } from '../../cli/src/input';
import { backoffMs, DEFAULT_RETRY, retryAfterMs } from '../../cli/src/retry';

describe('CustomerSet', () => {
  it('keeps every customer, the line it was first seen on and its profile id, across growth', () => {
    const set = new CustomerSet(16);
    const ids = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 2147483647 || 1);

    ids.forEach((id, i) => {
      expect(set.add(id, i + 2)).toBe(0);
    });
    const slot = set.slotOf(ids[1234]!);
    set.setProfile(slot, '0199e0a0-1234-7abc-8def-0123456789ab');
    set.markMember(slot);
    set.add(99_999_999, 9_000);

    expect(set.size).toBe(5001);
    expect(set.add(ids[42]!, 10_000)).toBe(44);
    expect(set.profile(set.slotOf(ids[1234]!))).toBe('0199e0a0-1234-7abc-8def-0123456789ab');
    expect(set.isMember(set.slotOf(ids[1234]!))).toBe(true);
    expect(set.profile(set.slotOf(ids[1235]!))).toBeUndefined();
    expect(set.slotOf(123_456_789)).toBe(-1);
    expect([...set.slots()].map((s) => set.customerId(s)).sort((a, b) => a - b)).toEqual([...ids, 99_999_999].sort((a, b) => a - b));
  });
});

describe('Retry-After and backoff', () => {
  it('reads Retry-After as seconds or as an HTTP date, and ignores what it cannot read', () => {
    const now = Date.parse('2026-12-01T20:00:00Z');

    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Tue, 01 Dec 2026 20:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('waits what the server asked, plus at most 10%, and never past the cap', () => {
    expect(backoffMs(DEFAULT_RETRY, 1, 2000, () => 0)).toBe(2000);
    expect(backoffMs(DEFAULT_RETRY, 1, 2000, () => 0.999)).toBeLessThan(2200);
    expect(backoffMs(DEFAULT_RETRY, 1, 3_600_000, () => 0.5)).toBe(DEFAULT_RETRY.maxDelayMs);
  });

  it('without Retry-After, backs off exponentially with full jitter, capped', () => {
    expect(backoffMs(DEFAULT_RETRY, 1, undefined, () => 1)).toBe(250);
    expect(backoffMs(DEFAULT_RETRY, 4, undefined, () => 1)).toBe(2000);
    expect(backoffMs(DEFAULT_RETRY, 4, undefined, () => 0.5)).toBe(1000);
    expect(backoffMs(DEFAULT_RETRY, 30, undefined, () => 1)).toBe(DEFAULT_RETRY.maxDelayMs);
  });
});

describe('parseCustomerId', () => {
  it.each([
    ['42', 42],
    [42, 42],
    [' 7 ', 7],
    ['2147483647', 2147483647],
  ])('accepts %j', (value, expected) => {
    expect(parseCustomerId(value)).toBe(expected);
  });

  it.each([['0'], ['-1'], ['1.5'], ['1e3'], ['abc'], [''], [undefined], ['2147483648'], [null]])('refuses %j with a reason', (value) => {
    expect(typeof parseCustomerId(value)).toBe('string');
  });
});
