import { randomBytes } from 'node:crypto';

let lastMillis = 0;

/**
 * A UUIDv7 (RFC 9562): 48 bits of milliseconds, then randomness. Ids sort by creation time, so a
 * partition sorted by id lists its items oldest first without a second index. Within this
 * process the clock part never repeats, so a batch created in one millisecond keeps its order.
 */
export function newId(now: number = Date.now()): string {
  const millis = Math.max(now, lastMillis + 1);
  lastMillis = millis;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(millis, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
