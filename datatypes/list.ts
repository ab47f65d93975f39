/**
 * The list type: a double-ended sequence of byte strings.
 *
 * Redis 7.0 keeps every list as a quicklist (a linked list of listpack
 * nodes of at most 8 KB each) and reports the encoding "quicklist" whatever
 * the size. tredis keeps the elements (latin1 strings, as they arrived from
 * the network) in one growable ring buffer:
 *
 *   items (capacity 8, a power of two; mask = 7)
 *   ┌────┬────┬────┬────┬────┬────┬────┬────┐
 *   │ c  │ d  │ '' │ '' │ '' │ '' │ a  │ b  │      head = 6, count = 4
 *   └────┴────┴────┴────┴────┴────┴────┴────┘      list = a b c d
 *
 * - push/pop at either end: O(1) amortized (the head index wraps around);
 * - element i is items[(head + i) & mask]: O(1), so LINDEX/LSET/LRANGE
 *   reach any position directly (Redis walks nodes: O(N) worst case);
 * - insert/remove in the middle move the shorter side: O(min(i, N - i)).
 *
 * Memory: one array slot per element plus the strings themselves; freed
 * slots are reset to '' so popped strings can be collected, and the buffer
 * shrinks when it becomes mostly empty (growth doubles, so push and pop
 * stay amortized O(1)).
 */
import type { CollectionValue } from './values.js';
import { isCanonicalInt64 } from './values.js';

/** The smallest power of two >= n (and >= 1). */
function pow2(n: number): number {
  let c = 1;
  while (c < n) c *= 2;
  return c;
}

export class ListValue implements CollectionValue {
  /** Ring buffer; its length (the capacity) is always a power of two. */
  private items: string[];
  /** Physical index of element 0. */
  private head = 0;
  private count = 0;

  constructor(capacity = 1) {
    this.items = new Array<string>(pow2(capacity)).fill('');
  }

  /** A list holding `elements` in order (tests, COPY-like construction). */
  static from(elements: readonly string[]): ListValue {
    const l = new ListValue(elements.length);
    for (const e of elements) l.pushTail(e);
    return l;
  }

  // A getter rather than a field: one less slot in every list object.
  get type(): 'list' {
    return 'list';
  }

  get length(): number {
    return this.count;
  }

  encoding(): string {
    return 'quicklist';
  }

  // --- access -----------------------------------------------------------

  /** Element `i`, 0 <= i < length (unchecked). */
  get(i: number): string {
    return this.items[(this.head + i) & (this.items.length - 1)];
  }

  /** Replace element `i`, 0 <= i < length (unchecked). */
  set(i: number, value: string): void {
    this.items[(this.head + i) & (this.items.length - 1)] = value;
  }

  /** Every element, head to tail (tests, debugging). */
  toArray(): string[] {
    const out = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.get(i);
    return out;
  }

  // --- both ends ----------------------------------------------------------

  /** Make room for `extra` more elements at once (a multi-element push). */
  reserve(extra: number): void {
    if (this.count + extra > this.items.length) this.resize(pow2(this.count + extra));
  }

  pushHead(value: string): void {
    if (this.count === this.items.length) this.resize(this.items.length * 2);
    const mask = this.items.length - 1;
    this.head = (this.head - 1) & mask;
    this.items[this.head] = value;
    this.count++;
  }

  pushTail(value: string): void {
    if (this.count === this.items.length) this.resize(this.items.length * 2);
    this.items[(this.head + this.count) & (this.items.length - 1)] = value;
    this.count++;
  }

  popHead(): string | undefined {
    if (this.count === 0) return undefined;
    const items = this.items;
    const v = items[this.head];
    items[this.head] = '';
    this.head = (this.head + 1) & (items.length - 1);
    this.count--;
    this.maybeShrink();
    return v;
  }

  popTail(): string | undefined {
    if (this.count === 0) return undefined;
    const items = this.items;
    const at = (this.head + this.count - 1) & (items.length - 1);
    const v = items[at];
    items[at] = '';
    this.count--;
    this.maybeShrink();
    return v;
  }

  /** Remove `n` elements from the head (n <= length). */
  dropHead(n: number): void {
    const items = this.items;
    const mask = items.length - 1;
    for (let i = 0; i < n; i++) items[(this.head + i) & mask] = '';
    this.head = (this.head + n) & mask;
    this.count -= n;
    this.maybeShrink();
  }

  /** Remove `n` elements from the tail (n <= length). */
  dropTail(n: number): void {
    const items = this.items;
    const mask = items.length - 1;
    for (let i = this.count - n; i < this.count; i++) items[(this.head + i) & mask] = '';
    this.count -= n;
    this.maybeShrink();
  }

  // --- the middle ---------------------------------------------------------

  /** Insert so that `value` becomes element `i` (0 <= i <= length), moving the shorter side. */
  insertAt(i: number, value: string): void {
    if (this.count === this.items.length) this.resize(this.items.length * 2);
    const items = this.items;
    const mask = items.length - 1;
    if (i < this.count - i) {
      // Shift elements [0, i) one place towards the head.
      this.head = (this.head - 1) & mask;
      for (let j = 0; j < i; j++) items[(this.head + j) & mask] = items[(this.head + j + 1) & mask];
    } else {
      // Shift elements [i, count) one place towards the tail.
      for (let j = this.count; j > i; j--) items[(this.head + j) & mask] = items[(this.head + j - 1) & mask];
    }
    items[(this.head + i) & mask] = value;
    this.count++;
  }

  /** Remove element `i` (0 <= i < length), moving the shorter side. */
  removeAt(i: number): void {
    const items = this.items;
    const mask = items.length - 1;
    if (i < this.count - 1 - i) {
      for (let j = i; j > 0; j--) items[(this.head + j) & mask] = items[(this.head + j - 1) & mask];
      items[this.head] = '';
      this.head = (this.head + 1) & mask;
    } else {
      for (let j = i; j < this.count - 1; j++) items[(this.head + j) & mask] = items[(this.head + j + 1) & mask];
      items[(this.head + this.count - 1) & mask] = '';
    }
    this.count--;
    this.maybeShrink();
  }

  /**
   * LREM: remove up to `limit` elements equal to `value` (0 = all), scanning
   * from the tail when `fromTail`. One compaction pass, O(N). Returns how
   * many were removed.
   */
  removeEqual(value: string, limit: number, fromTail: boolean): number {
    const items = this.items;
    const mask = items.length - 1;
    const n = this.count;
    let removed = 0;
    if (!fromTail) {
      // Keep survivors packed towards the head; `w` is where the next one goes.
      let w = 0;
      for (let r = 0; r < n; r++) {
        const v = items[(this.head + r) & mask];
        if (v === value && (limit === 0 || removed < limit)) {
          removed++;
          continue;
        }
        if (w !== r) items[(this.head + w) & mask] = v;
        w++;
      }
      for (let j = w; j < n; j++) items[(this.head + j) & mask] = '';
    } else {
      // Mirror image: survivors packed towards the tail, the head moves up.
      let w = n - 1;
      for (let r = n - 1; r >= 0; r--) {
        const v = items[(this.head + r) & mask];
        if (v === value && (limit === 0 || removed < limit)) {
          removed++;
          continue;
        }
        if (w !== r) items[(this.head + w) & mask] = v;
        w--;
      }
      for (let j = 0; j <= w; j++) items[(this.head + j) & mask] = '';
      this.head = (this.head + removed) & mask;
    }
    this.count -= removed;
    if (removed > 0) this.maybeShrink();
    return removed;
  }

  // --- CollectionValue ----------------------------------------------------

  clone(): ListValue {
    const l = new ListValue(this.count);
    for (let i = 0; i < this.count; i++) l.items[i] = this.get(i);
    l.count = this.count;
    return l;
  }

  /**
   * What Redis 7.0's MEMORY USAGE reports for this list (objectComputeSize
   * with the default 5 samples): the object and quicklist headers plus the
   * average of the first 5 nodes times the node count. Nodes are laid out
   * as a list built by RPUSH fills them (list-max-listpack-size -2: up to
   * 8 KB of listpack each), which is exact for such lists and a close
   * estimate for others. Looks at no more than 5 nodes' worth of elements.
   */
  memoryUsage(): number {
    const ROBJ = 16;
    const QUICKLIST = 40;
    const NODE = 40;
    const LP_EMPTY = 7; // 6-byte header + end marker
    let sampled = 0;
    let nodes = 0;
    let nodeBytes = LP_EMPTY;
    let inNode = 0;
    let i = 0;
    for (; i < this.count; i++) {
      const s = this.get(i);
      // quicklist's _quicklistNodeAllowInsert estimate, on the raw length.
      const overhead = (s.length < 254 ? 1 : 5) + (s.length < 64 ? 1 : s.length < 16384 ? 2 : 5);
      if (inNode > 0 && nodeBytes + s.length + overhead > 8192) {
        sampled += NODE + jemallocSize(nodeBytes);
        nodeBytes = LP_EMPTY;
        inNode = 0;
        if (++nodes === 5) break;
      }
      nodeBytes += listpackEntrySize(s);
      inNode++;
    }
    if (inNode > 0 || nodes === 0) {
      sampled += NODE + jemallocSize(nodeBytes);
      nodes++;
    }
    // Elements not sampled: as many more nodes as the sampled density implies.
    const total = i >= this.count ? nodes : Math.ceil((this.count * nodes) / i);
    return ROBJ + QUICKLIST + Math.floor((sampled / nodes) * total);
  }

  // --- storage ------------------------------------------------------------

  /** Copy into a new buffer of `capacity` slots, element 0 at slot 0. */
  private resize(capacity: number): void {
    const next = new Array<string>(capacity).fill('');
    for (let i = 0; i < this.count; i++) next[i] = this.get(i);
    this.items = next;
    this.head = 0;
  }

  /** Halve the buffer once it is at most a quarter full (never below 4 slots). */
  private maybeShrink(): void {
    const cap = this.items.length;
    if (cap > 4 && this.count * 4 <= cap) this.resize(Math.max(4, pow2(this.count * 2)));
  }
}

/** Bytes one element takes in a listpack (encoding + data + back-length). */
export function listpackEntrySize(s: string): number {
  const n = s.length;
  if (n > 0 && n <= 20 && isCanonicalInt64(s)) {
    // Integers are stored in binary: 7-bit uint, 13/16/24/32/64-bit ints.
    const v = Number(s);
    if (v >= 0 && v <= 127) return 2;
    if (v >= -4096 && v <= 4095) return 3;
    if (v >= -32768 && v <= 32767) return 4;
    if (v >= -8388608 && v <= 8388607) return 5;
    if (v >= -2147483648 && v <= 2147483647) return 6;
    return 10;
  }
  const head = n < 64 ? 1 : n < 4096 ? 2 : 5;
  const entry = head + n;
  const back = entry <= 127 ? 1 : entry < 16383 ? 2 : entry < 2097151 ? 3 : entry < 268435455 ? 4 : 5;
  return entry + back;
}

/** The size class jemalloc hands out for an allocation of `n` bytes. */
function jemallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return Math.ceil(n / 16) * 16;
  const step = 2 ** Math.floor(Math.log2(n - 1)) / 4;
  return Math.ceil(n / step) * step;
}
