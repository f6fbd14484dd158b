const UUID_BYTES = 16;

export function uuidToBytes(uuid: string, into: Uint8Array, offset: number): void {
  const hex = uuid.replace(/-/g, '');
  for (let i = 0; i < UUID_BYTES; i++) into[offset + i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
}

export function bytesToUuid(from: Uint8Array, offset: number): string {
  let hex = '';
  for (let i = 0; i < UUID_BYTES; i++) hex += from[offset + i]!.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A growable list of UUIDs kept as 16 bytes each, for ids the import must remember by the thousand. */
export class UuidList implements Iterable<string> {
  private bytes = new Uint8Array(16 * 64);
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(uuid: string): void {
    if ((this.count + 1) * 16 > this.bytes.length) {
      const bigger = new Uint8Array(this.bytes.length * 2);
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
    uuidToBytes(uuid, this.bytes, this.count * UUID_BYTES);
    this.count++;
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let n = 0; n < this.count; n++) yield bytesToUuid(this.bytes, n * UUID_BYTES);
  }
}
