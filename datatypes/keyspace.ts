/**
 * One database's key space: a dictionary from key to value, plus the
 * per-key metadata Redis keeps (expire time, LRU clock), with the two
 * operations a plain JavaScript `Map` cannot give us:
 *
 *  - O(1) random sampling (RANDOMKEY, the active expiry cycle, eviction);
 *  - a stateless SCAN cursor that returns every key present for the whole
 *    iteration, even while keys are added and removed.
 *
 * ## Slots
 *
 * Every key lives in a numbered slot. Parallel arrays hold each slot's
 * entry and metadata; deleted slots go on a free list and are reused, but a
 * live key never moves to another slot. That one rule gives both
 * guarantees:
 *
 *   slot:     0             1        2              3
 *   entry:  "k1hello"     (free)   "k2world"      Entry{key:"big",value:…}
 *   keyLen:   2             -        2              (boxed)
 *   lru:      t0            -        t2             t3
 *   flags:    0             -        VOLATILE       0
 *
 *   - sampling picks a random slot and retries on a free one;
 *   - SCAN's cursor is simply "the next slot to look at": a key that stays
 *     put is visited exactly once; a key added behind the cursor into a
 *     reused slot may be missed, which SCAN's contract allows.
 *
 * ## Entries: why key and value share one string
 *
 * A JavaScript string costs a 16-byte header plus its bytes rounded up to
 * 8, so a small key and a small value kept apart cost two headers. Like
 * Redis's "embstr" (object header and bytes in one allocation), a string
 * value of at most 44 bytes is stored *with its key* as one flat string,
 * `key + value`, and the key's length in `keyLen`: about 40 bytes instead
 * of 64 for `key:123456` → `val:123456`. Reading such a value slices it out
 * of the entry. Bigger values and non-string values are "boxed": an
 * `Entry { key, value }` object.
 *
 * ## The index
 *
 * Keys are found through an open-addressing hash table (`table`) of slot
 * numbers, probed linearly, with tombstones for deleted entries. It stores
 * 4 bytes per bucket instead of a `Map`'s ~28 bytes per entry. The hash is
 * FNV-1a over the key's bytes with a per-keyspace random seed, finished
 * with MurmurHash3's avalanche, so clients cannot predict collisions (Redis
 * uses SipHash with a random key for the same reason).
 *
 * ## Expire times
 *
 * Most keys have no TTL, so expire times are not stored per slot: a flag
 * bit marks volatile slots, and those are kept in dense arrays (`volSlot`,
 * `volWhen`) with a Map from slot to position, which also lets the expiry
 * cycle walk only keys that can expire, as Redis walks its `expires` dict.
 *
 * docs/keyspace.md has the measurements behind these choices.
 */

/** Longest string value stored inside its key's entry (Redis's embstr limit). */
const EMBED_LIMIT = 44;
/** keyLen value marking a boxed entry (also the cap on embedded key length). */
const BOXED = 0xffff;
const VOLATILE = 1;
const EMPTY = 0;
const TOMBSTONE = -1;

/** A key with a value that is not embedded in its entry string. */
class Entry<V> {
  constructor(
    readonly key: string,
    public value: V,
  ) {}
}

function hashKey(s: string, len: number, seed: number): number {
  let h = seed ^ 0x811c9dc5;
  for (let i = 0; i < len; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class Keyspace<V extends string | object> {
  private readonly seed = (Math.random() * 0x100000000) >>> 0;
  // Slots.
  private entryAt: (string | Entry<V> | undefined)[] = [];
  private keyLenAt = new Uint16Array(8);
  private lruAt = new Uint32Array(8);
  private flagsAt = new Uint8Array(8);
  private freeSlots: number[] = [];
  private count = 0;
  // Index: slot + 1 per bucket, 0 empty, -1 tombstone.
  private table = new Int32Array(16);
  private mask = 15;
  private used = 0;
  private tombstones = 0;
  // Keys with a TTL.
  private volPos = new Map<number, number>();
  private volSlot = new Int32Array(8);
  private volWhen = new Float64Array(8);

  get size(): number {
    return this.count;
  }

  /** Number of keys that carry a TTL (INFO keyspace "expires="). */
  get expiresCount(): number {
    return this.volPos.size;
  }

  /** Slot of `key`, or -1. Commands normally go through the Db wrapper. */
  slotOf(key: string): number {
    const len = key.length;
    const table = this.table;
    const mask = this.mask;
    let i = hashKey(key, len, this.seed) & mask;
    for (;;) {
      const b = table[i];
      if (b === EMPTY) return -1;
      if (b !== TOMBSTONE && this.keyMatches(b - 1, key, len)) return b - 1;
      i = (i + 1) & mask;
    }
  }

  private keyMatches(slot: number, key: string, len: number): boolean {
    const e = this.entryAt[slot] as string | Entry<V>;
    if (typeof e === 'string') return this.keyLenAt[slot] === len && e.startsWith(key);
    return e.key === key;
  }

  keyOf(slot: number): string {
    const e = this.entryAt[slot] as string | Entry<V>;
    return typeof e === 'string' ? e.substring(0, this.keyLenAt[slot]) : e.key;
  }

  valueOf(slot: number): V {
    const e = this.entryAt[slot] as string | Entry<V>;
    return typeof e === 'string' ? (e.substring(this.keyLenAt[slot]) as V) : e.value;
  }

  /** Replace the value in `slot`; pass its key when at hand to save slicing it out. */
  setValueAt(slot: number, value: V, key?: string): void {
    const e = this.entryAt[slot] as string | Entry<V>;
    if (typeof e !== 'string' && !this.embeddable(e.key, value)) {
      e.value = value;
    } else {
      this.store(slot, key ?? this.keyOf(slot), value);
    }
  }

  /** Expire time in ms of the key in `slot`, 0 when it has none. */
  expireOf(slot: number): number {
    if ((this.flagsAt[slot] & VOLATILE) === 0) return 0;
    return this.volWhen[this.volPos.get(slot) as number];
  }

  lruOf(slot: number): number {
    return this.lruAt[slot];
  }

  touch(slot: number, lruClock: number): void {
    this.lruAt[slot] = lruClock;
  }

  has(key: string): boolean {
    return this.slotOf(key) >= 0;
  }

  /**
   * Add or overwrite. Overwriting keeps the TTL only when `keepTtl` (SET
   * KEEPTTL); otherwise the key becomes persistent as in Redis's setKey.
   */
  set(key: string, value: V, lruClock: number, keepTtl = false): number {
    let slot = this.slotOf(key);
    if (slot < 0) {
      slot = this.allocSlot();
      // Index first: a rehash walks the stored entries and must not see this one yet.
      this.insertIndex(key, slot);
      this.store(slot, key, value);
      this.count++;
    } else {
      if (!keepTtl && (this.flagsAt[slot] & VOLATILE) !== 0) this.removeVolatile(slot);
      this.store(slot, key, value);
    }
    this.lruAt[slot] = lruClock;
    return slot;
  }

  delete(key: string): boolean {
    const slot = this.slotOf(key);
    if (slot < 0) return false;
    this.deleteSlot(slot);
    return true;
  }

  deleteSlot(slot: number): void {
    const key = this.keyOf(slot);
    if ((this.flagsAt[slot] & VOLATILE) !== 0) this.removeVolatile(slot);
    // Clear the entry first: removing from the index may rehash, which must not see it.
    this.entryAt[slot] = undefined;
    this.flagsAt[slot] = 0;
    this.removeIndex(key, slot);
    this.count--;
    if (slot === this.entryAt.length - 1) this.trimTail();
    else this.freeSlots.push(slot);
  }

  setExpire(slot: number, whenMs: number): void {
    let pos = this.volPos.get(slot);
    if (pos === undefined) {
      pos = this.volPos.size;
      if (pos === this.volSlot.length) {
        this.volSlot = grow(this.volSlot, new Int32Array(pos * 2));
        this.volWhen = grow(this.volWhen, new Float64Array(pos * 2));
      }
      this.volPos.set(slot, pos);
      this.volSlot[pos] = slot;
      this.flagsAt[slot] |= VOLATILE;
    }
    // 0 means "no TTL"; a real deadline of 0 (the epoch) is stored as -1, still past.
    this.volWhen[pos] = whenMs === 0 ? -1 : whenMs;
  }

  /** Remove the TTL of the key in `slot`; true if it had one. */
  persist(slot: number): boolean {
    if ((this.flagsAt[slot] & VOLATILE) === 0) return false;
    this.removeVolatile(slot);
    return true;
  }

  /** A uniformly random live slot, or -1 when empty. */
  randomSlot(random: () => number = Math.random): number {
    if (this.count === 0) return -1;
    const n = this.entryAt.length;
    // Free slots are reused first, so the slots are dense in practice; bound
    // the retries and fall back to a walk so a sparse table cannot spin.
    for (let i = 0; i < 32; i++) {
      const slot = Math.floor(random() * n);
      if (this.entryAt[slot] !== undefined) return slot;
    }
    let slot = Math.floor(random() * n);
    while (this.entryAt[slot] === undefined) slot = (slot + 1) % n;
    return slot;
  }

  /** A random slot among keys with a TTL, or -1 when none has one. */
  randomVolatileSlot(random: () => number = Math.random): number {
    const n = this.volPos.size;
    return n === 0 ? -1 : this.volSlot[Math.floor(random() * n)];
  }

  /** The i-th key with a TTL (0 <= i < expiresCount); order changes on removal. */
  volatileSlotAt(i: number): number {
    return this.volSlot[i];
  }

  /**
   * Visit up to `count` live slots starting at `cursor`; returns the next
   * cursor, 0 when the walk is complete (Redis's SCAN contract).
   */
  scan(cursor: number, count: number, visit: (slot: number) => void): number {
    const n = this.entryAt.length;
    let slot = cursor;
    let seen = 0;
    // Also bound the free slots stepped over, so one call stays O(count).
    let budget = count * 10;
    while (slot < n && seen < count && budget-- > 0) {
      if (this.entryAt[slot] !== undefined) {
        visit(slot);
        seen++;
      }
      slot++;
    }
    return slot >= n ? 0 : slot;
  }

  /** Iterate every live slot (KEYS, snapshots). */
  forEachSlot(visit: (slot: number) => void): void {
    const n = this.entryAt.length;
    for (let slot = 0; slot < n; slot++) {
      if (this.entryAt[slot] !== undefined) visit(slot);
    }
  }

  clear(): void {
    this.entryAt = [];
    this.keyLenAt = new Uint16Array(8);
    this.lruAt = new Uint32Array(8);
    this.flagsAt = new Uint8Array(8);
    this.freeSlots = [];
    this.count = 0;
    this.table = new Int32Array(16);
    this.mask = 15;
    this.used = 0;
    this.tombstones = 0;
    this.volPos = new Map();
    this.volSlot = new Int32Array(8);
    this.volWhen = new Float64Array(8);
  }

  // --- entries ------------------------------------------------------------

  private embeddable(key: string, value: V): boolean {
    return typeof value === 'string' && value.length <= EMBED_LIMIT && key.length < BOXED;
  }

  private store(slot: number, key: string, value: V): void {
    if (this.embeddable(key, value)) {
      // join() builds one flat string; `key + value` would make a rope that
      // keeps both originals alive.
      this.entryAt[slot] = [key, value as string].join('');
      this.keyLenAt[slot] = key.length;
    } else {
      this.entryAt[slot] = new Entry(key, value);
      this.keyLenAt[slot] = BOXED;
    }
  }

  private allocSlot(): number {
    // The free list may hold stale entries (slots since trimmed away);
    // skip them rather than filtering eagerly.
    while (this.freeSlots.length > 0) {
      const reused = this.freeSlots.pop() as number;
      if (reused < this.entryAt.length && this.entryAt[reused] === undefined) return reused;
    }
    const slot = this.entryAt.length;
    if (slot >= this.lruAt.length) {
      const size = this.lruAt.length * 2;
      this.keyLenAt = grow(this.keyLenAt, new Uint16Array(size));
      this.lruAt = grow(this.lruAt, new Uint32Array(size));
      this.flagsAt = grow(this.flagsAt, new Uint8Array(size));
    }
    this.entryAt.push(undefined);
    return slot;
  }

  /** Drop free slots at the end so the arrays shrink after mass deletes. */
  private trimTail(): void {
    let n = this.entryAt.length;
    while (n > 0 && this.entryAt[n - 1] === undefined) n--;
    this.entryAt.length = n;
    if (this.freeSlots.length > 2 * n + 64) this.freeSlots = this.freeSlots.filter((s) => s < n);
  }

  /** Swap-remove the slot from the dense volatile arrays. */
  private removeVolatile(slot: number): void {
    const pos = this.volPos.get(slot) as number;
    const lastPos = this.volPos.size - 1;
    const last = this.volSlot[lastPos];
    this.volSlot[pos] = last;
    this.volWhen[pos] = this.volWhen[lastPos];
    this.volPos.set(last, pos);
    this.volPos.delete(slot);
    this.flagsAt[slot] &= ~VOLATILE;
  }

  // --- index --------------------------------------------------------------

  private insertIndex(key: string, slot: number): void {
    if ((this.used + this.tombstones + 1) * 4 > (this.mask + 1) * 3) this.rehash();
    const mask = this.mask;
    let i = hashKey(key, key.length, this.seed) & mask;
    while (this.table[i] > 0) i = (i + 1) & mask;
    if (this.table[i] === TOMBSTONE) this.tombstones--;
    this.table[i] = slot + 1;
    this.used++;
  }

  private removeIndex(key: string, slot: number): void {
    const mask = this.mask;
    let i = hashKey(key, key.length, this.seed) & mask;
    while (this.table[i] !== slot + 1) i = (i + 1) & mask;
    this.table[i] = TOMBSTONE;
    this.used--;
    this.tombstones++;
    if (this.mask > 15 && this.used * 8 < this.mask + 1) this.rehash();
  }

  /** Rebuild the table at a size keeping the load between 1/4 and 1/2. */
  private rehash(): void {
    let size = 16;
    while (size < this.used * 2 + 2) size *= 2;
    const table = new Int32Array(size);
    const mask = size - 1;
    const n = this.entryAt.length;
    for (let slot = 0; slot < n; slot++) {
      const e = this.entryAt[slot];
      if (e === undefined) continue;
      const h = typeof e === 'string' ? hashKey(e, this.keyLenAt[slot], this.seed) : hashKey(e.key, e.key.length, this.seed);
      let i = h & mask;
      while (table[i] !== EMPTY) i = (i + 1) & mask;
      table[i] = slot + 1;
    }
    this.table = table;
    this.mask = mask;
    this.tombstones = 0;
  }
}

function grow<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
