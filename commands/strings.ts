/**
 * The string family (Redis's t_string.c): GET/SET and their variants, the
 * INCR family, APPEND, GETRANGE/SETRANGE, MGET/MSET and LCS.
 *
 * Conventions that matter for byte-compatibility:
 *  - A value SET stores is the argument string itself (no copy); Redis's
 *    encoding (int/embstr/raw) is derived from it. Commands that edit a
 *    value in place (APPEND, SETRANGE) turn it into a RawString first,
 *    which is what Redis's dbUnshareStringValue does: "raw" from then on.
 *  - Option words are compared as Redis compares them (strcasecmp on the
 *    argument's C string), so "nx\0junk" is NX.
 *  - Errors come in Redis's order: option syntax, then expire values, then
 *    the key's type, except where Redis looks the key up first.
 *  - Writes bump server.dirty, fire Redis's keyspace events and, where
 *    Redis propagates another form (SET EX → SET PXAT, GETEX → PEXPIREAT,
 *    INCRBYFLOAT → SET KEEPTTL, GETDEL → DEL), rewrite the propagation.
 */
import { isWord } from './help.js';
import type { ArgDoc, CommandContext, CommandSpec } from './types.js';
import { INVALID_EXPIRE, NOT_INTEGER, OVERFLOW, SYNTAX, WRONGTYPE, WRONG_ARITY } from './errors.js';
import { RawString, isCanonicalInt64, isString, stringOf, type StringValue } from '../datatypes/values.js';
import { INT64_MAX, INT64_MIN, incrByFloat, parseInt64, parseSafeInt } from '../datatypes/numbers.js';
import { lcs, lcsTableBytes } from '../datatypes/lcs.js';

const STRING_TOO_BIG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';

// --- helpers shared with the bitmap family -------------------------------

/**
 * A long long argument (string2ll rules): a number when it is exact in a
 * double, a bigint otherwise, or null after replying `error`. Numbers and
 * bigints compare exactly with each other, so callers can test ranges
 * before converting.
 */
export function llArgOrReply(c: CommandContext, s: string, error = NOT_INTEGER): number | bigint | null {
  const n = parseSafeInt(s);
  if (n !== null) return n;
  const b = parseInt64(s);
  if (b === null) c.addError(error);
  return b;
}

/**
 * Redis's checkStringLength: would a string of `size + append` bytes exceed
 * proto-max-bulk-len? Replies the error and returns false if so.
 */
export function checkStringLengthOrReply(c: CommandContext, size: number, append: number): boolean {
  if (size + append > c.server.config.getNumber('proto-max-bulk-len')) {
    c.addError(STRING_TOO_BIG);
    return false;
  }
  return true;
}

/**
 * Redis's dbUnshareStringValue: the key's value as a RawString that may be
 * edited in place. A plain string is copied into one (with room for
 * `extra` more bytes) and stored back, keeping the TTL.
 */
export function unshareString(c: CommandContext, key: string, v: StringValue, extra = 0): RawString {
  if (typeof v !== 'string') return v;
  const raw = new RawString(v, v.length + extra);
  c.db.overwrite(key, raw);
  return raw;
}

function notifyString(c: CommandContext, event: string, key: string): void {
  c.server.notifyKeyspaceEvent('$', event, key, c.db.id);
}

function notifyGeneric(c: CommandContext, event: string, key: string): void {
  c.server.notifyKeyspaceEvent('g', event, key, c.db.id);
}

// --- GET / SET -----------------------------------------------------------

/** Redis's getGenericCommand: replies the value or null; false after a WRONGTYPE. */
function getGeneric(c: CommandContext, key: string): boolean {
  const v = c.db.lookupRead(key);
  if (v === undefined) {
    c.addNull();
    return true;
  }
  if (typeof v === 'string') {
    c.addBulk(v);
    return true;
  }
  if (!isString(v)) {
    c.addError(WRONGTYPE);
    return false;
  }
  c.addValue(v);
  return true;
}

// Option flags of SET and GETEX (Redis's OBJ_* flags).
const NX = 1;
const XX = 2;
const EX = 4;
const PX = 8;
const KEEPTTL = 16;
const GET = 32;
const EXAT = 64;
const PXAT = 128;
const PERSIST = 256;

interface ExtendedArgs {
  flags: number;
  /** The EX/PX/EXAT/PXAT argument, if any. */
  expire: string | null;
}

/**
 * Redis's parseExtendedStringArgumentsOrReply: SET's options (from argv[3])
 * or GETEX's (from argv[2]). An option that conflicts with one already
 * seen, or a time option without its value, is a syntax error.
 */
function parseExtendedArgs(c: CommandContext, argv: string[], forSet: boolean): ExtendedArgs | null {
  let flags = 0;
  let expire: string | null = null;
  for (let j = forSet ? 3 : 2; j < argv.length; j++) {
    const opt = argv[j];
    const hasNext = j < argv.length - 1;
    if (forSet && !(flags & XX) && isWord(opt, 'nx')) {
      flags |= NX;
    } else if (forSet && !(flags & NX) && isWord(opt, 'xx')) {
      flags |= XX;
    } else if (forSet && isWord(opt, 'get')) {
      flags |= GET;
    } else if (forSet && !(flags & (PERSIST | EX | EXAT | PX | PXAT)) && isWord(opt, 'keepttl')) {
      flags |= KEEPTTL;
    } else if (!forSet && !(flags & (EX | EXAT | PX | PXAT | KEEPTTL)) && isWord(opt, 'persist')) {
      flags |= PERSIST;
    } else if (hasNext && !(flags & (KEEPTTL | PERSIST | EXAT | PX | PXAT)) && isWord(opt, 'ex')) {
      flags |= EX;
      expire = argv[++j];
    } else if (hasNext && !(flags & (KEEPTTL | PERSIST | EX | EXAT | PXAT)) && isWord(opt, 'px')) {
      flags |= PX;
      expire = argv[++j];
    } else if (hasNext && !(flags & (KEEPTTL | PERSIST | EX | PX | PXAT)) && isWord(opt, 'exat')) {
      flags |= EXAT;
      expire = argv[++j];
    } else if (hasNext && !(flags & (KEEPTTL | PERSIST | EX | EXAT | PX)) && isWord(opt, 'pxat')) {
      flags |= PXAT;
      expire = argv[++j];
    } else {
      c.addError(SYNTAX);
      return null;
    }
  }
  return { flags, expire };
}

/** An absolute expire time: the value and its decimal text for propagation. */
interface ExpireAt {
  ms: number;
  text: string;
}

/** Seconds below this make `s * 1000 + now` exact in a double. */
const FAST_EXPIRE_LIMIT = 1e12;

/**
 * Redis's getExpireMillisecondsOrReply: the EX/PX/EXAT/PXAT argument as an
 * absolute unix time in ms, or null after replying. Non-positive values
 * and values whose conversion overflows int64 are "invalid expire time".
 */
function expireAtOrReply(c: CommandContext, arg: string, flags: number, cmd: string): ExpireAt | null {
  const seconds = (flags & (EX | EXAT)) !== 0;
  const relative = (flags & (EX | PX)) !== 0;
  const n = parseSafeInt(arg);
  if (n !== null && n > 0 && n < FAST_EXPIRE_LIMIT) {
    let ms = seconds ? n * 1000 : n;
    if (relative) ms += c.server.clock.now();
    return { ms, text: String(ms) };
  }
  const v = n !== null ? BigInt(n) : parseInt64(arg);
  if (v === null) {
    c.addError(NOT_INTEGER);
    return null;
  }
  if (v <= 0n || (seconds && v > INT64_MAX / 1000n)) {
    c.addError(INVALID_EXPIRE(cmd));
    return null;
  }
  let ms = seconds ? v * 1000n : v;
  if (relative) ms += BigInt(c.server.clock.now());
  if (ms > INT64_MAX) {
    // In C the addition wraps negative, which Redis reports the same way.
    c.addError(INVALID_EXPIRE(cmd));
    return null;
  }
  return { ms: Number(ms), text: ms.toString() };
}

/**
 * Redis's setGenericCommand, behind SET, SETNX, SETEX and PSETEX. `ok`
 * and `abort` select the replies (SETNX answers 1/0 instead of OK/nil).
 */
function setGeneric(
  c: CommandContext,
  argv: string[],
  flags: number,
  key: string,
  val: string,
  expire: string | null,
  cmd: string,
  intReplies = false,
): void {
  let at: ExpireAt | null = null;
  if (expire !== null) {
    at = expireAtOrReply(c, expire, flags, cmd);
    if (at === null) return;
  }
  if (flags & GET && !getGeneric(c, key)) return;
  // Looked up even without NX/XX: an expired key is reclaimed (and counted) first.
  const found = c.db.lookupWrite(key) !== undefined;
  if ((flags & NX && found) || (flags & XX && !found)) {
    if (!(flags & GET)) {
      if (intReplies) c.addInt(0);
      else c.addNull();
    }
    return;
  }
  c.db.setKey(key, val, (flags & KEEPTTL) !== 0);
  c.server.dirty++;
  notifyString(c, 'set', key);
  if (at !== null) {
    c.db.setExpire(key, at.ms);
    // Relative or absolute, replicas and the AOF get the absolute time.
    c.rewritePropagation(['SET', key, val, 'PXAT', at.text]);
    notifyGeneric(c, 'expire', key);
  }
  if (!(flags & GET)) {
    if (intReplies) c.addInt(1);
    else c.addOk();
  } else if (at === null) {
    // Propagate without the GET word(s), keeping the rest as sent.
    c.rewritePropagation(argv.filter((a, j) => j < 3 || !isWord(a, 'get')));
  }
}

function set(c: CommandContext, argv: string[]): void {
  if (argv.length === 3) {
    // The common case: no options to parse.
    c.db.lookupWrite(argv[1]);
    c.db.setKey(argv[1], argv[2]);
    c.server.dirty++;
    notifyString(c, 'set', argv[1]);
    c.addOk();
    return;
  }
  const opts = parseExtendedArgs(c, argv, true);
  if (opts === null) return;
  setGeneric(c, argv, opts.flags, argv[1], argv[2], opts.expire, 'set');
}

function getex(c: CommandContext, argv: string[]): void {
  const opts = parseExtendedArgs(c, argv, false);
  if (opts === null) return;
  const key = argv[1];
  const v = c.db.lookupRead(key);
  if (v === undefined) {
    c.addNull();
    return;
  }
  if (!isString(v)) {
    c.addError(WRONGTYPE);
    return;
  }
  const { flags, expire } = opts;
  let at: ExpireAt | null = null;
  if (expire !== null) {
    at = expireAtOrReply(c, expire, flags, 'getex');
    if (at === null) return;
  }
  c.addValue(v);
  if (at !== null && flags & (EXAT | PXAT) && at.ms <= c.server.clock.now()) {
    // An absolute time already past: the key goes now.
    c.db.delete(key);
    c.rewritePropagation([c.server.config.getBool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]);
    notifyGeneric(c, 'del', key);
    c.server.dirty++;
  } else if (at !== null) {
    c.db.setExpire(key, at.ms);
    c.rewritePropagation(['PEXPIREAT', key, at.text]);
    c.server.signalModifiedKey(c.db, key);
    notifyGeneric(c, 'expire', key);
    c.server.dirty++;
  } else if (flags & PERSIST && c.db.persist(key)) {
    c.server.signalModifiedKey(c.db, key);
    c.rewritePropagation(['PERSIST', key]);
    notifyGeneric(c, 'persist', key);
    c.server.dirty++;
  }
}

function getdel(c: CommandContext, argv: string[]): void {
  const key = argv[1];
  if (!getGeneric(c, key)) return;
  if (c.db.delete(key)) {
    c.rewritePropagation([c.server.config.getBool('lazyfree-lazy-user-del') ? 'UNLINK' : 'DEL', key]);
    notifyGeneric(c, 'del', key);
    c.server.dirty++;
  }
}

function getset(c: CommandContext, argv: string[]): void {
  const key = argv[1];
  if (!getGeneric(c, key)) return;
  c.db.setKey(key, argv[2]);
  notifyString(c, 'set', key);
  c.server.dirty++;
  c.rewritePropagation(['SET', key, argv[2]]);
}

// --- MGET / MSET ---------------------------------------------------------

function mget(c: CommandContext, argv: string[]): void {
  c.addArrayLen(argv.length - 1);
  for (let j = 1; j < argv.length; j++) {
    const v = c.db.lookupRead(argv[j]);
    if (typeof v === 'string') c.addBulk(v);
    else if (v !== undefined && isString(v)) c.addValue(v);
    else c.addNull(); // missing keys and other types alike
  }
}

function msetGeneric(c: CommandContext, argv: string[], nx: boolean): void {
  if (argv.length % 2 === 0) {
    c.addError(WRONG_ARITY(nx ? 'msetnx' : 'mset'));
    return;
  }
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) {
      if (c.db.lookupWrite(argv[j]) !== undefined) {
        c.addInt(0);
        return;
      }
    }
  }
  for (let j = 1; j < argv.length; j += 2) {
    c.db.setKey(argv[j], argv[j + 1]);
    notifyString(c, 'set', argv[j]);
  }
  c.server.dirty += (argv.length - 1) / 2;
  if (nx) c.addInt(1);
  else c.addOk();
}

// --- INCR family ---------------------------------------------------------

/**
 * Redis's incrDecrCommand. Hot path: the stored value and the increment are
 * safe integers, so the sum is computed in doubles; bigints only near the
 * int64 limits.
 */
function incrDecr(c: CommandContext, key: string, incr: number | bigint): void {
  const v = c.db.lookupWrite(key);
  let cur: number | bigint = 0;
  if (v !== undefined) {
    if (!isString(v)) {
      c.addError(WRONGTYPE);
      return;
    }
    const s = typeof v === 'string' ? v : v.toString();
    const n = parseSafeInt(s);
    if (n !== null) {
      cur = n;
    } else {
      const b = parseInt64(s);
      if (b === null) {
        c.addError(NOT_INTEGER);
        return;
      }
      cur = b;
    }
  }
  let res: number | bigint;
  if (typeof cur === 'number' && typeof incr === 'number' && Number.isSafeInteger(cur + incr)) {
    res = cur + incr;
  } else {
    res = BigInt(cur) + BigInt(incr);
    if (res > INT64_MAX || res < INT64_MIN) {
      c.addError(OVERFLOW);
      return;
    }
  }
  const s = String(res);
  if (v === undefined) c.db.setKey(key, s);
  else c.db.overwrite(key, s);
  notifyString(c, 'incrby', key);
  c.server.dirty++;
  c.addInt(res);
}

function incrby(c: CommandContext, argv: string[], negate: boolean): void {
  const incr = llArgOrReply(c, argv[2]);
  if (incr === null) return;
  if (!negate) {
    incrDecr(c, argv[1], incr);
  } else if (incr === INT64_MIN) {
    c.addError('ERR decrement would overflow'); // -INT64_MIN does not exist
  } else {
    incrDecr(c, argv[1], typeof incr === 'number' ? 0 - incr : -incr);
  }
}

function incrbyfloat(c: CommandContext, argv: string[]): void {
  const key = argv[1];
  const v = c.db.lookupWrite(key);
  if (v !== undefined && !isString(v)) {
    c.addError(WRONGTYPE);
    return;
  }
  const r = incrByFloat(v === undefined ? null : stringOf(v), argv[2]);
  if (!r.ok) {
    c.addError(r.error);
    return;
  }
  // Redis stores the result unencoded (embstr/raw, never int); a plain
  // string would report "int" for integral results such as "3".
  const stored = isCanonicalInt64(r.value) ? RawString.embedded(r.value) : r.value;
  if (v === undefined) c.db.setKey(key, stored);
  else c.db.overwrite(key, stored);
  notifyString(c, 'incrbyfloat', key);
  c.server.dirty++;
  c.addBulk(r.value);
  // Replicas and the AOF get the result, so float formatting cannot drift.
  c.rewritePropagation(['SET', key, r.value, 'KEEPTTL']);
}

// --- APPEND, STRLEN, GETRANGE, SETRANGE ------------------------------------

function append(c: CommandContext, argv: string[]): void {
  const key = argv[1];
  const add = argv[2];
  const v = c.db.lookupWrite(key);
  let total: number;
  if (v === undefined) {
    c.db.setKey(key, add);
    total = add.length;
  } else {
    if (!isString(v)) {
      c.addError(WRONGTYPE);
      return;
    }
    if (!checkStringLengthOrReply(c, v.length, add.length)) return;
    const raw = unshareString(c, key, v, add.length);
    raw.append(add);
    total = raw.length;
    c.server.signalModifiedKey(c.db, key);
  }
  notifyString(c, 'append', key);
  c.server.dirty++;
  c.addInt(total);
}

function strlen(c: CommandContext, argv: string[]): void {
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) c.addInt(0);
  else if (!isString(v)) c.addError(WRONGTYPE);
  else c.addInt(v.length);
}

/** GETRANGE and SUBSTR: inclusive byte range, negative indexes from the end. */
function getrange(c: CommandContext, argv: string[]): void {
  const start = llArgOrReply(c, argv[2]);
  if (start === null) return;
  const end = llArgOrReply(c, argv[3]);
  if (end === null) return;
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) {
    c.addBulk('');
    return;
  }
  if (!isString(v)) {
    c.addError(WRONGTYPE);
    return;
  }
  if (start < 0 && end < 0 && start > end) {
    c.addBulk('');
    return;
  }
  const len = v.length;
  // Beyond 2^53 the conversion rounds, but such values clamp to 0 or len-1 anyway.
  let s = Number(start);
  let e = Number(end);
  if (s < 0) s += len;
  if (e < 0) e += len;
  if (s < 0) s = 0;
  if (e < 0) e = 0;
  if (e >= len) e = len - 1;
  if (s > e || len === 0) {
    c.addBulk('');
    return;
  }
  c.addBulk(typeof v === 'string' ? v.slice(s, e + 1) : v.buf.toString('latin1', s, e + 1));
}

function setrange(c: CommandContext, argv: string[]): void {
  const key = argv[1];
  const value = argv[3];
  const off = llArgOrReply(c, argv[2]);
  if (off === null) return;
  if (off < 0) {
    c.addError('ERR offset is out of range');
    return;
  }
  const offset = Number(off);
  const v = c.db.lookupWrite(key);
  let raw: RawString;
  if (v === undefined) {
    // Setting nothing on a missing key creates nothing.
    if (value.length === 0) {
      c.addInt(0);
      return;
    }
    if (!checkStringLengthOrReply(c, offset, value.length)) return;
    raw = new RawString('', offset + value.length);
    c.db.setKey(key, raw);
  } else {
    if (!isString(v)) {
      c.addError(WRONGTYPE);
      return;
    }
    if (value.length === 0) {
      c.addInt(v.length);
      return;
    }
    if (!checkStringLengthOrReply(c, offset, value.length)) return;
    raw = unshareString(c, key, v);
  }
  raw.writeAt(offset, value);
  c.server.signalModifiedKey(c.db, key);
  notifyString(c, 'setrange', key);
  c.server.dirty++;
  c.addInt(raw.length);
}

// --- LCS -------------------------------------------------------------------

/** Redis refuses strings whose length would not fit its uint32 table indexes. */
const LCS_MAX_LEN = 0xffffffff - 1;

function lcsCommand(c: CommandContext, argv: string[]): void {
  const oa = c.db.lookupRead(argv[1]);
  const ob = c.db.lookupRead(argv[2]);
  if ((oa !== undefined && !isString(oa)) || (ob !== undefined && !isString(ob))) {
    c.addError('ERR The specified keys must contain string values');
    return;
  }
  let getLen = false;
  let getIdx = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j];
    const moreArgs = argv.length - 1 - j;
    if (isWord(opt, 'idx')) {
      getIdx = true;
    } else if (isWord(opt, 'len')) {
      getLen = true;
    } else if (isWord(opt, 'withmatchlen')) {
      withMatchLen = true;
    } else if (moreArgs > 0 && isWord(opt, 'minmatchlen')) {
      const n = llArgOrReply(c, argv[j + 1]);
      if (n === null) return;
      minMatchLen = n < 0 ? 0 : Number(n);
      j++;
    } else {
      c.addError(SYNTAX);
      return;
    }
  }
  if (getLen && getIdx) {
    c.addError('ERR If you want both the length and indexes, please just use IDX.');
    return;
  }
  const a = oa === undefined ? '' : stringOf(oa as StringValue);
  const b = ob === undefined ? '' : stringOf(ob as StringValue);
  if (a.length >= LCS_MAX_LEN || b.length >= LCS_MAX_LEN) {
    c.addError('ERR String too long for LCS');
    return;
  }
  if (lcsTableBytes(a.length, b.length) > c.server.config.getNumber('proto-max-bulk-len')) {
    c.addError('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
    return;
  }
  let r;
  try {
    r = lcs(a, b, { wantString: !getLen, wantMatches: getIdx, minMatchLen });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    c.addError('ERR Insufficient memory, failed allocating transient memory for LCS');
    return;
  }
  if (getIdx) {
    c.addMapLen(2);
    c.addBulk('matches');
    c.addArrayLen(r.matches.length);
    for (const m of r.matches) {
      c.addArrayLen(withMatchLen ? 3 : 2);
      c.addArrayLen(2);
      c.addInt(m.a[0]);
      c.addInt(m.a[1]);
      c.addArrayLen(2);
      c.addInt(m.b[0]);
      c.addInt(m.b[1]);
      if (withMatchLen) c.addInt(m.len);
    }
    c.addBulk('len');
    c.addInt(r.len);
  } else if (getLen) {
    c.addInt(r.len);
  } else {
    c.addBulk(r.str);
  }
}

// --- command table ---------------------------------------------------------

const KEY: ArgDoc = { name: 'key', type: 'key', keySpecIndex: 0 };
const ONE_KEY = { first: 1, last: 1, step: 1 } as const;
const VALUE: ArgDoc = { name: 'value', type: 'string' };

const RANGE_COMPLEXITY =
  'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, ' +
  'but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.';

const RANGE_ARGS: readonly ArgDoc[] = [KEY, { name: 'start', type: 'integer' }, { name: 'end', type: 'integer' }];

const KEY_VALUE_PAIRS: readonly ArgDoc[] = [
  { name: 'key_value', type: 'block', multiple: true, arguments: [KEY, VALUE] },
];

/** A string-group spec with the ACL category every string command has. */
function str(spec: Omit<CommandSpec, 'group' | 'acl'>): CommandSpec {
  return { ...spec, group: 'string', acl: ['string'] };
}

export const stringCommands: CommandSpec[] = [
  str({
    name: 'get',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    since: '1.0.0',
    summary: 'Return the string stored at a key',
    complexity: 'O(1)',
    args: [KEY],
    handler: (c, argv) => {
      getGeneric(c, argv[1]);
    },
  }),
  str({
    name: 'set',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: ONE_KEY,
    keySpecs: [
      {
        notes: 'RW and ACCESS due to the optional `GET` argument',
        flags: ['RW', 'access', 'update', 'variable_flags'],
        beginSearch: { index: 1 },
        findKeys: { lastKey: 0, keyStep: 1, limit: 0 },
      },
    ],
    since: '1.0.0',
    summary: 'Store a string at a key, with optional conditions and expiration',
    complexity: 'O(1)',
    history: [
      ['2.6.12', 'Added the `EX`, `PX`, `NX` and `XX` options.'],
      ['6.0.0', 'Added the `KEEPTTL` option.'],
      ['6.2.0', 'Added the `GET`, `EXAT` and `PXAT` option.'],
      ['7.0.0', 'Allowed the `NX` and `GET` options to be used together.'],
    ],
    args: [
      KEY,
      VALUE,
      {
        name: 'condition',
        type: 'oneof',
        since: '2.6.12',
        optional: true,
        arguments: [
          { name: 'nx', type: 'pure-token', token: 'NX' },
          { name: 'xx', type: 'pure-token', token: 'XX' },
        ],
      },
      { name: 'get', type: 'pure-token', token: 'GET', since: '6.2.0', optional: true },
      {
        name: 'expiration',
        type: 'oneof',
        optional: true,
        arguments: [
          { name: 'seconds', type: 'integer', token: 'EX', since: '2.6.12' },
          { name: 'milliseconds', type: 'integer', token: 'PX', since: '2.6.12' },
          { name: 'unix-time-seconds', type: 'unix-time', token: 'EXAT', since: '6.2.0' },
          { name: 'unix-time-milliseconds', type: 'unix-time', token: 'PXAT', since: '6.2.0' },
          { name: 'keepttl', type: 'pure-token', token: 'KEEPTTL', since: '6.0.0' },
        ],
      },
    ],
    handler: set,
  }),
  str({
    name: 'setnx',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['OW', 'insert'],
    since: '1.0.0',
    summary: 'Store a string at a key unless the key already exists',
    complexity: 'O(1)',
    args: [KEY, VALUE],
    handler: (c, argv) => setGeneric(c, argv, NX, argv[1], argv[2], null, 'setnx', true),
  }),
  str({
    name: 'setex',
    arity: 4,
    flags: ['write', 'denyoom'],
    keys: ONE_KEY,
    keyFlags: ['OW', 'update'],
    since: '2.0.0',
    summary: 'Store a string at a key with a time to live in seconds',
    complexity: 'O(1)',
    args: [KEY, { name: 'seconds', type: 'integer' }, VALUE],
    handler: (c, argv) => setGeneric(c, argv, EX, argv[1], argv[3], argv[2], 'setex'),
  }),
  str({
    name: 'psetex',
    arity: 4,
    flags: ['write', 'denyoom'],
    keys: ONE_KEY,
    keyFlags: ['OW', 'update'],
    since: '2.6.0',
    summary: 'Store a string at a key with a time to live in milliseconds',
    complexity: 'O(1)',
    args: [KEY, { name: 'milliseconds', type: 'integer' }, VALUE],
    handler: (c, argv) => setGeneric(c, argv, PX, argv[1], argv[3], argv[2], 'psetex'),
  }),
  str({
    name: 'mget',
    arity: -2,
    flags: ['readonly', 'fast'],
    keys: { first: 1, last: -1, step: 1 },
    since: '1.0.0',
    summary: 'Return the strings stored at several keys',
    complexity: 'O(N) where N is the number of keys to retrieve.',
    tips: ['request_policy:multi_shard'],
    args: [{ ...KEY, multiple: true }],
    handler: mget,
  }),
  str({
    name: 'mset',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: { first: 1, last: -1, step: 2 },
    keyFlags: ['OW', 'update'],
    since: '1.0.1',
    summary: 'Store strings at several keys at once',
    complexity: 'O(N) where N is the number of keys to set.',
    tips: ['request_policy:multi_shard', 'response_policy:all_succeeded'],
    args: KEY_VALUE_PAIRS,
    handler: (c, argv) => msetGeneric(c, argv, false),
  }),
  str({
    name: 'msetnx',
    arity: -3,
    flags: ['write', 'denyoom'],
    keys: { first: 1, last: -1, step: 2 },
    keyFlags: ['OW', 'insert'],
    since: '1.0.1',
    summary: 'Store strings at several keys, only when none of them exists',
    complexity: 'O(N) where N is the number of keys to set.',
    tips: ['request_policy:multi_shard', 'response_policy:agg_min'],
    args: KEY_VALUE_PAIRS,
    handler: (c, argv) => msetGeneric(c, argv, true),
  }),
  str({
    name: 'getset',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    since: '1.0.0',
    summary: 'Store a string at a key and return the previous one',
    complexity: 'O(1)',
    docFlags: ['deprecated'],
    deprecatedSince: '6.2.0',
    replacedBy: '`SET` with the `!GET` argument',
    args: [KEY, VALUE],
    handler: getset,
  }),
  str({
    name: 'getdel',
    arity: 2,
    flags: ['write', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'access', 'delete'],
    since: '6.2.0',
    summary: 'Return the string stored at a key and delete the key',
    complexity: 'O(1)',
    args: [KEY],
    handler: getdel,
  }),
  str({
    name: 'getex',
    arity: -2,
    flags: ['write', 'fast'],
    keys: ONE_KEY,
    keySpecs: [
      {
        notes: 'RW and UPDATE because it changes the TTL',
        flags: ['RW', 'access', 'update'],
        beginSearch: { index: 1 },
        findKeys: { lastKey: 0, keyStep: 1, limit: 0 },
      },
    ],
    since: '6.2.0',
    summary: 'Return the string stored at a key, optionally changing its expiration',
    complexity: 'O(1)',
    args: [
      KEY,
      {
        name: 'expiration',
        type: 'oneof',
        optional: true,
        arguments: [
          { name: 'seconds', type: 'integer', token: 'EX' },
          { name: 'milliseconds', type: 'integer', token: 'PX' },
          { name: 'unix-time-seconds', type: 'unix-time', token: 'EXAT' },
          { name: 'unix-time-milliseconds', type: 'unix-time', token: 'PXAT' },
          { name: 'persist', type: 'pure-token', token: 'PERSIST' },
        ],
      },
    ],
    handler: getex,
  }),
  str({
    name: 'append',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'insert'],
    since: '2.0.0',
    summary: 'Add bytes to the end of the string at a key, creating it if needed',
    complexity:
      'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, ' +
      'since the dynamic string library used by Redis will double the free space available on every reallocation.',
    args: [KEY, VALUE],
    handler: append,
  }),
  str({
    name: 'strlen',
    arity: 2,
    flags: ['readonly', 'fast'],
    keys: ONE_KEY,
    keyFlags: ['RO'],
    since: '2.2.0',
    summary: 'Return the length in bytes of the string at a key',
    complexity: 'O(1)',
    args: [KEY],
    handler: strlen,
  }),
  str({
    name: 'incr',
    arity: 2,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    since: '1.0.0',
    summary: 'Add one to the integer stored at a key',
    complexity: 'O(1)',
    args: [KEY],
    handler: (c, argv) => incrDecr(c, argv[1], 1),
  }),
  str({
    name: 'decr',
    arity: 2,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    since: '1.0.0',
    summary: 'Subtract one from the integer stored at a key',
    complexity: 'O(1)',
    args: [KEY],
    handler: (c, argv) => incrDecr(c, argv[1], -1),
  }),
  str({
    name: 'incrby',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    since: '1.0.0',
    summary: 'Add an integer amount to the integer stored at a key',
    complexity: 'O(1)',
    args: [KEY, { name: 'increment', type: 'integer' }],
    handler: (c, argv) => incrby(c, argv, false),
  }),
  str({
    name: 'decrby',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    since: '1.0.0',
    summary: 'Subtract an integer amount from the integer stored at a key',
    complexity: 'O(1)',
    args: [KEY, { name: 'decrement', type: 'integer' }],
    handler: (c, argv) => incrby(c, argv, true),
  }),
  str({
    name: 'incrbyfloat',
    arity: 3,
    flags: ['write', 'denyoom', 'fast'],
    keys: ONE_KEY,
    since: '2.6.0',
    summary: 'Add a floating point amount to the number stored at a key',
    complexity: 'O(1)',
    args: [KEY, { name: 'increment', type: 'double' }],
    handler: incrbyfloat,
  }),
  str({
    name: 'getrange',
    arity: 4,
    flags: ['readonly'],
    keys: ONE_KEY,
    since: '2.4.0',
    summary: 'Return a byte range of the string at a key',
    complexity: RANGE_COMPLEXITY,
    args: RANGE_ARGS,
    handler: getrange,
  }),
  str({
    name: 'substr',
    arity: 4,
    flags: ['readonly'],
    keys: ONE_KEY,
    since: '1.0.0',
    summary: 'Return a byte range of the string at a key (old name of GETRANGE)',
    complexity: RANGE_COMPLEXITY,
    docFlags: ['deprecated'],
    deprecatedSince: '2.0.0',
    replacedBy: '`GETRANGE`',
    args: RANGE_ARGS,
    handler: getrange,
  }),
  str({
    name: 'setrange',
    arity: 4,
    flags: ['write', 'denyoom'],
    keys: ONE_KEY,
    keyFlags: ['RW', 'update'],
    since: '2.2.0',
    summary: 'Write bytes into the string at a key from an offset, zero-padding as needed',
    complexity:
      'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). ' +
      'Otherwise, complexity is O(M) with M being the length of the value argument.',
    args: [KEY, { name: 'offset', type: 'integer' }, VALUE],
    handler: setrange,
  }),
  str({
    name: 'lcs',
    arity: -3,
    flags: ['readonly'],
    keys: { first: 1, last: 2, step: 1 },
    since: '7.0.0',
    summary: 'Find the longest common subsequence of the strings at two keys',
    complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively',
    args: [
      { name: 'key1', type: 'key', keySpecIndex: 0 },
      { name: 'key2', type: 'key', keySpecIndex: 0 },
      { name: 'len', type: 'pure-token', token: 'LEN', optional: true },
      { name: 'idx', type: 'pure-token', token: 'IDX', optional: true },
      { name: 'len', type: 'integer', token: 'MINMATCHLEN', optional: true },
      { name: 'withmatchlen', type: 'pure-token', token: 'WITHMATCHLEN', optional: true },
    ],
    handler: lcsCommand,
  }),
];
