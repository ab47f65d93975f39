/**
 * The bitmap family (Redis's bitops.c): SETBIT, GETBIT, BITCOUNT, BITPOS,
 * BITOP, BITFIELD and BITFIELD_RO. Bitmaps are ordinary string values; a
 * command that writes bits turns the value into a RawString (Redis's
 * "raw" encoding) and edits it in place, so SETBIT is O(1).
 *
 * Byte-compatibility notes:
 *  - Bit offsets are limited by proto-max-bulk-len (offset/8 must stay
 *    below it), and BITFIELD's "#N" offsets are multiplied by the field
 *    width with int64 wrap-around, exactly as in C.
 *  - As in 7.0 (7.2 changed this), BITCOUNT and BITPOS look the key up
 *    before parsing their range, so a missing key answers 0 / -1 even when
 *    the range arguments are invalid.
 *  - server.dirty only moves when bits actually change or the string
 *    grows (SETBIT, BITFIELD), as in 7.0.15.
 */
import { isWord } from './help.js';
import type { ArgDoc, CommandContext, CommandSpec } from './types.js';
import { SYNTAX, WRONGTYPE } from './errors.js';
import { RawString, isString, type StringValue } from '../datatypes/values.js';
import { parseInt64, parseSafeInt } from '../datatypes/numbers.js';
import {
  applyFieldWrite,
  bitop,
  bitpos,
  getBit,
  getSignedField,
  getUnsignedField,
  popcount,
  setBit,
  type BitOp,
  type Overflow,
} from '../datatypes/bitops.js';
import { llArgOrReply, unshareString } from './strings.js';

const BAD_OFFSET = 'ERR bit offset is not an integer or out of range';
const BAD_BIT = 'ERR bit is not an integer or out of range';
const BAD_TYPE = 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';

// --- helpers -----------------------------------------------------------------

/**
 * Redis's getBitOffsetFromArgument. With `bits` > 0 (BITFIELD), "#N" means
 * N*bits (multiplied as a C int64, so it may wrap). Returns null after
 * replying the error.
 */
function bitOffsetOrReply(c: CommandContext, s: string, bits = 0): number | null {
  const useHash = bits > 0 && s.charCodeAt(0) === 35; /* # */
  if (!useHash) {
    // Hot path (SETBIT/GETBIT): a plain offset that is exact as a number.
    const n = parseSafeInt(s);
    if (n !== null) {
      if (n >= 0 && (n - (n & 7)) / 8 < c.server.config.getNumber('proto-max-bulk-len')) return n;
      c.addError(BAD_OFFSET);
      return null;
    }
  }
  let v = parseInt64(useHash ? s.slice(1) : s);
  if (v !== null && useHash) v = BigInt.asIntN(64, v * BigInt(bits));
  if (v === null || v < 0n || v >> 3n >= BigInt(c.server.config.getNumber('proto-max-bulk-len'))) {
    c.addError(BAD_OFFSET);
    return null;
  }
  return Number(v);
}

/** The bytes of a string value: a view for a RawString, a copy of [start, end) for a plain string. */
function bytesOf(v: StringValue, start = 0, end = v.length): Uint8Array {
  if (typeof v !== 'string') return v.buf.subarray(start, end);
  return Buffer.from(start === 0 && end === v.length ? v : v.slice(start, end), 'latin1');
}

const rawFromBuffer = (buf: Buffer): RawString => RawString.fromBuffer(buf);

/**
 * Redis's lookupStringForBitCommand: the key's value as a RawString at
 * least long enough to hold bit `maxBit`, created (zero-filled) when
 * missing. `grown` tells whether the key was created or lengthened.
 */
function stringForBitsOrReply(c: CommandContext, key: string, maxBit: number): { raw: RawString; grown: boolean } | null {
  const size = (maxBit - (maxBit & 7)) / 8 + 1;
  const v = c.db.lookupWrite(key);
  if (v === undefined) {
    const raw = new RawString('', size);
    raw.ensureLength(size);
    c.db.setKey(key, raw);
    return { raw, grown: true };
  }
  if (!isString(v)) {
    c.addError(WRONGTYPE);
    return null;
  }
  const raw = unshareString(c, key, v);
  const before = raw.length;
  raw.ensureLength(size);
  return { raw, grown: raw.length !== before };
}

/** A BYTE|BIT unit word, or null after a syntax error. */
function unitOrReply(c: CommandContext, s: string): boolean | null {
  if (isWord(s, 'bit')) return true;
  if (isWord(s, 'byte')) return false;
  c.addError(SYNTAX);
  return null;
}

/**
 * A resolved BITCOUNT/BITPOS range: inclusive byte indexes, plus masks of
 * the bits of the first/last byte that fall outside a BIT range.
 */
interface ByteRange {
  start: number;
  end: number;
  firstMask: number;
  lastMask: number;
}

/**
 * Redis's range normalisation: negative indexes count from the end, then
 * clamp to the string; in BIT units the bit range becomes a byte range and
 * two edge masks.
 */
function resolveRange(start: number | bigint, end: number | bigint, len: number, isBit: boolean): ByteRange {
  const total = isBit ? len * 8 : len;
  // Past 2^53 the conversion rounds, but such values clamp to 0 or total-1 anyway.
  let s = Number(start);
  let e = Number(end);
  if (s < 0) s += total;
  if (e < 0) e += total;
  if (s < 0) s = 0;
  if (e < 0) e = 0;
  if (e >= total) e = total - 1;
  let firstMask = 0;
  let lastMask = 0;
  if (isBit && s <= e) {
    firstMask = ~((1 << (8 - (s & 7))) - 1) & 0xff;
    lastMask = (1 << (7 - (e & 7))) - 1;
    s = (s - (s & 7)) / 8;
    e = (e - (e & 7)) / 8;
  }
  return { start: s, end: e, firstMask, lastMask };
}

/** redisBitpos on one byte: index of the first `bit`, else -1 (for 1) or 8 (for 0). */
function bytePos(b: number, bit: 0 | 1): number {
  const v = bit ? b : ~b & 0xff;
  return v === 0 ? (bit ? -1 : 8) : Math.clz32(v) - 24;
}

// --- SETBIT / GETBIT -------------------------------------------------------------

function setbit(c: CommandContext, argv: string[]): void {
  const key = argv[1];
  const offset = bitOffsetOrReply(c, argv[2]);
  if (offset === null) return;
  const on = llArgOrReply(c, argv[3], BAD_BIT);
  if (on === null) return;
  if (on !== 0 && on !== 1) {
    c.addError(BAD_BIT);
    return;
  }
  const target = stringForBitsOrReply(c, key, offset);
  if (target === null) return;
  const { raw, grown } = target;
  const old = getBit(raw.buf, offset);
  if (grown || old !== on) {
    setBit(raw.buf, offset, on);
    c.server.signalModifiedKey(c.db, key);
    c.server.notifyKeyspaceEvent('$', 'setbit', key, c.db.id);
    c.server.dirty++;
  }
  c.addInt(old);
}

function getbit(c: CommandContext, argv: string[]): void {
  const offset = bitOffsetOrReply(c, argv[2]);
  if (offset === null) return;
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) {
    c.addInt(0);
    return;
  }
  if (!isString(v)) {
    c.addError(WRONGTYPE);
    return;
  }
  const byte = (offset - (offset & 7)) / 8;
  if (byte >= v.length) {
    c.addInt(0);
    return;
  }
  const b = typeof v === 'string' ? v.charCodeAt(byte) : v.buf[byte];
  c.addInt((b >> (7 - (offset & 7))) & 1);
}

// --- BITCOUNT / BITPOS -------------------------------------------------------------

function bitcount(c: CommandContext, argv: string[]): void {
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) {
    c.addInt(0);
    return;
  }
  if (!isString(v)) {
    c.addError(WRONGTYPE);
    return;
  }
  const len = v.length;
  let range: ByteRange;
  if (argv.length === 4 || argv.length === 5) {
    const start = llArgOrReply(c, argv[2]);
    if (start === null) return;
    const end = llArgOrReply(c, argv[3]);
    if (end === null) return;
    if (start < 0 && end < 0 && start > end) {
      c.addInt(0);
      return;
    }
    let isBit = false;
    if (argv.length === 5) {
      const unit = unitOrReply(c, argv[4]);
      if (unit === null) return;
      isBit = unit;
    }
    range = resolveRange(start, end, len, isBit);
  } else if (argv.length === 2) {
    range = { start: 0, end: len - 1, firstMask: 0, lastMask: 0 };
  } else {
    c.addError(SYNTAX);
    return;
  }
  const { start, end, firstMask, lastMask } = range;
  if (start > end) {
    c.addInt(0);
    return;
  }
  const p = bytesOf(v, start, end + 1);
  let count = popcount(p);
  // Bits of the edge bytes outside a BIT range were counted: take them back.
  if (firstMask !== 0) count -= popcount(Uint8Array.of(p[0] & firstMask));
  if (lastMask !== 0) count -= popcount(Uint8Array.of(p[p.length - 1] & lastMask));
  c.addInt(count);
}

function bitposCommand(c: CommandContext, argv: string[]): void {
  const b = llArgOrReply(c, argv[2]);
  if (b === null) return;
  if (b !== 0 && b !== 1) {
    c.addError('ERR The bit argument must be 1 or 0.');
    return;
  }
  const bit = b as 0 | 1;
  // A missing key is an endless run of zeros.
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) {
    c.addInt(bit ? -1 : 0);
    return;
  }
  if (!isString(v)) {
    c.addError(WRONGTYPE);
    return;
  }
  const len = v.length;
  let endGiven = false;
  let range: ByteRange;
  if (argv.length >= 4 && argv.length <= 6) {
    const start = llArgOrReply(c, argv[3]);
    if (start === null) return;
    let isBit = false;
    if (argv.length === 6) {
      const unit = unitOrReply(c, argv[5]);
      if (unit === null) return;
      isBit = unit;
    }
    let end: number | bigint = len - 1;
    if (argv.length >= 5) {
      const e = llArgOrReply(c, argv[4]);
      if (e === null) return;
      end = e;
      endGiven = true;
    }
    range = resolveRange(start, end, len, isBit);
  } else if (argv.length === 3) {
    range = { start: 0, end: len - 1, firstMask: 0, lastMask: 0 };
  } else {
    c.addError(SYNTAX);
    return;
  }
  const { start, end, firstMask, lastMask } = range;
  // An empty range holds neither a 0 nor a 1.
  if (start > end) {
    c.addInt(-1);
    return;
  }
  const p = bytesOf(v, start, end + 1);
  const last = p.length - 1;
  let from = 0; // first byte of p still to search
  let bytes = p.length;
  let pos: number;
  search: {
    if (firstMask !== 0) {
      // Bits before the range read as the opposite of what we look for.
      let tmp = bit ? p[0] & ~firstMask & 0xff : p[0] | firstMask;
      if (lastMask !== 0 && bytes === 1) tmp = bit ? tmp & ~lastMask & 0xff : tmp | lastMask;
      pos = bytePos(tmp, bit);
      if (bytes === 1 || (pos !== -1 && pos !== 8)) break search;
      from++;
      bytes--;
    }
    const whole = bytes - (lastMask !== 0 ? 1 : 0);
    if (whole > 0) {
      pos = bitpos(p, from, whole, bit);
      if (bytes === whole || (pos !== -1 && pos !== whole * 8)) break search;
      from += whole;
      bytes -= whole;
    }
    pos = bytePos(bit ? p[last] & ~lastMask & 0xff : p[last] | lastMask, bit);
  }
  // With an explicit end, "the first 0 after the range" is not an answer.
  if (endGiven && bit === 0 && pos === bytes * 8) {
    c.addInt(-1);
    return;
  }
  c.addInt(pos === -1 ? -1 : pos + (start + from) * 8);
}

// --- BITOP -------------------------------------------------------------------------

function bitopCommand(c: CommandContext, argv: string[]): void {
  const opname = argv[1];
  let op: BitOp;
  if (isWord(opname, 'and')) op = 'and';
  else if (isWord(opname, 'or')) op = 'or';
  else if (isWord(opname, 'xor')) op = 'xor';
  else if (isWord(opname, 'not')) op = 'not';
  else {
    c.addError(SYNTAX);
    return;
  }
  if (op === 'not' && argv.length !== 4) {
    c.addError('ERR BITOP NOT must be called with a single source key.');
    return;
  }
  const sources: Uint8Array[] = [];
  for (let j = 3; j < argv.length; j++) {
    const v = c.db.lookupRead(argv[j]);
    if (v === undefined) {
      sources.push(new Uint8Array(0)); // a missing key is an empty string
      continue;
    }
    if (!isString(v)) {
      c.addError(WRONGTYPE);
      return;
    }
    sources.push(bytesOf(v));
  }
  const res = bitop(op, sources);
  const dest = argv[2];
  if (res.length > 0) {
    c.db.setKey(dest, rawFromBuffer(res));
    c.server.notifyKeyspaceEvent('$', 'set', dest, c.db.id);
    c.server.dirty++;
  } else if (c.db.delete(dest)) {
    c.server.notifyKeyspaceEvent('g', 'del', dest, c.db.id);
    c.server.dirty++;
  }
  c.addInt(res.length);
}

// --- BITFIELD ------------------------------------------------------------------------

interface FieldOp {
  write: boolean;
  incr: boolean;
  signed: boolean;
  bits: number;
  offset: number;
  value: bigint;
  overflow: Overflow;
}

/**
 * Redis's getBitfieldTypeFromArgument: "i1".."i64" or "u1".."u63", read as
 * a C string (the width ends at a NUL byte). Only lowercase i/u is accepted.
 */
function fieldTypeOrReply(c: CommandContext, s: string): { signed: boolean; bits: number } | null {
  const t = s.charCodeAt(0);
  const nul = s.indexOf('\0');
  const n = t === 105 /* i */ || t === 117 /* u */ ? parseInt64(s.slice(1, nul < 0 ? s.length : nul)) : null;
  const signed = t === 105;
  if (n === null || n < 1n || n > (signed ? 64n : 63n)) {
    c.addError(BAD_TYPE);
    return null;
  }
  return { signed, bits: Number(n) };
}

/** Parse every BITFIELD subcommand up front (Redis replies nothing else on a bad one). */
function parseFieldOps(c: CommandContext, argv: string[]): FieldOp[] | null {
  const ops: FieldOp[] = [];
  let overflow: Overflow = 'wrap';
  for (let j = 2; j < argv.length; j++) {
    const rem = argv.length - j - 1;
    const sub = argv[j];
    let write: boolean;
    let incr = false;
    if (rem >= 2 && isWord(sub, 'get')) {
      write = false;
    } else if (rem >= 3 && isWord(sub, 'set')) {
      write = true;
    } else if (rem >= 3 && isWord(sub, 'incrby')) {
      write = true;
      incr = true;
    } else if (rem >= 1 && isWord(sub, 'overflow')) {
      const t = argv[++j];
      if (isWord(t, 'wrap')) overflow = 'wrap';
      else if (isWord(t, 'sat')) overflow = 'sat';
      else if (isWord(t, 'fail')) overflow = 'fail';
      else {
        c.addError('ERR Invalid OVERFLOW type specified');
        return null;
      }
      continue;
    } else {
      c.addError(SYNTAX);
      return null;
    }
    const type = fieldTypeOrReply(c, argv[j + 1]);
    if (type === null) return null;
    const offset = bitOffsetOrReply(c, argv[j + 2], type.bits);
    if (offset === null) return null;
    let value = 0n;
    if (write) {
      const v = llArgOrReply(c, argv[j + 3]);
      if (v === null) return null;
      value = BigInt(v);
    }
    ops.push({ write, incr, signed: type.signed, bits: type.bits, offset, value, overflow });
    j += write ? 3 : 2;
  }
  return ops;
}

/** A GET on a field of `v` (bytes past the end read as zeros). */
function readField(v: StringValue | undefined, op: FieldOp): bigint {
  if (v === undefined) return 0n;
  let p: Uint8Array;
  let offset = op.offset;
  if (typeof v === 'string') {
    // Copy just the (at most 9) bytes the field spans.
    const byte = (offset - (offset & 7)) / 8;
    p = Buffer.from(v.slice(byte, byte + 9), 'latin1');
    offset -= byte * 8;
  } else {
    p = v.buf.subarray(0, v.length);
  }
  return op.signed ? getSignedField(p, offset, op.bits) : getUnsignedField(p, offset, op.bits);
}

function bitfieldGeneric(c: CommandContext, argv: string[], readOnlyCommand: boolean): void {
  const key = argv[1];
  const ops = parseFieldOps(c, argv);
  if (ops === null) return;
  let highest = -1;
  for (const op of ops) if (op.write && op.offset + op.bits - 1 > highest) highest = op.offset + op.bits - 1;

  let value: StringValue | undefined;
  let grown = false;
  if (highest < 0) {
    const v = c.db.lookupRead(key);
    if (v !== undefined && !isString(v)) {
      c.addError(WRONGTYPE);
      return;
    }
    value = v;
  } else {
    if (readOnlyCommand) {
      c.addError('ERR BITFIELD_RO only supports the GET subcommand');
      return;
    }
    const target = stringForBitsOrReply(c, key, highest);
    if (target === null) return;
    value = target.raw;
    grown = target.grown;
  }

  c.addArrayLen(ops.length);
  let changes = 0;
  for (const op of ops) {
    if (!op.write) {
      c.addInt(readField(value, op));
      continue;
    }
    const r = applyFieldWrite((value as RawString).buf, op);
    if (r.reply === null) {
      c.addNull(); // OVERFLOW FAIL: nothing written
      continue;
    }
    c.addInt(r.reply);
    if (grown || r.changed) changes++;
  }
  if (changes > 0) {
    c.server.signalModifiedKey(c.db, key);
    c.server.notifyKeyspaceEvent('$', 'setbit', key, c.db.id);
    c.server.dirty += changes;
  }
}

// --- command table -------------------------------------------------------------------

const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const ONE_KEY = { first: 1, last: 1, step: 1 } as const;
const UNIT: ArgDoc = {
  name: 'index_unit',
  type: 'oneof',
  since: '7.0.0',
  optional: true,
  arguments: [
    { name: 'byte', type: 'pure-token', token: 'BYTE' },
    { name: 'bit', type: 'pure-token', token: 'BIT' },
  ],
};
const UNIT_HISTORY: readonly (readonly [string, string])[] = [['7.0.0', 'Added the `BYTE|BIT` option.']];
const ENCODING_OFFSET: readonly ArgDoc[] = [
  { name: 'encoding', type: 'string' },
  { name: 'offset', type: 'integer' },
];

/** A bitmap-group spec with the ACL category every bitmap command has. */
function bitmap(spec: Omit<CommandSpec, 'group' | 'acl'>): CommandSpec {
  return { ...spec, group: 'bitmap', acl: ['bitmap'] };
}

export const bitmapCommands: CommandSpec[] = [
  bitmap({
    name: 'setbit',
    arity: 4,
    flags: ['write', 'denyoom'],
    keys: ONE_KEY,
    since: '2.2.0',
    summary: 'Set or clear one bit of the string at a key, returning its previous value',
    complexity: 'O(1)',
    args: [KEY, { name: 'offset', type: 'integer' }, { name: 'value', type: 'integer' }],
    handler: setbit,
  }),
  bitmap({
    name: 'getbit',
    arity: 3,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    since: '2.2.0',
    summary: 'Return one bit of the string at a key',
    complexity: 'O(1)',
    args: [KEY, { name: 'offset', type: 'integer' }],
    handler: getbit,
  }),
  bitmap({
    name: 'bitcount',
    arity: -2,
    flags: ['readonly'],
    keys: ONE_KEY,
    since: '2.6.0',
    summary: 'Count the bits set to 1 in a string, optionally within a byte or bit range',
    complexity: 'O(N)',
    history: UNIT_HISTORY,
    args: [
      KEY,
      {
        name: 'index',
        type: 'block',
        optional: true,
        arguments: [{ name: 'start', type: 'integer' }, { name: 'end', type: 'integer' }, UNIT],
      },
    ],
    handler: bitcount,
  }),
  bitmap({
    name: 'bitpos',
    arity: -3,
    flags: ['readonly'],
    keys: ONE_KEY,
    since: '2.8.7',
    summary: 'Find the position of the first bit set to 1 or 0 in a string',
    complexity: 'O(N)',
    history: UNIT_HISTORY,
    args: [
      KEY,
      { name: 'bit', type: 'integer' },
      {
        name: 'index',
        type: 'block',
        optional: true,
        arguments: [
          { name: 'start', type: 'integer' },
          {
            name: 'end_index',
            type: 'block',
            optional: true,
            arguments: [{ name: 'end', type: 'integer' }, UNIT],
          },
        ],
      },
    ],
    handler: bitposCommand,
  }),
  bitmap({
    name: 'bitop',
    arity: -4,
    flags: ['write', 'denyoom'],
    keys: { first: 2, last: -1, step: 1 },
    keySpecs: [
      { flags: ['OW', 'update'], beginSearch: { index: 2 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } },
      { flags: ['RO', 'access'], beginSearch: { index: 3 }, findKeys: { lastKey: -1, keyStep: 1, limit: 0 } },
    ],
    since: '2.6.0',
    summary: 'Combine strings bit by bit (AND, OR, XOR, NOT) into a destination key',
    complexity: 'O(N)',
    args: [
      { name: 'operation', type: 'string' },
      { name: 'destkey', type: 'key', keySpecIndex: 0 },
      { name: 'key', type: 'key', keySpecIndex: 1, multiple: true },
    ],
    handler: bitopCommand,
  }),
  bitmap({
    name: 'bitfield',
    arity: -2,
    flags: ['write', 'denyoom'],
    keys: ONE_KEY,
    keySpecs: [
      {
        notes: 'This command allows both access and modification of the key',
        flags: ['RW', 'access', 'update', 'variable_flags'],
        beginSearch: { index: 1 },
        findKeys: { lastKey: 0, keyStep: 1, limit: 0 },
      },
    ],
    since: '3.2.0',
    summary: 'Read, write and increment integer fields of any width at any bit offset of a string',
    complexity: 'O(1) for each subcommand specified',
    args: [
      KEY,
      {
        name: 'operation',
        type: 'oneof',
        optional: true,
        multiple: true,
        arguments: [
          { name: 'encoding_offset', type: 'block', token: 'GET', arguments: ENCODING_OFFSET },
          {
            name: 'write',
            type: 'block',
            arguments: [
              {
                name: 'wrap_sat_fail',
                type: 'oneof',
                token: 'OVERFLOW',
                optional: true,
                arguments: [
                  { name: 'wrap', type: 'pure-token', token: 'WRAP' },
                  { name: 'sat', type: 'pure-token', token: 'SAT' },
                  { name: 'fail', type: 'pure-token', token: 'FAIL' },
                ],
              },
              {
                name: 'write_operation',
                type: 'oneof',
                arguments: [
                  {
                    name: 'encoding_offset_value',
                    type: 'block',
                    token: 'SET',
                    arguments: [...ENCODING_OFFSET, { name: 'value', type: 'integer' }],
                  },
                  {
                    name: 'encoding_offset_increment',
                    type: 'block',
                    token: 'INCRBY',
                    arguments: [...ENCODING_OFFSET, { name: 'increment', type: 'integer' }],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
    handler: (c, argv) => bitfieldGeneric(c, argv, false),
  }),
  bitmap({
    name: 'bitfield_ro',
    arity: -2,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    since: '6.0.0',
    summary: 'Read integer fields of a string (the read-only form of BITFIELD)',
    complexity: 'O(1) for each subcommand specified',
    args: [
      KEY,
      {
        name: 'encoding_offset',
        type: 'block',
        token: 'GET',
        optional: true,
        multiple: true,
        multipleToken: true,
        arguments: ENCODING_OFFSET,
      },
    ],
    handler: (c, argv) => bitfieldGeneric(c, argv, true),
  }),
];
