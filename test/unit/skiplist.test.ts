/**
 * The skiplist with spans (datatypes/skiplist.ts) against a model: a plain
 * array sorted by (score, member). Random operation sequences (fast-check)
 * check every query against the model and every structural invariant
 * (order, back links, tail, length, each span equal to the rank distance it
 * claims) after every step. Ties on score are made common on purpose, and
 * members include bytes 0..255.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  LEX_MINUS_INF,
  LEX_PLUS_INF,
  SkipList,
  compareLex,
  lexGteMin,
  lexLteMax,
  scoreGteMin,
  scoreLteMax,
  type LexRange,
  type ScoreRange,
} from '../../datatypes/skiplist.js';

type Entry = [member: string, score: number];

function cmp(a: Entry, b: Entry): number {
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** A deterministic random source for the levels (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const members = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'aa', 'ab', '', 'z', '\x00', '\xff', 'b\x00'),
  fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 4 }),
);
const scores = fc.oneof(fc.constantFrom(0, 1, 2, -1, 1.5, Infinity, -Infinity, -0), fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true }));
const scoreRanges = fc.record({ min: scores, max: scores, minex: fc.boolean(), maxex: fc.boolean() });
const lexBound = fc.oneof(members, fc.constant(LEX_MINUS_INF), fc.constant(LEX_PLUS_INF));
const lexRanges = fc.record({ min: lexBound, max: lexBound, minex: fc.boolean(), maxex: fc.boolean() });

type Op =
  | { op: 'insert'; member: string; score: number }
  | { op: 'delete'; pick: number }
  | { op: 'update'; pick: number; score: number }
  | { op: 'delScore'; r: ScoreRange }
  | { op: 'delLex'; r: LexRange }
  | { op: 'delRank'; a: number; b: number };

const ops: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('insert' as const), member: members, score: scores }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('update' as const), pick: fc.nat(), score: scores }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delScore' as const), r: scoreRanges }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delLex' as const), r: lexRanges }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delRank' as const), a: fc.nat(40), b: fc.nat(40) }) },
);

/** The model's answer to "first / last in range" (a linear scan of the sorted model). */
function firstWhere(model: Entry[], ok: (e: Entry) => boolean): Entry | null {
  for (const e of model) if (ok(e)) return e;
  return null;
}

function lastWhere(model: Entry[], ok: (e: Entry) => boolean): Entry | null {
  for (let i = model.length - 1; i >= 0; i--) if (ok(model[i])) return model[i];
  return null;
}

function check(zsl: SkipList, model: Entry[]): void {
  zsl.verify();
  expect([...zsl].map((n) => [n.member, n.score])).toEqual(model);
  expect(zsl.length).toBe(model.length);
  model.forEach(([m, s], i) => {
    expect(zsl.rankOf(s, m)).toBe(i + 1);
    const n = zsl.byRank(i + 1);
    expect(n?.member).toBe(m);
  });
  expect(zsl.byRank(0)).toBeNull();
  expect(zsl.byRank(model.length + 1)).toBeNull();
}

describe('SkipList against a sorted-array model', () => {
  it('keeps order, ranks and spans through random operations', () => {
    fc.assert(
      fc.property(fc.array(ops, { maxLength: 120 }), fc.integer(), (seq, seed) => {
        const zsl = new SkipList(prng(seed));
        let model: Entry[] = [];
        for (const o of seq) {
          switch (o.op) {
            case 'insert': {
              if (model.some((e) => e[0] === o.member)) break; // the dict's job: never insert twice
              zsl.insert(o.score, o.member);
              model.push([o.member, o.score]);
              model.sort(cmp);
              break;
            }
            case 'delete': {
              if (model.length === 0) {
                expect(zsl.delete(1, 'x')).toBe(false);
                break;
              }
              const [m, s] = model[o.pick % model.length];
              expect(zsl.delete(s > 0 ? -1 : 1, m)).toBe(false); // wrong score: not found
              expect(zsl.delete(s, m)).toBe(true);
              model = model.filter((e) => e[0] !== m);
              break;
            }
            case 'update': {
              if (model.length === 0) break;
              const [m, s] = model[o.pick % model.length];
              const n = zsl.updateScore(s, m, o.score);
              expect([n.member, n.score]).toEqual([m, o.score]);
              model = model.map((e) => (e[0] === m ? [m, o.score] : e));
              model.sort(cmp);
              break;
            }
            case 'delScore': {
              const gone: string[] = [];
              const n = zsl.deleteRangeByScore(o.r, (x) => gone.push(x.member));
              const keep = model.filter((e) => !(scoreGteMin(e[1], o.r) && scoreLteMax(e[1], o.r)));
              expect(n).toBe(model.length - keep.length);
              expect(gone).toEqual(model.filter((e) => !keep.includes(e)).map((e) => e[0]));
              model = keep;
              break;
            }
            case 'delLex': {
              // Lex ranges are defined on sets whose scores are all equal;
              // elsewhere only the structure must survive.
              zsl.deleteRangeByLex(o.r, () => undefined);
              model = [...zsl].map((x) => [x.member, x.score]);
              break;
            }
            case 'delRank': {
              const a = Math.min(o.a, o.b) + 1;
              const b = Math.max(o.a, o.b) + 1;
              const n = zsl.deleteRangeByRank(a, b, () => undefined);
              const keep = model.filter((_, i) => i + 1 < a || i + 1 > b);
              expect(n).toBe(model.length - keep.length);
              model = keep;
              break;
            }
          }
          check(zsl, model);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('finds the first and last node of a score range as a scan would', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(members, scores), { selector: (e) => e[0], maxLength: 60 }), scoreRanges, fc.integer(), (entries, r, seed) => {
        const zsl = new SkipList(prng(seed));
        for (const [m, s] of entries) zsl.insert(s, m);
        const model = [...entries].sort(cmp);
        const inRange = (e: Entry): boolean => scoreGteMin(e[1], r) && scoreLteMax(e[1], r);
        const first = firstWhere(model, inRange);
        const last = lastWhere(model, inRange);
        const f = zsl.firstInRange(r);
        const l = zsl.lastInRange(r);
        expect(f === null ? null : [f.member, f.score]).toEqual(first);
        expect(l === null ? null : [l.member, l.score]).toEqual(last);
      }),
      { numRuns: 300 },
    );
  });

  it('finds lex ranges when all scores are equal', () => {
    fc.assert(
      fc.property(fc.uniqueArray(members, { maxLength: 60 }), lexRanges, fc.integer(), (ms, r, seed) => {
        const zsl = new SkipList(prng(seed));
        for (const m of ms) zsl.insert(0, m);
        const model: Entry[] = ms.map((m): Entry => [m, 0]).sort(cmp);
        const inRange = (e: Entry): boolean => lexGteMin(e[0], r) && lexLteMax(e[0], r);
        const f = zsl.firstInLexRange(r);
        const l = zsl.lastInLexRange(r);
        expect(f?.member ?? null).toBe(firstWhere(model, inRange)?.[0] ?? null);
        expect(l?.member ?? null).toBe(lastWhere(model, inRange)?.[0] ?? null);
        const gone: string[] = [];
        zsl.deleteRangeByLex(r, (x) => gone.push(x.member));
        expect(gone).toEqual(model.filter(inRange).map((e) => e[0]));
        zsl.verify();
      }),
      { numRuns: 300 },
    );
  });

  it('orders equal scores by member bytes, shorter prefix first', () => {
    const zsl = new SkipList(prng(1));
    for (const m of ['b', 'a\xff', 'a', '\x00', 'a\x00', 'B']) zsl.insert(1, m);
    expect([...zsl].map((n) => n.member)).toEqual(['\x00', 'B', 'a', 'a\x00', 'a\xff', 'b']);
    expect(compareLex('a', 'a\x00')).toBe(-1);
    expect(compareLex(LEX_MINUS_INF, '')).toBe(-1);
    expect(compareLex('\xff\xff', LEX_PLUS_INF)).toBe(-1);
    expect(compareLex(LEX_PLUS_INF, LEX_PLUS_INF)).toBe(0);
  });

  it('updates a score in place when the node keeps its position', () => {
    const zsl = new SkipList(prng(2));
    const a = zsl.insert(1, 'a');
    zsl.insert(3, 'c');
    expect(zsl.updateScore(1, 'a', 2)).toBe(a); // still between head and c
    const moved = zsl.updateScore(2, 'a', 4);
    expect(moved).not.toBe(a);
    expect([...zsl].map((n) => n.member)).toEqual(['c', 'a']);
    zsl.verify();
  });

  it('stays O(log n) deep: 100 000 members, rank queries by span', () => {
    const zsl = new SkipList(prng(3));
    const n = 100_000;
    for (let i = 0; i < n; i++) zsl.insert((i * 7919) % n, 'm' + i);
    zsl.verify();
    // Rank r holds score r-1 (the scores are a permutation of 0..n-1).
    for (let r = 1; r <= n; r += 997) expect(zsl.byRank(r)?.score).toBe(r - 1);
    const mid = zsl.byRank(50_000);
    expect(mid).not.toBeNull();
    if (mid) expect(zsl.rankOf(mid.score, mid.member)).toBe(50_000);
    expect(zsl.deleteRangeByRank(1, 50_000, () => undefined)).toBe(50_000);
    expect(zsl.first?.score).toBe(50_000);
    zsl.verify();
  });
});
