/**
 * The ordered half of a large sorted set: a skiplist with spans.
 *
 * The structure is William Pugh's skiplist ("Skip Lists: A Probabilistic
 * Alternative to Balanced Trees", Communications of the ACM 33(6), 1990):
 * a sorted linked list where every node also sits, with probability P per
 * extra level, on sparser "express lanes" above it, so a search walks
 * right and down in O(log n) expected steps. Each forward link also records
 * its *span*, the number of level-0 steps it jumps over (the "linear list
 * operations" of Pugh's "A Skip List Cookbook", 1990): summing spans along
 * a search path gives a node's rank, and walking by spans finds the node at
 * a rank, both in O(log n).
 *
 * Redis's t_zset.c departs from the paper in the same ways this file does:
 *  a) scores may repeat, so the order is by (score, member): equal scores
 *     are ordered by the member's bytes (memcmp, then length), and a search
 *     key is the pair, not the score alone;
 *  b) there is a backward pointer on level 0, making the bottom list doubly
 *     linked so ZREVRANGE and friends walk from the tail;
 *  c) spans are kept on every level (the cookbook's rank extension);
 *  d) P = 1/4 and at most 32 levels (ZSKIPLIST_P, ZSKIPLIST_MAXLEVEL).
 *
 *   level 2: HEAD ─────────────4──────────────▶ d ──────1──────▶ NULL
 *   level 1: HEAD ──1──▶ a ─────────3─────────▶ d ──1──▶ e ──▶ NULL
 *   level 0: HEAD ──1──▶ a ─1─▶ b ─1─▶ c ─1─▶ d ─1─▶ e ──▶ NULL
 *                        ◀───── backward ◀────
 *   rank(d) = 4: one step of span 4 on level 2.
 *
 * Byte strings are latin1 JavaScript strings, so `<` on two members is
 * exactly Redis's sdscmp order.
 */

/** Redis's ZSKIPLIST_MAXLEVEL: enough for 2^64 elements with P = 1/4. */
export const MAX_LEVEL = 32;
/** Redis's ZSKIPLIST_P: the chance a node also appears on the next level. */
const P = 0.25;

export class SkipNode {
  /** Previous node on level 0 (null for the first node). */
  backward: SkipNode | null = null;

  constructor(
    readonly member: string,
    public score: number,
    /** next[i]: the following node on level i. */
    readonly next: (SkipNode | null)[],
    /** span[i]: how many level-0 steps next[i] jumps (rank difference). */
    readonly span: number[],
  ) {}
}

/** A score interval (Redis's zrangespec): `(` makes an end exclusive. */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/** The lexicographic bounds `-` and `+`: below and above every string. */
export const LEX_MINUS_INF = -1;
export const LEX_PLUS_INF = 1;
export type LexBound = string | typeof LEX_MINUS_INF | typeof LEX_PLUS_INF;

/** A member interval (Redis's zlexrangespec): `[a` inclusive, `(a` exclusive, `-`/`+` open ends. */
export interface LexRange {
  min: LexBound;
  max: LexBound;
  minex: boolean;
  maxex: boolean;
}

export function scoreGteMin(v: number, r: ScoreRange): boolean {
  return r.minex ? v > r.min : v >= r.min;
}

export function scoreLteMax(v: number, r: ScoreRange): boolean {
  return r.maxex ? v < r.max : v <= r.max;
}

/** An interval that can hold nothing whatever the set (min > max, or a point with an open end). */
export function scoreRangeEmpty(r: ScoreRange): boolean {
  return r.min > r.max || (r.min === r.max && (r.minex || r.maxex));
}

/** Redis's sdscmplex: strings in byte order, `-` below and `+` above all of them. */
export function compareLex(a: LexBound, b: LexBound): number {
  if (a === b) return 0;
  if (a === LEX_MINUS_INF || b === LEX_PLUS_INF) return -1;
  if (a === LEX_PLUS_INF || b === LEX_MINUS_INF) return 1;
  return a < b ? -1 : 1;
}

export function lexGteMin(v: string, r: LexRange): boolean {
  const c = compareLex(v, r.min);
  return r.minex ? c > 0 : c >= 0;
}

export function lexLteMax(v: string, r: LexRange): boolean {
  const c = compareLex(v, r.max);
  return r.maxex ? c < 0 : c <= 0;
}

export function lexRangeEmpty(r: LexRange): boolean {
  const c = compareLex(r.min, r.max);
  return c > 0 || (c === 0 && (r.minex || r.maxex));
}

/** Does the node order strictly before (score, member)? */
function before(n: SkipNode, score: number, member: string): boolean {
  return n.score < score || (n.score === score && n.member < member);
}

function newNode(member: string, score: number, level: number): SkipNode {
  const next: (SkipNode | null)[] = [];
  const span: number[] = [];
  for (let i = 0; i < level; i++) {
    next.push(null);
    span.push(0);
  }
  return new SkipNode(member, score, next, span);
}

function randomLevel(random: () => number): number {
  let level = 1;
  while (level < MAX_LEVEL && random() < P) level++;
  return level;
}

export class SkipList {
  /** A sentinel with every level; its span[i] counts up to next[i]. */
  private readonly header = newNode('', 0, MAX_LEVEL);
  tail: SkipNode | null = null;
  length = 0;
  /** Levels in use (at least 1). */
  private level = 1;
  // Scratch space for one operation: the rightmost node visited on each level
  // (Redis's update[]) and the rank reached there.
  private readonly update: SkipNode[] = [];
  private readonly rank: number[] = [];

  constructor(private readonly random: () => number = Math.random) {
    for (let i = 0; i < MAX_LEVEL; i++) {
      this.update.push(this.header);
      this.rank.push(0);
    }
  }

  /** The lowest-ordered node, or null when empty. */
  get first(): SkipNode | null {
    return this.header.next[0];
  }

  /**
   * Fill `update` with, on every level, the last node ordered before
   * (score, member); with `ranks`, also the rank of each.
   */
  private seek(score: number, member: string, ranks: boolean): SkipNode {
    const update = this.update;
    const rank = this.rank;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      if (ranks) rank[i] = i === this.level - 1 ? 0 : rank[i + 1];
      for (let f = x.next[i]; f !== null && before(f, score, member); f = x.next[i]) {
        if (ranks) rank[i] += x.span[i];
        x = f;
      }
      update[i] = x;
    }
    return x;
  }

  /** Add a member that is not in the list yet (the caller checks its dict). */
  insert(score: number, member: string): SkipNode {
    this.seek(score, member, true);
    const update = this.update;
    const rank = this.rank;
    const level = randomLevel(this.random);
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = this.header;
        this.header.span[i] = this.length;
      }
      this.level = level;
    }
    const x = newNode(member, score, level);
    for (let i = 0; i < level; i++) {
      const u = update[i];
      x.next[i] = u.next[i];
      u.next[i] = x;
      // u used to jump span[i] steps; x now sits rank[0]-rank[i]+1 steps after u.
      x.span[i] = u.span[i] - (rank[0] - rank[i]);
      u.span[i] = rank[0] - rank[i] + 1;
    }
    // Links above x's height now jump over one more node.
    for (let i = level; i < this.level; i++) update[i].span[i]++;
    x.backward = update[0] === this.header ? null : update[0];
    const after = x.next[0];
    if (after !== null) after.backward = x;
    else this.tail = x;
    this.length++;
    return x;
  }

  /** Unlink x, given `update` as seek() left it for x's position. */
  private unlink(x: SkipNode): void {
    const update = this.update;
    for (let i = 0; i < this.level; i++) {
      const u = update[i];
      if (u.next[i] === x) {
        u.span[i] += x.span[i] - 1;
        u.next[i] = x.next[i];
      } else {
        u.span[i] -= 1;
      }
    }
    const after = x.next[0];
    if (after !== null) after.backward = x.backward;
    else this.tail = x.backward;
    while (this.level > 1 && this.header.next[this.level - 1] === null) this.level--;
    this.length--;
  }

  /** Remove (score, member); false when it is not there. */
  delete(score: number, member: string): boolean {
    const x = this.seek(score, member, false).next[0];
    if (x === null || x.score !== score || x.member !== member) return false;
    this.unlink(x);
    return true;
  }

  /**
   * Change the score of an existing member (Redis's zslUpdateScore). When
   * the node stays between its neighbours it is updated in place; else it
   * is removed and a new node inserted, which is returned.
   */
  updateScore(curScore: number, member: string, newScore: number): SkipNode {
    const x = this.seek(curScore, member, false).next[0];
    if (x === null || x.score !== curScore || x.member !== member) throw new Error('skiplist: updateScore of a missing member');
    const prev = x.backward;
    const after = x.next[0];
    if ((prev === null || prev.score < newScore) && (after === null || after.score > newScore)) {
      x.score = newScore;
      return x;
    }
    this.unlink(x);
    return this.insert(newScore, member);
  }

  /** 1-based rank of (score, member), 0 when absent (Redis's zslGetRank). */
  rankOf(score: number, member: string): number {
    let x = this.header;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (let f = x.next[i]; f !== null && (f.score < score || (f.score === score && f.member <= member)); f = x.next[i]) {
        rank += x.span[i];
        x = f;
      }
      if (x !== this.header && x.member === member) return rank;
    }
    return 0;
  }

  /** The node at a 1-based rank, or null (Redis's zslGetElementByRank). */
  byRank(rank: number): SkipNode | null {
    let x = this.header;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (let f = x.next[i]; f !== null && traversed + x.span[i] <= rank; f = x.next[i]) {
        traversed += x.span[i];
        x = f;
      }
      if (traversed === rank) return x === this.header ? null : x;
    }
    return null;
  }

  // --- score ranges -------------------------------------------------------

  /** Could any node be in the range? (Redis's zslIsInRange.) */
  private inScoreRange(r: ScoreRange): boolean {
    if (scoreRangeEmpty(r)) return false;
    const last = this.tail;
    if (last === null || !scoreGteMin(last.score, r)) return false;
    const first = this.header.next[0];
    return first !== null && scoreLteMax(first.score, r);
  }

  firstInRange(r: ScoreRange): SkipNode | null {
    if (!this.inScoreRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (let f = x.next[i]; f !== null && !scoreGteMin(f.score, r); f = x.next[i]) x = f;
    }
    const n = x.next[0];
    return n !== null && scoreLteMax(n.score, r) ? n : null;
  }

  lastInRange(r: ScoreRange): SkipNode | null {
    if (!this.inScoreRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (let f = x.next[i]; f !== null && scoreLteMax(f.score, r); f = x.next[i]) x = f;
    }
    return x !== this.header && scoreGteMin(x.score, r) ? x : null;
  }

  // --- lexicographic ranges (meaningful when all scores are equal) --------

  private inLexRange(r: LexRange): boolean {
    if (lexRangeEmpty(r)) return false;
    const last = this.tail;
    if (last === null || !lexGteMin(last.member, r)) return false;
    const first = this.header.next[0];
    return first !== null && lexLteMax(first.member, r);
  }

  firstInLexRange(r: LexRange): SkipNode | null {
    if (!this.inLexRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (let f = x.next[i]; f !== null && !lexGteMin(f.member, r); f = x.next[i]) x = f;
    }
    const n = x.next[0];
    return n !== null && lexLteMax(n.member, r) ? n : null;
  }

  lastInLexRange(r: LexRange): SkipNode | null {
    if (!this.inLexRange(r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (let f = x.next[i]; f !== null && lexLteMax(f.member, r); f = x.next[i]) x = f;
    }
    return x !== this.header && lexGteMin(x.member, r) ? x : null;
  }

  // --- range deletion -----------------------------------------------------

  /** Fill `update` with the last node on each level for which `goOn` holds. */
  private seekWhile(goOn: (n: SkipNode) => boolean): SkipNode {
    const update = this.update;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      for (let f = x.next[i]; f !== null && goOn(f); f = x.next[i]) x = f;
      update[i] = x;
    }
    return x;
  }

  /** Unlink nodes from `x` on while `inRange`; `removed` sees each. */
  private unlinkRun(x: SkipNode | null, inRange: (n: SkipNode) => boolean, removed: (n: SkipNode) => void): number {
    let count = 0;
    while (x !== null && inRange(x)) {
      const next = x.next[0];
      this.unlink(x);
      removed(x);
      count++;
      x = next;
    }
    return count;
  }

  deleteRangeByScore(r: ScoreRange, removed: (n: SkipNode) => void): number {
    const x = this.seekWhile((n) => !scoreGteMin(n.score, r)).next[0];
    return this.unlinkRun(x, (n) => scoreLteMax(n.score, r), removed);
  }

  deleteRangeByLex(r: LexRange, removed: (n: SkipNode) => void): number {
    const x = this.seekWhile((n) => !lexGteMin(n.member, r)).next[0];
    return this.unlinkRun(x, (n) => lexLteMax(n.member, r), removed);
  }

  /** Delete ranks start..end (1-based, inclusive). */
  deleteRangeByRank(start: number, end: number, removed: (n: SkipNode) => void): number {
    const update = this.update;
    let x = this.header;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      while (x.next[i] !== null && traversed + x.span[i] < start) {
        traversed += x.span[i];
        x = x.next[i] as SkipNode;
      }
      update[i] = x;
    }
    traversed++;
    let n = x.next[0];
    let count = 0;
    while (n !== null && traversed <= end) {
      const next = n.next[0];
      this.unlink(n);
      removed(n);
      count++;
      traversed++;
      n = next;
    }
    return count;
  }

  /** Every node in order (tests and conversions). */
  *[Symbol.iterator](): IterableIterator<SkipNode> {
    for (let x = this.header.next[0]; x !== null; x = x.next[0]) yield x;
  }

  /**
   * Check every invariant (tests): order, back links, tail, length, and
   * that every span equals the rank difference it claims.
   */
  verify(): void {
    const rankOf = new Map<SkipNode, number>();
    let r = 0;
    let prev: SkipNode | null = null;
    for (let x = this.header.next[0]; x !== null; x = x.next[0]) {
      r++;
      rankOf.set(x, r);
      if (x.backward !== prev) throw new Error('skiplist: bad backward link');
      if (prev !== null && !before(prev, x.score, x.member)) throw new Error('skiplist: out of order');
      prev = x;
    }
    if (this.tail !== prev) throw new Error('skiplist: bad tail');
    if (r !== this.length) throw new Error('skiplist: bad length');
    for (let i = 0; i < this.level; i++) {
      let x: SkipNode = this.header;
      let xr = 0;
      for (;;) {
        const f = x.next[i];
        if (f === null) {
          // A link to NULL reaches the last node.
          if (x.span[i] !== this.length - xr) throw new Error(`skiplist: bad span to NULL on level ${i}`);
          break;
        }
        const fr = rankOf.get(f) as number;
        if (x.span[i] !== fr - xr) throw new Error(`skiplist: bad span on level ${i}`);
        x = f;
        xr = fr;
      }
    }
    for (let i = this.level; i < MAX_LEVEL; i++) if (this.header.next[i] !== null) throw new Error('skiplist: level too low');
  }
}
