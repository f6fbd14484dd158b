import { bytesToUuid, uuidToBytes } from './uuid-list';

/**
 * The import's memory: one slot per distinct customer id of the input file, in flat typed arrays
 * (open addressing, linear probing; customer ids are at most 2^31 - 1, so 4 bytes each), so a million distinct customers cost at most 2^21 slots of 25 bytes (about 52 MB) and no object per
 * row. A slot holds the customer id, the line it was first seen on, its shopper profile id once
 * known (16 bytes), and two flags: "is a member of the segment" and "failed".
 */
const EMPTY = 0;
const USED = 1;
const HAS_PROFILE = 2;
const MEMBER = 4;
const FAILED = 8;

const UUID_BYTES = 16;

/** A slot's index; valid until the set grows. */
export type Slot = number;

export class CustomerSet {
  private capacity: number;
  private ids: Uint32Array;
  private lines: Uint32Array;
  private flags: Uint8Array;
  private profiles: Uint8Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = 1 << Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.ids = new Uint32Array(this.capacity);
    this.lines = new Uint32Array(this.capacity);
    this.flags = new Uint8Array(this.capacity);
    this.profiles = new Uint8Array(this.capacity * UUID_BYTES);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the arrays: what the docs promise stays small. */
  get bytes(): number {
    return this.ids.byteLength + this.lines.byteLength + this.flags.byteLength + this.profiles.byteLength;
  }

  private hash(id: number): number {
    // Fibonacci hashing: sequential customer ids spread over the table.
    return (Math.imul(id, 0x9e3779b1) >>> 0) & (this.capacity - 1);
  }

  private find(id: number): Slot {
    let slot = this.hash(id);
    while (this.flags[slot] !== EMPTY && this.ids[slot] !== id) slot = (slot + 1) & (this.capacity - 1);
    return slot;
  }

  /** The slot of a customer id, or -1 when the file does not hold it. */
  slotOf(id: number): Slot {
    const slot = this.find(id);
    return this.flags[slot] === EMPTY ? -1 : slot;
  }

  /**
   * Adds a customer first seen on `line`. Answers 0 when it is new, or the line it was first
   * seen on when it is a repeat.
   */
  add(id: number, line: number): number {
    if ((this.count + 1) * 2 > this.capacity) this.grow();
    const slot = this.find(id);
    if (this.flags[slot] !== EMPTY) return this.lines[slot]!;
    this.flags[slot] = USED;
    this.ids[slot] = id;
    this.lines[slot] = line;
    this.count++;
    return 0;
  }

  private grow(): void {
    const old = { ids: this.ids, lines: this.lines, flags: this.flags, profiles: this.profiles, capacity: this.capacity };
    this.capacity *= 2;
    this.ids = new Uint32Array(this.capacity);
    this.lines = new Uint32Array(this.capacity);
    this.flags = new Uint8Array(this.capacity);
    this.profiles = new Uint8Array(this.capacity * UUID_BYTES);
    for (let i = 0; i < old.capacity; i++) {
      if (old.flags[i] === EMPTY) continue;
      const slot = this.find(old.ids[i]!);
      this.ids[slot] = old.ids[i]!;
      this.lines[slot] = old.lines[i]!;
      this.flags[slot] = old.flags[i]!;
      this.profiles.set(old.profiles.subarray(i * UUID_BYTES, (i + 1) * UUID_BYTES), slot * UUID_BYTES);
    }
  }

  customerId(slot: Slot): number {
    return this.ids[slot]!;
  }

  line(slot: Slot): number {
    return this.lines[slot]!;
  }

  setProfile(slot: Slot, profileId: string): void {
    uuidToBytes(profileId, this.profiles, slot * UUID_BYTES);
    this.flags[slot]! |= HAS_PROFILE;
  }

  hasProfile(slot: Slot): boolean {
    return (this.flags[slot]! & HAS_PROFILE) !== 0;
  }

  profile(slot: Slot): string | undefined {
    return this.flags[slot]! & HAS_PROFILE ? bytesToUuid(this.profiles, slot * UUID_BYTES) : undefined;
  }

  markMember(slot: Slot): void {
    this.flags[slot]! |= MEMBER;
  }

  isMember(slot: Slot): boolean {
    return (this.flags[slot]! & MEMBER) !== 0;
  }

  markFailed(slot: Slot): void {
    this.flags[slot]! |= FAILED;
  }

  isFailed(slot: Slot): boolean {
    return (this.flags[slot]! & FAILED) !== 0;
  }

  /** Every used slot, in table order (stable while the set does not grow). */
  *slots(): Generator<Slot> {
    for (let slot = 0; slot < this.capacity; slot++) if (this.flags[slot] !== EMPTY) yield slot;
  }
}
