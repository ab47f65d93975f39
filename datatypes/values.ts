/**
 * The values a key can hold, and the string representation tredis uses.
 *
 * Redis keys and values are byte strings. tredis keeps them as JavaScript
 * "latin1" strings: every char code is one byte (0..255). V8 stores such
 * strings one byte per char, hashes them quickly for `Map`, and the socket
 * layer converts them to bytes without an encoding step. An argument read
 * from the network arrives as one such string, and a plain SET stores it
 * as-is: no copy, no wrapper object.
 *
 * A string value that commands mutate in place (APPEND, SETRANGE, SETBIT)
 * becomes a `RawString`: a growable byte buffer, so that SETBIT is O(1) as
 * in Redis instead of copying the whole string. It is what Redis reports as
 * the "raw" encoding.
 *
 * Collections (hash, list, set, zset, stream) are objects that carry their
 * Redis type name in `type`.
 */

export type RedisType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream';

/** Base of every non-string value (collections arrive with later issues). */
export interface CollectionValue {
  readonly type: Exclude<RedisType, 'string'>;
  /** OBJECT ENCODING name, e.g. "listpack", "hashtable". */
  encoding(): string;
  /** Estimated bytes held, for used_memory and MEMORY USAGE. */
  memoryUsage(): number;
  /** An independent deep copy (COPY). */
  clone(): CollectionValue;
}

export type StringValue = string | RawString;
export type Value = StringValue | CollectionValue;

/** A mutable byte string with spare capacity, like an sds with free space. */
export class RawString {
  buf: Buffer;
  length: number;
  /**
   * Reported as "embstr" rather than "raw": Redis stores some results
   * unencoded (INCRBYFLOAT's "3" is an embstr, never an int), which a plain
   * string could not express. Any in-place edit makes it raw again.
   */
  embstr = false;

  constructor(initial: string, capacity = initial.length) {
    this.buf = Buffer.allocUnsafe(Math.max(capacity, initial.length, 16));
    this.length = this.buf.write(initial, 0, 'latin1');
  }

  /** A short value that must report "embstr" whatever its content. */
  static embedded(s: string): RawString {
    const r = new RawString(s);
    r.embstr = true;
    return r;
  }

  /** A byte buffer taken over as content (bit operations build their result this way). */
  static fromBuffer(buf: Buffer): RawString {
    const r = new RawString('', 0);
    r.buf = buf;
    r.length = buf.length;
    return r;
  }

  /** An independent copy with the same bytes and encoding (COPY). */
  clone(): RawString {
    const r = new RawString('', this.length);
    this.buf.copy(r.buf, 0, 0, this.length);
    r.length = this.length;
    r.embstr = this.embstr;
    return r;
  }

  toString(): string {
    return this.buf.toString('latin1', 0, this.length);
  }

  /** Make room for `size` bytes, zero-filling any new bytes up to `size`. */
  ensureLength(size: number): void {
    this.embstr = false;
    if (size > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(size, this.buf.length * 2));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
    if (size > this.length) {
      this.buf.fill(0, this.length, size);
      this.length = size;
    }
  }

  append(s: string): void {
    const at = this.length;
    this.ensureLength(at + s.length);
    this.buf.write(s, at, 'latin1');
  }

  writeAt(offset: number, s: string): void {
    this.ensureLength(offset + s.length);
    this.buf.write(s, offset, 'latin1');
  }
}

export function isString(v: Value): v is StringValue {
  return typeof v === 'string' || v instanceof RawString;
}

export function typeOf(v: Value): RedisType {
  return typeof v === 'string' || v instanceof RawString ? 'string' : v.type;
}

/** The bytes of a string value as a latin1 string. */
export function stringOf(v: StringValue): string {
  return typeof v === 'string' ? v : v.toString();
}

/** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
const EMBSTR_LIMIT = 44;

/**
 * OBJECT ENCODING of a string value. Redis decides it when the value is
 * stored (tryObjectEncoding): a canonical int64 of at most 20 chars is
 * "int", a short string "embstr", anything else "raw". Values mutated in
 * place are always "raw".
 */
export function stringEncoding(v: StringValue): 'int' | 'embstr' | 'raw' {
  if (typeof v !== 'string') return v.embstr ? 'embstr' : 'raw';
  if (v.length <= 20 && isCanonicalInt64(v)) return 'int';
  return v.length <= EMBSTR_LIMIT ? 'embstr' : 'raw';
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** True when `s` is exactly how Redis prints some int64 (string2ll + ll2string round trip). */
export function isCanonicalInt64(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let i = s.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  if (i === n) return false;
  if (s.charCodeAt(i) === 48 /* 0 */) return n === 1; // "0" only; no "-0", no "01"
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  if (n < 19) return true;
  const big = BigInt(s);
  return big <= INT64_MAX && big >= INT64_MIN;
}
