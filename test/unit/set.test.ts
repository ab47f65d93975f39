/**
 * Property tests of the set value (datatypes/set.ts) against a model: a
 * JS Set of members plus the encoding Redis 7.0 would report. After any
 * sequence of adds, removes and pops under any set-max-intset-entries the
 * value holds exactly the model's members, reports the model's encoding
 * (intset while every member is a canonical int64 and there are few
 * enough, hashtable for good after that), iterates an intset in ascending
 * numeric order, samples only members, and a full scan returns every member
 * present from its start to its end even when members come and go.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SetValue, memberInt, INTSET_MAX_LIMIT } from '../../datatypes/set.js';
import { isCanonicalInt64 } from '../../datatypes/values.js';

const INT_EDGES = [
  '0',
  '1',
  '-1',
  '32767',
  '32768',
  '-32768',
  '-32769',
  '2147483647',
  '2147483648',
  '-2147483648',
  '-2147483649',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '-9007199254740991',
  '-9007199254740993',
  '9223372036854775807',
  '-9223372036854775808',
  '1000000000000000000',
];
const NOT_INTS = ['01', '-0', '+1', ' 1', '1 ', '1.0', '', 'a', '\x00', '\xff', '9223372036854775808', '-9223372036854775809', '0x10'];

const byteArb = fc.integer({ min: 0, max: 255 }).map((b) => String.fromCharCode(b));
const intArb = fc.oneof(
  fc.integer({ min: -40, max: 40 }).map(String),
  fc.constantFrom(...INT_EDGES),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
);
/** Mostly integers (so intsets live long), sometimes anything. */
const memberArb = fc.oneof(
  { weight: 8, arbitrary: intArb },
  { weight: 1, arbitrary: fc.constantFrom(...NOT_INTS) },
  { weight: 1, arbitrary: fc.string({ unit: byteArb, maxLength: 6 }) },
);

type Op = { op: 'add'; m: string } | { op: 'rem'; m: string } | { op: 'pop' } | { op: 'has'; m: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('add' as const), m: memberArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('rem' as const), m: memberArb }) },
  { weight: 1, arbitrary: fc.constant({ op: 'pop' as const }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('has' as const), m: memberArb }) },
);

const maxArb = fc.constantFrom(0, 1, 3, 8, 40, 512);

interface Model {
  members: Set<string>;
  intset: boolean;
}

function cmpInt(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function check(set: SetValue, model: Model): void {
  // Plain comparisons first: this runs after every operation.
  const members = set.members();
  const sorted = model.intset ? [...model.members].sort(cmpInt) : [...model.members];
  const ok =
    set.size === model.members.size &&
    set.isIntset === model.intset &&
    members.length === sorted.length &&
    (model.intset ? members.every((m, i) => m === sorted[i]) : members.every((m) => model.members.has(m))) &&
    sorted.every((m) => set.has(m));
  if (ok) return;
  expect(set.encoding()).toBe(model.intset ? 'intset' : 'hashtable');
  expect(model.intset ? members : [...members].sort(cmpOrBytes)).toEqual(model.intset ? sorted : [...sorted].sort(cmpOrBytes));
  for (const m of sorted) expect(set.has(m), m).toBe(true);
  throw new Error('set and model differ');
}

function cmpOrBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function apply(set: SetValue, model: Model, o: Op, max: number): void {
  switch (o.op) {
    case 'add': {
      const fresh = !model.members.has(o.m);
      expect(set.add(o.m, max)).toBe(fresh);
      model.members.add(o.m);
      if (!isCanonicalInt64(o.m) || model.members.size > max) model.intset = false;
      break;
    }
    case 'rem':
      expect(set.remove(o.m)).toBe(model.members.delete(o.m));
      break;
    case 'pop':
      if (model.members.size === 0) return;
      {
        const m = set.popRandom();
        expect(model.members.delete(m)).toBe(true);
      }
      break;
    case 'has':
      expect(set.has(o.m)).toBe(model.members.has(o.m));
      break;
  }
}

describe('memberInt', () => {
  it('recognises exactly the canonical int64 strings (string2ll)', () => {
    fc.assert(
      fc.property(fc.oneof(memberArb, fc.string({ unit: fc.constantFrom('0', '1', '9', '-', '+', ' '), maxLength: 22 })), (s) => {
        const v = memberInt(s);
        expect(v !== null).toBe(isCanonicalInt64(s));
        if (v !== null) expect(String(v)).toBe(s);
        // Safe integers come back as numbers, the rest of int64 as bigints.
        if (v !== null) expect(typeof v).toBe(Number.isSafeInteger(Number(s)) && BigInt(Number(s)) === BigInt(s) ? 'number' : 'bigint');
      }),
      { numRuns: 2000 },
    );
    for (const s of INT_EDGES) expect(String(memberInt(s))).toBe(s);
    for (const s of NOT_INTS) expect(memberInt(s)).toBeNull();
  });
});

describe('SetValue against a model', () => {
  it('holds the model members with the model encoding after any operations', () => {
    fc.assert(
      fc.property(maxArb, memberArb, fc.array(opArb, { size: 'max', maxLength: 300 }), (max, first, ops) => {
        const set = SetValue.createFor(first);
        const model: Model = { members: new Set(), intset: memberInt(first) !== null };
        apply(set, model, { op: 'add', m: first }, max);
        for (const o of ops) {
          apply(set, model, o, max);
          check(set, model);
        }
        check(set, model);
      }),
      { numRuns: 300 },
    );
  });

  it('never converts a hashtable back, even when emptied of non-integers', () => {
    const set = SetValue.createFor('1');
    expect(set.encoding()).toBe('intset');
    set.add('1', 512);
    set.add('2', 512);
    set.add('x', 512);
    expect(set.encoding()).toBe('hashtable');
    set.remove('x');
    set.add('3', 512);
    expect(set.encoding()).toBe('hashtable');
    expect(set.members().sort()).toEqual(['1', '2', '3']);
  });

  it('widens an intset from 16 to 32 to 64 bits and past 2^53 without losing order', () => {
    const set = SetValue.createIntset();
    const added = ['5', '-32768', '32767', '70000', '-2147483649', '9007199254740993', '-9223372036854775808', '9223372036854775807', '0'];
    for (const m of added) expect(set.add(m, 512)).toBe(true);
    for (const m of added) expect(set.add(m, 512)).toBe(false);
    expect(set.encoding()).toBe('intset');
    expect(set.members()).toEqual([...added].sort(cmpInt));
    // Integers compare exactly across number and bigint: 2^53 is not 2^53+1.
    expect(set.has('9007199254740992')).toBe(false);
    expect(set.has('9007199254740993')).toBe(true);
    expect(set.hasInt(9007199254740992)).toBe(false);
    expect(set.hasInt(9007199254740993n)).toBe(true);
    expect(set.hasInt(5)).toBe(true);
    expect(set.hasInt(5n)).toBe(true);
    expect(set.remove('9007199254740993')).toBe(true);
    expect(set.remove('5')).toBe(true);
    expect(set.members()).toEqual(added.filter((m) => m !== '5' && m !== '9007199254740993').sort(cmpInt));
  });

  it('finds and adds integers across widths, whatever their JS type', () => {
    const narrow = SetValue.createIntset();
    for (const m of ['0', '3', '-7']) narrow.add(m, 512);
    const wide = SetValue.createIntset();
    for (const m of ['0', '3', '9007199254740993']) wide.add(m, 512);
    // A 64-bit intset hands out small members as numbers; a bigint of small value is still narrow.
    expect(typeof wide.intAt(0)).toBe('number');
    expect(typeof wide.intAt(2)).toBe('bigint');
    expect(narrow.hasInt(0n)).toBe(true);
    expect(narrow.hasInt(-7n)).toBe(true);
    expect(narrow.hasInt(9007199254740993n)).toBe(false);
    expect(wide.hasInt(3)).toBe(true);
    expect(narrow.addInt(3n, 512)).toBe(false);
    expect(narrow.addInt(4n, 512)).toBe(true);
    expect(narrow.members()).toEqual(['-7', '0', '3', '4']);
    for (let i = 0; i < wide.size; i++) expect(narrow.hasInt(wide.intAt(i))).toBe(i < 2);
  });

  it('converts past set-max-intset-entries, capped at 2^30', () => {
    const set = SetValue.createIntset();
    for (let i = 0; i < 3; i++) set.add(String(i), 3);
    expect(set.encoding()).toBe('intset');
    set.add('3', 3);
    expect(set.encoding()).toBe('hashtable');
    const big = SetValue.createIntset();
    for (let i = 0; i < 1000; i++) big.add(String(i * 7), Number.MAX_SAFE_INTEGER);
    expect(big.encoding()).toBe('intset');
    expect(INTSET_MAX_LIMIT).toBe(2 ** 30);
  });

  it('shrinks and re-grows an intset through mass removal', () => {
    const set = SetValue.createIntset();
    for (let i = 0; i < 500; i++) set.add(String(i), 512);
    for (let i = 0; i < 495; i++) expect(set.remove(String(i))).toBe(true);
    expect(set.members()).toEqual(['495', '496', '497', '498', '499']);
    for (let i = 0; i < 100; i++) set.add(String(-i), 512);
    expect(set.size).toBe(105);
    expect(set.members()[0]).toBe('-99');
  });
});

describe('random members', () => {
  it('only returns members, and pops each member exactly once', () => {
    fc.assert(
      fc.property(fc.uniqueArray(memberArb, { minLength: 1, maxLength: 60 }), maxArb, (members, max) => {
        const set = SetValue.createFor(members[0]);
        for (const m of members) set.add(m, max);
        const all = new Set(members);
        for (let i = 0; i < 20; i++) expect(all.has(set.randomMember())).toBe(true);
        const popped: string[] = [];
        while (set.size > 0) popped.push(set.popRandom());
        expect(popped.sort()).toEqual([...all].sort());
      }),
    );
  });

  it('reaches every member of both encodings', () => {
    for (const members of [['1', '2', '3', '4'], ['a', 'b', 'c', 'd']]) {
      const set = SetValue.createFor(members[0]);
      for (const m of members) set.add(m, 512);
      const seen = new Set<string>();
      for (let i = 0; i < 400; i++) seen.add(set.randomMember());
      expect([...seen].sort()).toEqual(members);
    }
  });
});

describe('scan', () => {
  it('returns an intset whole with cursor 0, whatever the cursor', () => {
    const set = SetValue.createIntset();
    for (const m of ['3', '1', '2']) set.add(m, 512);
    const out: string[] = [];
    expect(set.scan(12345, 1, (m) => out.push(m))).toBe(0);
    expect(out).toEqual(['1', '2', '3']);
  });

  it('returns every member present for a whole hashtable scan, despite changes between steps', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: byteArb, minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 80 }),
        fc.array(fc.tuple(fc.boolean(), fc.string({ unit: byteArb, minLength: 1, maxLength: 5 })), { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        (initial, changes, count) => {
          const set = SetValue.createHashtable();
          for (const m of initial) set.add(m, 512);
          const stable = new Set(initial);
          const seen = new Set<string>();
          let cursor = 0;
          let step = 0;
          do {
            cursor = set.scan(cursor, count, (m) => seen.add(m));
            // Between steps: add or remove members; a removed one is no longer owed.
            const change = changes[step++];
            if (change) {
              const [add, m] = change;
              if (add) set.add(m, 512);
              else {
                set.remove(m);
                stable.delete(m);
              }
            }
          } while (cursor !== 0);
          for (const m of stable) expect(seen.has(m)).toBe(true);
        },
      ),
    );
  });
});

describe('forEach', () => {
  it('stops when the visitor returns true', () => {
    for (const members of [['1', '2', '3', '4', '5'], Array.from({ length: 1000 }, (_, i) => `m${i}`)]) {
      const set = SetValue.createFor(members[0]);
      for (const m of members) set.add(m, 512);
      let visited = 0;
      set.forEach(() => ++visited === 3);
      expect(visited).toBe(3);
    }
  });
});

describe('clone', () => {
  it('copies members and encoding, independently', () => {
    for (const members of [['1', '9007199254740993', '-5'], ['a', '1', 'b']]) {
      const set = SetValue.createFor(members[0]);
      for (const m of members) set.add(m, 512);
      const copy = set.clone();
      expect(copy.encoding()).toBe(set.encoding());
      expect(copy.members()).toEqual(set.members());
      expect(copy.memoryUsage()).toBe(set.memoryUsage());
      copy.add('77', 512);
      copy.remove(members[0]);
      expect(set.has('77')).toBe(false);
      expect(set.has(members[0])).toBe(true);
    }
  });
});

describe('memoryUsage', () => {
  it('counts an intset as its header plus members at the current width', () => {
    const set = SetValue.createIntset();
    set.add('1', 512);
    set.add('2', 512);
    // robj 16 + jemalloc(8 + 2*2 = 12 → 16)
    expect(set.memoryUsage()).toBe(32);
    set.add('100000', 512);
    // 8 + 3*4 = 20 → 32
    expect(set.memoryUsage()).toBe(48);
  });

  it('grows with a hashtable and shrinks back as members go', () => {
    const set = SetValue.createHashtable();
    const empty = set.memoryUsage();
    for (let i = 0; i < 100; i++) set.add(`member:${i}`, 512);
    const full = set.memoryUsage();
    expect(full).toBeGreaterThan(empty + 100 * 24);
    for (let i = 0; i < 100; i++) set.remove(`member:${i}`);
    expect(set.memoryUsage()).toBe(empty);
  });
});
