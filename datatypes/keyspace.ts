/**
 * One database's key space: a dictionary from key to value, plus the
 * per-key metadata Redis keeps (expire time, LRU clock), with the two
 * operations a plain JavaScript `Map` cannot give us:
 *
 *  - O(1) random sampling (RANDOMKEY, the active expiry cycle, eviction);
 *  - a stateless SCAN cursor that returns every key present for the whole
 *    iteration, even while keys are added and removed.
 *
 * Layout ("slots"): every key lives in a numbered slot. `index` maps the key
 * to its slot; parallel arrays hold the key, the value and the metadata of
 * each slot. Deleted slots go on a free list and are reused, but a live key
 * never moves to another slot. That one rule gives both guarantees:
 *
 *   slot:      0      1      2      3      4
 *   keys:   "a"    (free)  "c"    "d"    (free)
 *   vals:    v0      -      v2     v3      -
 *   expire:  0       -      t2     0       -      (ms timestamp, 0 = none)
 *
 *   - sampling picks a random slot and retries on a free one;
 *   - SCAN's cursor is simply "the next slot to look at": a key that stays
 *     put is visited exactly once; a key added behind the cursor into a
 *     reused slot may be missed, which SCAN's contract allows.
 *
 * Keys with a TTL are also kept in a dense array (`volatile`) with each
 * slot's position in it, so the expiry cycle samples only keys that can
 * expire, as Redis samples its `expires` dict.
 *
 * Memory: one Map entry plus 8+8+4+8+4 bytes of arrays per slot, and the key
 * and value strings themselves (see docs/keyspace.md for measurements).
 */

/** Resolution of the LRU clock kept per key (Redis: LRU_CLOCK_RESOLUTION). */
export const LRU_RESOLUTION_MS = 1000;

export class Keyspace<V> {
  private readonly index = new Map<string, number>();
  private keyAt: (string | undefined)[] = [];
  private valAt: (V | undefined)[] = [];
  private lruAt = new Uint32Array(8);
  private expireAt = new Float64Array(8);
  private volatilePos = new Int32Array(8);
  private volatile = new Int32Array(8);
  private volatileCount = 0;
  private freeSlots: number[] = [];

  get size(): number {
    return this.index.size;
  }

  /** Number of keys that carry a TTL (INFO keyspace "expires="). */
  get expiresCount(): number {
    return this.volatileCount;
  }

  /** Slot of `key`, or -1. Commands normally go through the Db wrapper. */
  slotOf(key: string): number {
    const slot = this.index.get(key);
    return slot === undefined ? -1 : slot;
  }

  keyOf(slot: number): string {
    return this.keyAt[slot] as string;
  }

  valueOf(slot: number): V {
    return this.valAt[slot] as V;
  }

  setValueAt(slot: number, value: V): void {
    this.valAt[slot] = value;
  }

  /** Expire time in ms of the key in `slot`, 0 when it has none. */
  expireOf(slot: number): number {
    return this.expireAt[slot];
  }

  lruOf(slot: number): number {
    return this.lruAt[slot];
  }

  touch(slot: number, lruClock: number): void {
    this.lruAt[slot] = lruClock;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  /**
   * Add or overwrite. Overwriting keeps the TTL only when `keepTtl` (SET
   * KEEPTTL); otherwise the key becomes persistent as in Redis's setKey.
   */
  set(key: string, value: V, lruClock: number, keepTtl = false): number {
    let slot = this.index.get(key);
    if (slot === undefined) {
      slot = this.allocSlot();
      this.keyAt[slot] = key;
      this.index.set(key, slot);
    } else if (!keepTtl && this.expireAt[slot] !== 0) {
      this.removeVolatile(slot);
    }
    this.valAt[slot] = value;
    this.lruAt[slot] = lruClock;
    return slot;
  }

  delete(key: string): boolean {
    const slot = this.index.get(key);
    if (slot === undefined) return false;
    this.deleteSlot(slot);
    return true;
  }

  deleteSlot(slot: number): void {
    const key = this.keyAt[slot] as string;
    if (this.expireAt[slot] !== 0) this.removeVolatile(slot);
    this.index.delete(key);
    this.keyAt[slot] = undefined;
    this.valAt[slot] = undefined;
    // Trailing free slots shrink the arrays; inner ones are reused later.
    if (slot === this.keyAt.length - 1) {
      this.keyAt.length = slot;
      this.valAt.length = slot;
      this.trimTail();
    } else {
      this.freeSlots.push(slot);
    }
  }

  setExpire(slot: number, whenMs: number): void {
    if (this.expireAt[slot] === 0) {
      this.ensureVolatileCapacity();
      this.volatilePos[slot] = this.volatileCount;
      this.volatile[this.volatileCount++] = slot;
    }
    // 0 means "no TTL"; a real deadline of 0 (epoch) is stored as -1, still past.
    this.expireAt[slot] = whenMs === 0 ? -1 : whenMs;
  }

  /** Remove the TTL of the key in `slot`; true if it had one. */
  persist(slot: number): boolean {
    if (this.expireAt[slot] === 0) return false;
    this.removeVolatile(slot);
    return true;
  }

  /** A uniformly random live slot, or -1 when empty. */
  randomSlot(random: () => number = Math.random): number {
    if (this.index.size === 0) return -1;
    const n = this.keyAt.length;
    // Dense enough in practice (free slots are reused first); bound the
    // retries and fall back to a walk so a sparse table cannot spin.
    for (let i = 0; i < 32; i++) {
      const slot = Math.floor(random() * n);
      if (this.keyAt[slot] !== undefined) return slot;
    }
    let slot = Math.floor(random() * n);
    while (this.keyAt[slot] === undefined) slot = (slot + 1) % n;
    return slot;
  }

  /** A random slot among keys with a TTL, or -1 when none has one. */
  randomVolatileSlot(random: () => number = Math.random): number {
    if (this.volatileCount === 0) return -1;
    return this.volatile[Math.floor(random() * this.volatileCount)];
  }

  /** The i-th key with a TTL (0 <= i < expiresCount); order changes on removal. */
  volatileSlotAt(i: number): number {
    return this.volatile[i];
  }

  /**
   * Visit up to `count` live slots starting at `cursor`; returns the next
   * cursor, 0 when the walk is complete (Redis's SCAN contract).
   */
  scan(cursor: number, count: number, visit: (slot: number) => void): number {
    const n = this.keyAt.length;
    let slot = cursor;
    let seen = 0;
    // Also bound the free slots stepped over, so one call stays O(count).
    let budget = count * 10;
    while (slot < n && seen < count && budget-- > 0) {
      if (this.keyAt[slot] !== undefined) {
        visit(slot);
        seen++;
      }
      slot++;
    }
    return slot >= n ? 0 : slot;
  }

  /** Iterate every live slot (KEYS, FLUSH accounting, snapshots). */
  forEachSlot(visit: (slot: number) => void): void {
    const n = this.keyAt.length;
    for (let slot = 0; slot < n; slot++) {
      if (this.keyAt[slot] !== undefined) visit(slot);
    }
  }

  clear(): void {
    this.index.clear();
    this.keyAt = [];
    this.valAt = [];
    this.freeSlots = [];
    this.lruAt = new Uint32Array(8);
    this.expireAt = new Float64Array(8);
    this.volatilePos = new Int32Array(8);
    this.volatile = new Int32Array(8);
    this.volatileCount = 0;
  }

  private allocSlot(): number {
    // The free list may hold stale entries (slots since trimmed away or
    // reused through the tail); skip them rather than filtering eagerly.
    while (this.freeSlots.length > 0) {
      const reused = this.freeSlots.pop() as number;
      if (reused < this.keyAt.length && this.keyAt[reused] === undefined) return reused;
    }
    const slot = this.keyAt.length;
    if (slot >= this.lruAt.length) this.growSlots(slot + 1);
    this.keyAt.push(undefined);
    this.valAt.push(undefined);
    return slot;
  }

  private growSlots(min: number): void {
    const size = Math.max(min, this.lruAt.length * 2);
    this.lruAt = grow(this.lruAt, new Uint32Array(size));
    this.expireAt = grow(this.expireAt, new Float64Array(size));
    this.volatilePos = grow(this.volatilePos, new Int32Array(size));
  }

  private ensureVolatileCapacity(): void {
    if (this.volatileCount === this.volatile.length) {
      this.volatile = grow(this.volatile, new Int32Array(this.volatile.length * 2));
    }
  }

  /** Swap-remove the slot from the dense volatile list. */
  private removeVolatile(slot: number): void {
    const pos = this.volatilePos[slot];
    const last = this.volatile[--this.volatileCount];
    this.volatile[pos] = last;
    this.volatilePos[last] = pos;
    this.expireAt[slot] = 0;
  }

  /** Drop free slots at the end so the arrays shrink after mass deletes. */
  private trimTail(): void {
    let n = this.keyAt.length;
    while (n > 0 && this.keyAt[n - 1] === undefined) n--;
    this.keyAt.length = n;
    this.valAt.length = n;
    if (this.freeSlots.length > 2 * n + 64) this.freeSlots = this.freeSlots.filter((s) => s < n);
  }
}

function grow<T extends Uint32Array | Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
