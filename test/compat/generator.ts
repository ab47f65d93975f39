/**
 * A seeded generator of random commands for the differential test
 * (random.test.ts): string, bitmap and key commands over a small key space,
 * with valid and invalid arguments (non-integers, negatives, int64 edges,
 * wrong option combinations) so that error paths are compared too.
 *
 * Determinism: the same seed gives the same sequence. Only commands whose
 * replies Redis makes deterministic are generated: no RANDOMKEY, TIME,
 * INFO, OBJECT FREQ/IDLETIME. TTLs are either large (nothing expires during
 * a run) or already in the past (the key is deleted at once), and GT/LT are
 * only used with absolute times, because comparing two relative TTLs set a
 * millisecond apart is a coin toss. Sizes stay small (offsets below ~8000
 * bits, values below ~1 KB) so a run takes seconds, not memory.
 *
 * Keys that are logically expired but not yet reaped: Redis 7.0 keeps a key
 * set with `SET ... EXAT/PXAT <past>` in its dict until a lookup or the
 * active expiry cycle (a timer) removes it. Whatever observes such keys
 * without a lookup depends on that timer, so it is not generated: DBSIZE
 * (counts them) and SCAN ... TYPE none (Redis's type lookup deletes the key
 * and then returns it). Every other command here looks keys up first.
 */
import type { Modifier } from './script.js';

/** mulberry32: a tiny, good-enough 32-bit PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedCommand {
  argv: string[];
  /** How to compare the replies (none = exact bytes). */
  mod?: Modifier;
}

const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9', '', '\x00', 'b\xff\x00k', 'k\r\n', '\x80\x81'];
const INT64_EDGES = ['9223372036854775807', '-9223372036854775808', '9223372036854775808', '-9223372036854775809', '9223372036854775806', '-9223372036854775807'];
const NOT_INTS = ['abc', '', '1.5', ' 1', '1 ', '+1', '01', '-0', '0x10', '1e3', '\x001', 'nan', 'inf'];
const FLOATS = ['0', '1', '-1', '0.1', '-0.1', '1.5', '10.50', '3.0e3', '5e-5', '1e308', '-1e308', '1.7976931348623157e308', '123456789012345678901234567890', '0.30000000000000004', 'inf', '-inf', '+inf', 'nan', 'abc', '', ' 1', '1e', '.5', '5.', '-0', '0x1p3'];
const WORDS = ['', 'a', 'abc', 'hello', 'foobar', 'ohmytext', 'mynewtext', '\x00', '\xff\x00\xfe', 'A\r\nB', ' x '];
const PATTERNS = ['*', 'k*', 'k?', 'k[0-4]', 'k[^0-4]', '?', '*\x00*', '\\*', '[', 'k[', '*k*', 'b*k', 'h*llo', '[a-z]*', '\x80*'];
const SET_FLAGS = ['NX', 'XX', 'GET', 'KEEPTTL', 'nx', 'get'];
const BITFIELD_TYPES = ['i1', 'u1', 'i5', 'u7', 'i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'i63', 'u63', 'i64', 'u64', 'i65', 'x8', 'i0'];

export class CommandGenerator {
  private readonly rnd: () => number;

  constructor(seed: number) {
    this.rnd = mulberry32(seed);
  }

  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }

  chance(p: number): boolean {
    return this.rnd() < p;
  }

  pick<T>(arr: readonly T[]): T {
    return arr[this.int(arr.length)];
  }

  key(): string {
    // Mostly the ten plain keys, sometimes a binary or empty one.
    return this.chance(0.85) ? KEYS[this.int(10)] : this.pick(KEYS);
  }

  bytes(maxLen: number): string {
    const n = this.int(maxLen + 1);
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.int(256));
    return s;
  }

  value(): string {
    const r = this.int(10);
    if (r < 3) return String(this.int(200) - 50);
    if (r < 4) return this.pick(INT64_EDGES);
    if (r < 5) return this.pick(FLOATS);
    if (r < 7) return this.pick(WORDS);
    if (r < 8) return this.bytes(12);
    if (r < 9) return 'x'.repeat(40 + this.int(10)); // around the 44-byte embstr limit
    return String(this.int(100000));
  }

  /** An integer argument: usually small and valid, sometimes an edge or garbage. */
  intArg(small: number): string {
    const r = this.int(20);
    if (r < 14) return String(this.int(small * 2 + 1) - small);
    if (r < 17) return this.pick(INT64_EDGES);
    return this.pick(NOT_INTS);
  }

  /**
   * An offset below `max`, or an invalid one. (No large valid offsets: a
   * bit offset of 2^29 is legal and would allocate 64 MB on both servers.)
   */
  offset(max: number, extraInvalid: readonly string[] = []): string {
    const r = this.int(20);
    if (r < 17) return String(this.int(max));
    return this.pick(['-1', '4294967296', 'abc', '1.5', '', ...extraInvalid]);
  }

  /** A TTL that is large, already past, or invalid. */
  relTtl(ms: boolean): string {
    const r = this.int(10);
    const unit = ms ? 1000 : 1;
    if (r < 5) return String((100000 + this.int(3) * 100000) * unit);
    if (r < 7) return this.pick(['0', '-1', '-100']);
    if (r < 9) return this.pick([...INT64_EDGES, '9223372036854775']);
    return this.pick(NOT_INTS);
  }

  absTtl(ms: boolean): string {
    const r = this.int(10);
    const unit = ms ? 1000 : 1;
    if (r < 6) return String((2900000000 + this.int(5) * 100000000) * unit + (ms ? this.int(3) : 0));
    if (r < 8) return this.pick(['1', '0', '-1']);
    if (r < 9) return this.pick(INT64_EDGES);
    return this.pick(NOT_INTS);
  }

  private setOptions(): string[] {
    const out: string[] = [];
    const n = this.int(3);
    for (let i = 0; i < n; i++) {
      const r = this.int(6);
      if (r < 3) out.push(this.pick(SET_FLAGS));
      else if (r < 4) out.push(this.pick(['EX', 'PX']), this.relTtl(false));
      else if (r < 5) out.push(this.pick(['EXAT', 'PXAT']), this.absTtl(false));
      else out.push(this.pick(['EX', 'FOO', 'PERSIST']));
    }
    return out;
  }

  private bitfieldOps(ro: boolean): string[] {
    const out: string[] = [];
    const n = 1 + this.int(3);
    for (let i = 0; i < n; i++) {
      const type = this.chance(0.9) ? this.pick(BITFIELD_TYPES.slice(0, 13)) : this.pick(BITFIELD_TYPES);
      const off = this.chance(0.2) ? `#${this.int(20)}` : this.offset(200);
      const r = this.int(ro ? 5 : 10);
      if (r < 4) out.push('GET', type, off);
      else if (r < 6) out.push('SET', type, off, this.intArg(300));
      else if (r < 8) out.push('INCRBY', type, off, this.intArg(300));
      else if (r < 9) out.push('OVERFLOW', this.pick(['WRAP', 'SAT', 'FAIL', 'FOO']));
      else out.push(this.pick(['FOO', 'GET']));
    }
    return out;
  }

  next(): GeneratedCommand {
    const k = this.key();
    switch (this.int(62)) {
      // --- strings
      case 0:
      case 1:
      case 2:
        return { argv: ['SET', k, this.value(), ...this.setOptions()] };
      case 3:
      case 4:
        return { argv: ['GET', k] };
      case 5:
        return { argv: ['SETNX', k, this.value()] };
      case 6:
        return { argv: [this.pick(['SETEX', 'PSETEX']), k, this.relTtl(false), this.value()] };
      case 7:
        return { argv: ['GETSET', k, this.value()] };
      case 8:
        return { argv: ['GETDEL', k] };
      case 9: {
        const opt = this.pick([[], ['PERSIST'], ['EX', this.relTtl(false)], ['PX', this.relTtl(true)], ['EXAT', this.absTtl(false)], ['PXAT', this.absTtl(true)], ['FOO'], ['EX', '10', 'PX', '10']]);
        return { argv: ['GETEX', k, ...opt] };
      }
      case 10:
        return { argv: ['MGET', k, this.key(), this.key()] };
      case 11:
        return { argv: ['MSET', k, this.value(), this.key(), this.value(), ...(this.chance(0.1) ? [this.key()] : [])] };
      case 12:
        return { argv: ['MSETNX', k, this.value(), this.key(), this.value()] };
      case 13:
      case 14:
        return { argv: ['APPEND', k, this.chance(0.5) ? this.pick(WORDS) : this.bytes(6)] };
      case 15:
        return { argv: ['STRLEN', k] };
      case 16:
      case 17:
        return { argv: [this.pick(['INCR', 'DECR']), k] };
      case 18:
      case 19:
        return { argv: [this.pick(['INCRBY', 'DECRBY']), k, this.intArg(1000)] };
      case 20:
      case 21:
        return { argv: ['INCRBYFLOAT', k, this.pick(FLOATS)] };
      case 22:
      case 23:
        return { argv: [this.pick(['GETRANGE', 'SUBSTR']), k, this.intArg(30), this.intArg(30)] };
      case 24:
        return { argv: ['SETRANGE', k, this.offset(600, ['536870912']), this.chance(0.2) ? '' : this.bytes(8)] };
      case 25: {
        const opt = this.pick([[], ['LEN'], ['IDX'], ['IDX', 'WITHMATCHLEN'], ['IDX', 'MINMATCHLEN', this.intArg(4)], ['IDX', 'MINMATCHLEN', '2', 'WITHMATCHLEN'], ['LEN', 'IDX'], ['FOO']]);
        return { argv: ['LCS', k, this.key(), ...opt] };
      }
      // --- bitmaps
      case 26:
      case 27:
        return { argv: ['SETBIT', k, this.offset(8000), this.chance(0.9) ? String(this.int(2)) : this.pick(['2', '-1', 'abc', ''])] };
      case 28:
        return { argv: ['GETBIT', k, this.offset(8000)] };
      case 29: {
        const opt = this.pick([[], [this.intArg(10), this.intArg(10)], [this.intArg(10), this.intArg(10), this.pick(['BIT', 'BYTE', 'bit', 'FOO'])], [this.intArg(3)]]);
        return { argv: ['BITCOUNT', k, ...opt] };
      }
      case 30: {
        const bit = this.chance(0.9) ? String(this.int(2)) : this.pick(['2', '-1', 'x']);
        const opt = this.pick([[], [this.intArg(10)], [this.intArg(10), this.intArg(10)], [this.intArg(40), this.intArg(40), this.pick(['BIT', 'BYTE', 'FOO'])]]);
        return { argv: ['BITPOS', k, bit, ...opt] };
      }
      case 31: {
        const op = this.pick(['AND', 'OR', 'XOR', 'NOT', 'and', 'FOO']);
        const srcs = op === 'NOT' && this.chance(0.8) ? [this.key()] : [this.key(), this.key(), ...(this.chance(0.3) ? [this.key()] : [])];
        return { argv: ['BITOP', op, k, ...srcs] };
      }
      case 32:
      case 33:
        return { argv: ['BITFIELD', k, ...this.bitfieldOps(false)] };
      case 34:
        return { argv: ['BITFIELD_RO', k, ...this.bitfieldOps(true)] };
      // --- keys
      case 35:
      case 36:
        return { argv: [this.pick(['DEL', 'UNLINK']), k, ...(this.chance(0.3) ? [this.key()] : [])] };
      case 37:
        return { argv: ['EXISTS', k, ...(this.chance(0.3) ? [this.key(), k] : [])] };
      case 38:
        return { argv: ['TYPE', k] };
      case 39:
        return { argv: [this.pick(['RENAME', 'RENAMENX']), k, this.key()] };
      case 40:
        return { argv: ['MOVE', k, this.pick(['0', '1', '1', '16', '-1', 'abc'])] };
      case 41: {
        const opt = this.pick([[], ['REPLACE'], ['DB', this.pick(['0', '1', '16', 'x'])], ['DB', '1', 'REPLACE'], ['FOO']]);
        return { argv: ['COPY', k, this.key(), ...opt] };
      }
      case 42:
        return { argv: ['KEYS', this.pick(PATTERNS)], mod: 'sort' };
      case 43: {
        const opt = this.pick([[], ['MATCH', this.pick(PATTERNS)], ['TYPE', this.pick(['string', 'list', 'hash'])]]);
        return { argv: ['SCAN', '0', 'COUNT', '1000', ...opt], mod: 'sort' };
      }
      case 44:
      case 45: {
        const cmd = this.pick(['EXPIRE', 'PEXPIRE']);
        const flag = this.pick([[], [], ['NX'], ['XX'], ['NX', 'XX'], ['FOO']]);
        return { argv: [cmd, k, this.relTtl(cmd === 'PEXPIRE'), ...flag] };
      }
      case 46:
      case 47: {
        const cmd = this.pick(['EXPIREAT', 'PEXPIREAT']);
        const flag = this.pick([[], ['NX'], ['XX'], ['GT'], ['LT'], ['GT', 'LT'], ['gt']]);
        return { argv: [cmd, k, this.absTtl(cmd === 'PEXPIREAT'), ...flag] };
      }
      case 48:
        return { argv: ['PERSIST', k] };
      case 49:
        return { argv: ['TTL', k], mod: 'ttl' };
      case 50:
        return { argv: ['PTTL', k], mod: 'pttl' };
      case 51:
        return { argv: ['EXPIRETIME', k], mod: 'ttl' };
      case 52:
        return { argv: ['PEXPIRETIME', k], mod: 'pttl' };
      case 53:
        return { argv: ['OBJECT', 'ENCODING', k] };
      case 54:
        return { argv: ['TOUCH', k, this.key()] };
      case 55:
        return { argv: ['EXISTS', k] };
      case 56:
        return { argv: ['SELECT', this.pick(['0', '0', '0', '1', '16', 'x'])] };
      // --- other types, to put WRONGTYPE keys in the way
      case 57:
        return { argv: ['LPUSH', k, this.value()] };
      case 58:
        return { argv: ['SADD', k, this.value()] };
      case 59:
        return { argv: ['HSET', k, 'f', this.value()] };
      case 60:
        return { argv: ['ZADD', k, String(this.int(10)), this.value()] };
      default:
        // rarely: start over, so empty-key paths stay exercised
        return this.chance(0.3) ? { argv: ['FLUSHDB'] } : { argv: ['GET', k] };
    }
  }
}
