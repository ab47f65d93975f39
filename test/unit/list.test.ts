/**
 * Property tests of the list ring buffer (datatypes/list.ts) against a
 * plain array model: after any sequence of pushes, pops, inserts, removals,
 * LREM-style removals, trims and replacements, the list holds exactly the
 * model's elements in order, index access agrees, and clones are
 * independent. Also the Redis-shaped MEMORY USAGE estimate.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ListValue, listpackEntrySize } from '../../datatypes/list.js';

type Op =
  | { op: 'pushHead' | 'pushTail'; v: string }
  | { op: 'popHead' | 'popTail' }
  | { op: 'insert'; at: number; v: string }
  | { op: 'removeAt'; at: number }
  | { op: 'set'; at: number; v: string }
  | { op: 'removeEqual'; v: string; limit: number; fromTail: boolean }
  | { op: 'drop'; head: number; tail: number }
  | { op: 'reserve'; n: number }
  | { op: 'clone' };

// A small alphabet makes LREM find matches; bytes 0 and 255 and '' are valid elements.
const valArb = fc.constantFrom('', 'a', 'b', 'c', '\x00', '\xff', '123', 'x'.repeat(70));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constantFrom('pushHead' as const, 'pushTail' as const), v: valArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('popHead' as const, 'popTail' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(1000), v: valArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('removeAt' as const), at: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(1000), v: valArb }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('removeEqual' as const), v: valArb, limit: fc.nat(4), fromTail: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('drop' as const), head: fc.nat(1000), tail: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reserve' as const), n: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('clone' as const) }) },
);

function apply(list: ListValue, model: string[], o: Op): ListValue {
  switch (o.op) {
    case 'pushHead':
      list.pushHead(o.v);
      model.unshift(o.v);
      break;
    case 'pushTail':
      list.pushTail(o.v);
      model.push(o.v);
      break;
    case 'popHead':
      expect(list.popHead()).toBe(model.shift());
      break;
    case 'popTail':
      expect(list.popTail()).toBe(model.pop());
      break;
    case 'insert': {
      const at = o.at % (model.length + 1);
      list.insertAt(at, o.v);
      model.splice(at, 0, o.v);
      break;
    }
    case 'removeAt':
      if (model.length > 0) {
        const at = o.at % model.length;
        list.removeAt(at);
        model.splice(at, 1);
      }
      break;
    case 'set':
      if (model.length > 0) {
        const at = o.at % model.length;
        list.set(at, o.v);
        model[at] = o.v;
      }
      break;
    case 'removeEqual': {
      const removed = list.removeEqual(o.v, o.limit, o.fromTail);
      let n = 0;
      if (!o.fromTail) {
        for (let i = 0; i < model.length; ) {
          if (model[i] === o.v && (o.limit === 0 || n < o.limit)) {
            model.splice(i, 1);
            n++;
          } else i++;
        }
      } else {
        for (let i = model.length - 1; i >= 0; i--) {
          if (model[i] === o.v && (o.limit === 0 || n < o.limit)) {
            model.splice(i, 1);
            n++;
          }
        }
      }
      expect(removed).toBe(n);
      break;
    }
    case 'drop': {
      const h = o.head % (model.length + 1);
      list.dropHead(h);
      model.splice(0, h);
      const t = o.tail % (model.length + 1);
      list.dropTail(t);
      model.splice(model.length - t, t);
      break;
    }
    case 'reserve':
      list.reserve(o.n);
      break;
    case 'clone': {
      // Continue on the copy; the original must not change afterwards.
      const copy = list.clone();
      const before = list.toArray();
      copy.pushTail('only-in-copy');
      expect(list.toArray()).toEqual(before);
      copy.popTail();
      return copy;
    }
  }
  return list;
}

describe('ListValue against an array model', () => {
  it('any sequence of operations keeps the same elements in the same order', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300, size: 'max' }), (ops) => {
        let list = new ListValue();
        const model: string[] = [];
        for (const o of ops) {
          list = apply(list, model, o);
          expect(list.length).toBe(model.length);
        }
        expect(list.toArray()).toEqual(model);
        for (let i = 0; i < model.length; i++) expect(list.get(i)).toBe(model[i]);
      }),
      { numRuns: 300 },
    );
  });

  it('pops from an empty list return undefined', () => {
    const l = new ListValue();
    expect(l.popHead()).toBeUndefined();
    expect(l.popTail()).toBeUndefined();
    expect(l.length).toBe(0);
  });

  it('wraps around the ring many times and shrinks back when emptied', () => {
    const l = new ListValue();
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 1000; i++) l.pushTail(String(i));
      for (let i = 0; i < 1000; i++) l.pushHead(String(-i));
      expect(l.length).toBe(2000);
      expect(l.get(0)).toBe('-999');
      expect(l.get(1999)).toBe('999');
      for (let i = 0; i < 1999; i++) (i % 2 ? l.popHead() : l.popTail()) as string;
      expect(l.length).toBe(1);
      l.popHead();
    }
    // Mostly-empty buffers shrink: the internal capacity is back to a few slots.
    expect((l as unknown as { items: string[] }).items.length).toBeLessThanOrEqual(8);
  });

  it('reports the quicklist encoding and the list type', () => {
    const l = ListValue.from(['a']);
    expect(l.encoding()).toBe('quicklist');
    expect(l.type).toBe('list');
  });
});

describe('MEMORY USAGE estimate (Redis 7.0 objectComputeSize)', () => {
  it('listpack entry sizes follow the listpack encodings', () => {
    expect(listpackEntrySize('a')).toBe(3);
    expect(listpackEntrySize('')).toBe(2);
    expect(listpackEntrySize('0')).toBe(2);
    expect(listpackEntrySize('127')).toBe(2);
    expect(listpackEntrySize('128')).toBe(3);
    expect(listpackEntrySize('-4096')).toBe(3);
    expect(listpackEntrySize('-4097')).toBe(4);
    expect(listpackEntrySize('32767')).toBe(4);
    expect(listpackEntrySize('8388607')).toBe(5);
    expect(listpackEntrySize('2147483647')).toBe(6);
    expect(listpackEntrySize('2147483648')).toBe(10);
    expect(listpackEntrySize('9223372036854775807')).toBe(10);
    expect(listpackEntrySize('9223372036854775808')).toBe(1 + 19 + 1);
    expect(listpackEntrySize('007')).toBe(5);
    expect(listpackEntrySize('x'.repeat(63))).toBe(65);
    expect(listpackEntrySize('x'.repeat(64))).toBe(2 + 64 + 1);
    expect(listpackEntrySize('x'.repeat(200))).toBe(2 + 200 + 2);
    expect(listpackEntrySize('x'.repeat(5000))).toBe(5 + 5000 + 2);
  });

  it('matches what redis-server 7.0.15 reports for lists built by RPUSH', () => {
    // Values measured on redis-server 7.0.15 (MEMORY USAGE minus key and dict entry).
    expect(ListValue.from(['a']).memoryUsage()).toBe(144 - 32);
    expect(ListValue.from(['a', 'b'.repeat(48)]).memoryUsage()).toBe(192 - 32);
    const big = new ListValue();
    for (let i = 1; i <= 2000; i++) big.pushTail('x'.repeat(25) + i);
    expect(big.memoryUsage()).toBe(65944 - 32);
  });
});
