/**
 * The request parser: socket chunks in, argv arrays (latin1 strings) out.
 *
 * This is the server's hot path, and it reproduces Redis 7.0's request
 * framing byte for byte (networking.c processInlineBuffer /
 * processMultibulkBuffer, sds.c sdssplitargs, util.c string2ll), including
 * its quirks. docs/protocol.md explains the protocol and every quirk; the
 * short version:
 *
 * - A request starting with '*' is a multibulk (`*N\r\n` then N times
 *   `$len\r\n<len bytes>\r\n`); anything else is an inline command: one line
 *   ending in "\n" (an "\r" before it is dropped), split like a shell would.
 * - Header lines are found by searching for "\r" (inline lines for "\n"),
 *   and, as with C's strchr, a NUL byte before it hides it: the request then
 *   never completes and ends as a "too big" error once 64 KB are buffered.
 * - Redis only checks that one byte follows the "\r" of a header and that
 *   two bytes follow a bulk payload; it skips them without looking at them.
 * - `*0`, negative counts and empty inline lines are skipped silently.
 *
 * Zero-copy where it matters: a chunk that arrives while nothing is left
 * over is parsed in place (`feed` keeps a reference). Each argument costs
 * exactly one string, made with `latin1Slice` straight from the bytes. When
 * a header line straddles chunks, only the bytes up to its terminator are
 * copied into a small buffer; when a bulk payload straddles chunks, a buffer
 * of exactly its length is allocated once and the pieces are copied in.
 *
 * The parser parses lazily: `next()` decodes one command and stops, so state
 * that a command changes (AUTH flipping `authenticated`, CONFIG SET
 * proto-max-bulk-len) applies to the commands that follow it in the same
 * chunk, as in Redis.
 */
import { constants as bufferConstants } from 'node:buffer';

/**
 * A malformed request. `message` is the text Redis replies with after
 * "-ERR " (e.g. "Protocol error: invalid multibulk length"); `reason` is
 * the short text Redis puts in its verbose log line
 * ("Protocol error (invalid mbulk count) from client: ...").
 *
 * On a ProtocolError the server must do what Redis does: write
 * `-ERR ${message}\r\n` (it counts in total_error_replies and
 * errorstat_ERR), process no further input from that client, close the
 * connection once the reply is written, and, at loglevel verbose or debug,
 * log `Protocol error (${reason}) from client: ${client info}.
 * ${parser.queryBufferDump()}`.
 */
export class ProtocolError extends Error {
  readonly reason: string;
  constructor(message: string, reason: string = message) {
    super(message);
    this.name = 'ProtocolError';
    this.reason = reason;
  }
}

/**
 * Limits the server may change at run time (CONFIG SET); the parser reads
 * them at every check and never copies them.
 */
export interface ParserLimits {
  /** proto-max-bulk-len: the largest bulk argument accepted (default 512 MB). */
  maxBulkLen: number;
}

export function defaultParserLimits(): ParserLimits {
  return { maxBulkLen: DEFAULT_MAX_BULK_LEN };
}

/** Redis's default proto-max-bulk-len. */
export const DEFAULT_MAX_BULK_LEN = 512 * 1024 * 1024;
/** PROTO_INLINE_MAX_SIZE: an unterminated inline line or header may not grow past this. */
export const INLINE_MAX_SIZE = 64 * 1024;
/** The largest multibulk count Redis 7.0 accepts (INT_MAX). */
export const MAX_MULTIBULK_LEN = 2147483647;
/** Limits for clients that have not authenticated (CVE-2021-32675). */
export const UNAUTH_MAX_MULTIBULK_LEN = 10;
export const UNAUTH_MAX_BULK_LEN = 16384;
/**
 * V8 cannot make a string longer than this (2^29 - 24 on 64-bit), so a
 * bulk longer than this is refused as an invalid bulk length even when
 * proto-max-bulk-len allows it (Redis's default, 512 MB, is 24 bytes more).
 */
export const MAX_ARG_LEN: number = bufferConstants.MAX_STRING_LENGTH;
/** PROTO_DUMP_LEN: how much of the query buffer Redis logs on a protocol error. */
const PROTO_DUMP_LEN = 128;

/** Buffer.prototype.latin1Slice exists in Node but is not in @types/node. */
interface L1Buffer extends Buffer {
  latin1Slice(start: number, end: number): string;
}

const EMPTY = Buffer.alloc(0) as L1Buffer;
const CR = 13;
const LF = 10;
const STAR = 42;
const DOLLAR = 36;

const chr = String.fromCharCode;

/**
 * buf[p, p + n) as a latin1 string. Short strings (most command names, keys
 * and small values) are made with one String.fromCharCode call, which V8
 * does in JS without crossing into C++: measured ~18 ns against ~45 ns for
 * latin1Slice at up to 16 bytes; longer ones use latin1Slice (one memcpy).
 */
function latin1(b: L1Buffer, p: number, n: number): string {
  switch (n) {
    case 0:
      return '';
    case 1:
      return chr(b[p]);
    case 2:
      return chr(b[p], b[p + 1]);
    case 3:
      return chr(b[p], b[p + 1], b[p + 2]);
    case 4:
      return chr(b[p], b[p + 1], b[p + 2], b[p + 3]);
    case 5:
      return chr(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4]);
    case 6:
      return chr(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5]);
    case 7:
      return chr(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6]);
    case 8:
      return chr(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
    case 9:
      return chr(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8]);
    case 10:
      return chr(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9]);
    case 11:
      return chr(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10]);
    case 12:
      return chr(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11]);
    case 13:
      return chr(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12]);
    case 14:
      return chr(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13]);
    case 15:
      return chr(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14]);
    case 16:
      return chr(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15]);
    default:
      return b.latin1Slice(p, p + n);
  }
}

/** Returned by findLine when the terminator is there but the byte after "\r" is not yet. */
const LINE_NEED_ONE_MORE = -2;
/** Returned by findLine when no terminator is buffered (or a NUL hides it). */
const LINE_INCOMPLETE = -1;

function err(message: string, reason: string): ProtocolError {
  return new ProtocolError(message, reason);
}

/**
 * Redis's string2ll on buf[start, end): optional '-', then digits with no
 * leading zero ("0" alone is fine), fewer than 21 bytes, within a signed
 * 64-bit integer. Returns NaN when invalid. Values beyond 2^53 are returned
 * approximately; callers only compare them with limits far below that.
 */
function parseLongLong(buf: Buffer, start: number, end: number): number {
  const len = end - start;
  if (len === 0 || len >= 21) return NaN;
  let i = start;
  let d = buf[i];
  if (len === 1 && d === 48) return 0;
  const negative = d === 45;
  if (negative) {
    if (++i === end) return NaN;
    d = buf[i];
  }
  if (d < 49 || d > 57) return NaN;
  let v = d - 48;
  for (i++; i < end; i++) {
    d = buf[i];
    if (d < 48 || d > 57) return NaN;
    v = v * 10 + (d - 48);
  }
  if (end - start - (negative ? 1 : 0) >= 19) {
    // Could overflow a long long: check exactly.
    const big = BigInt(buf.toString('latin1', negative ? start + 1 : start, end));
    if (big > (negative ? 9223372036854775808n : 9223372036854775807n)) return NaN;
  }
  return negative ? -v : v;
}

/** Where quickHeader found the header's CR. */
let quickCr = 0;

/**
 * Fast path for the common header `<type byte><digits>\r<one more byte>`:
 * 1 to 15 digits without a leading zero (or just "0"), all in buf. Returns
 * the number (and sets quickCr), or -1 to use the general path (findLine +
 * parseLongLong), which handles everything else, errors included.
 */
function quickHeader(buf: Buffer, pos: number, end: number): number {
  let i = pos + 1;
  const limit = Math.min(end - 1, pos + 16);
  let d = buf[i];
  if (d === 48) {
    if (i + 2 < end && buf[i + 1] === CR) {
      quickCr = i + 1;
      return 0;
    }
    return -1;
  }
  if (!(d >= 49 && d <= 57)) return -1;
  let v = d - 48;
  for (i++; i < limit; i++) {
    d = buf[i];
    if (d >= 48 && d <= 57) v = v * 10 + (d - 48);
    else if (d === CR) {
      quickCr = i;
      return v;
    } else return -1;
  }
  return -1;
}

/** C isspace in the C locale: space, \t, \n, \v, \f, \r. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * sdssplitargs over buf[start, end) (which holds no NUL byte): blanks
 * (isspace) separate arguments; "double quotes" understand \n \r \t \b \a
 * \xHH and \<any char>; 'single quotes' only \'; a closing quote must be
 * followed by a blank or the end of the line. An unquoted argument ends only
 * at space, \t, \r or \n (not at \v or \f), and a quote inside it opens a
 * quoted section that continues the same argument. Null for unbalanced quotes.
 */
function splitInline(buf: L1Buffer, start: number, end: number): string[] | null {
  const argv: string[] = [];
  let scratch: L1Buffer | null = null;
  let w = 0;
  let p = start;
  for (;;) {
    while (p < end && isSpace(buf[p])) p++;
    if (p >= end) return argv;
    // Fast path: a token without quotes is sliced straight from the line.
    const tokStart = p;
    while (p < end) {
      const c = buf[p];
      if (c === 32 || c === LF || c === CR || c === 9 || c === 34 || c === 39) break;
      p++;
    }
    if (p >= end || (buf[p] !== 34 && buf[p] !== 39)) {
      argv.push(latin1(buf, tokStart, p - tokStart));
      if (p < end) p++; // sdssplitargs steps over the separator
      continue;
    }
    // Slow path: the token holds a quoted section; build it byte by byte.
    if (scratch === null) scratch = Buffer.allocUnsafe(end - start) as L1Buffer;
    const outStart = w;
    for (let i = tokStart; i < p; i++) scratch[w++] = buf[i];
    let inDouble = false;
    let inSingle = false;
    for (;;) {
      const c = p < end ? buf[p] : 0;
      if (inDouble) {
        if (
          c === 92 &&
          p + 3 < end &&
          buf[p + 1] === 120 &&
          hexValue(buf[p + 2]) >= 0 &&
          hexValue(buf[p + 3]) >= 0
        ) {
          scratch[w++] = hexValue(buf[p + 2]) * 16 + hexValue(buf[p + 3]);
          p += 3;
        } else if (c === 92 && p + 1 < end) {
          p++;
          const e = buf[p];
          scratch[w++] =
            e === 110 ? LF : e === 114 ? CR : e === 116 ? 9 : e === 98 ? 8 : e === 97 ? 7 : e;
        } else if (c === 34) {
          if (p + 1 < end && !isSpace(buf[p + 1])) return null;
          p++;
          break;
        } else if (p >= end) {
          return null;
        } else {
          scratch[w++] = c;
        }
      } else if (inSingle) {
        if (c === 92 && p + 1 < end && buf[p + 1] === 39) {
          p++;
          scratch[w++] = 39;
        } else if (c === 39) {
          if (p + 1 < end && !isSpace(buf[p + 1])) return null;
          p++;
          break;
        } else if (p >= end) {
          return null;
        } else {
          scratch[w++] = c;
        }
      } else if (c === 32 || c === LF || c === CR || c === 9 || p >= end) {
        if (p < end) p++;
        break;
      } else if (c === 34) {
        inDouble = true;
      } else if (c === 39) {
        inSingle = true;
      } else {
        scratch[w++] = c;
      }
      p++;
    }
    argv.push(scratch.latin1Slice(outStart, w));
  }
}

/**
 * Redis's sdssplitargs on a latin1 string (as used for redis.conf lines and
 * inline commands): the arguments, or null for unbalanced quotes. Like the C
 * function, it stops at a NUL character.
 */
export function splitArgs(line: string): string[] | null {
  const z = line.indexOf('\0');
  const buf = Buffer.from(z < 0 ? line : line.slice(0, z), 'latin1') as L1Buffer;
  return splitInline(buf, 0, buf.length);
}

/** The bytes of `b` up to (not including) its first NUL, as C's %s prints them. */
function cString(b: Buffer): Buffer {
  const z = b.indexOf(0);
  return z < 0 ? b : b.subarray(0, z);
}

export class RequestParser {
  /**
   * False while the client must still authenticate (Redis's authRequired:
   * the default user has a password, or is disabled, and the client has not
   * authenticated). Such clients may send at most 10 arguments of at most
   * 16 KB each in multibulk requests. Inline requests are not limited.
   */
  authenticated = true;
  /**
   * True for the connection to our master when we are a replica: Redis
   * skips the proto-max-bulk-len check for it.
   */
  master = false;

  private readonly limits: ParserLimits;
  /** The bytes being parsed: buf[pos, end). Either a fed chunk or a buffer of ours. */
  private buf: L1Buffer = EMPTY;
  private pos = 0;
  private end = 0;
  /** True when buf is ours (a stitched header line), so bytes may be appended in place. */
  private owned = false;
  /** Chunks fed after buf, not yet looked at. */
  private readonly queue: Buffer[] = [];
  private queued = 0;
  /** How far (from pos) the current incomplete line has been scanned already. */
  private scanned = 0;
  /** Arguments still expected by the current multibulk (0 between commands). */
  private remaining = 0;
  /** Length of the bulk whose header was read, or -1. */
  private bulkLen = -1;
  /** Arguments of the current multibulk decoded so far. */
  private argv: string[] = [];
  private argvBytes = 0;
  /** Assembly buffer for a bulk payload that straddles chunks (bulkLen + 2 bytes). */
  private big: L1Buffer | null = null;
  private bigFill = 0;
  private failed: ProtocolError | null = null;
  private inline = false;

  constructor(limits: ParserLimits) {
    this.limits = limits;
  }

  /** Bytes received and not yet turned into arguments (CLIENT LIST qbuf, client-query-buffer-limit). */
  get bufferedBytes(): number {
    return this.end - this.pos + this.queued + this.bigFill;
  }

  /** Total length of the arguments of the incomplete command decoded so far (CLIENT LIST argv-mem). */
  get pendingArgvBytes(): number {
    return this.argvBytes;
  }

  /** Whether the command last returned by next() was an inline command. */
  get lastCommandInline(): boolean {
    return this.inline;
  }

  /** The error thrown by next(), if any; once failed, the parser stays failed. */
  get error(): ProtocolError | null {
    return this.failed;
  }

  /**
   * Append a socket chunk. The chunk is kept by reference, not copied, and
   * must not be modified afterwards. Nothing is parsed until next().
   */
  feed(chunk: Buffer): void {
    const n = chunk.length;
    if (n === 0 || this.failed !== null) return;
    if (this.pos === this.end && this.queue.length === 0) {
      this.buf = chunk as L1Buffer;
      this.pos = 0;
      this.end = n;
      this.owned = false;
    } else {
      this.queue.push(chunk);
      this.queued += n;
    }
  }

  /**
   * The next complete command, or null when more bytes are needed. Throws
   * ProtocolError on malformed input (and again on every later call).
   */
  next(): string[] | null {
    if (this.failed !== null) throw this.failed;
    try {
      return this.remaining > 0 ? this.parseBulks() : this.parseCommand();
    } catch (e) {
      if (e instanceof ProtocolError) this.failed = e;
      throw e;
    }
  }

  /**
   * What Redis appends to its protocol-error log line: the start (and end)
   * of the unparsed input, with non-printable bytes shown as '.'. Only
   * meaningful right after next() threw.
   */
  queryBufferDump(): string {
    const parts: Buffer[] = [this.buf.subarray(this.pos, this.end), ...this.queue];
    const rest = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    let text: string;
    if (rest.length < PROTO_DUMP_LEN) {
      text = `Query buffer during protocol error: '${cString(rest).toString('latin1')}'`;
    } else {
      const half = PROTO_DUMP_LEN / 2;
      const head = cString(rest.subarray(0, half)).toString('latin1');
      const tail = cString(rest.subarray(rest.length - half)).toString('latin1');
      text =
        `Query buffer during protocol error: '${head}' ` +
        `(... more ${rest.length - PROTO_DUMP_LEN} bytes ...) '${tail}'`;
    }
    // Redis formats into a 256-byte buffer, then masks non-printables.
    return text.slice(0, 255).replace(/[^\x20-\x7e]/g, '.');
  }

  // --- internals -----------------------------------------------------------

  /** Move to the next queued chunk once buf is used up; false if none. */
  private advance(): boolean {
    const chunk = this.queue.shift();
    if (chunk === undefined) {
      this.buf = EMPTY;
      this.pos = this.end = 0;
      this.owned = false;
      return false;
    }
    this.queued -= chunk.length;
    this.buf = chunk as L1Buffer;
    this.pos = 0;
    this.end = chunk.length;
    this.owned = false;
    return true;
  }

  /**
   * Find the terminator (CR for headers, LF for inline lines) of the line
   * starting at pos, like strchr: a NUL byte first means "not found". For CR
   * the byte after it must be buffered too. Bytes are moved from queued
   * chunks into buf (only as far as the terminator) as needed.
   */
  private findLine(term: number): number {
    let i = this.pos + this.scanned;
    for (;;) {
      const buf = this.buf;
      const end = this.end;
      while (i < end) {
        const b = buf[i];
        if (b === term) break;
        if (b === 0) {
          this.scanned = i - this.pos;
          return LINE_INCOMPLETE; // hidden by a NUL, as with strchr
        }
        i++;
      }
      if (i < end && (term === LF || i + 1 < end)) {
        this.scanned = 0;
        return i;
      }
      const found = i < end;
      if (this.queue.length === 0) {
        this.scanned = (found ? i : end) - this.pos;
        return found ? LINE_NEED_ONE_MORE : LINE_INCOMPLETE;
      }
      // Stitch: take from the next chunk up to the terminator (+1 for CR).
      const next = this.queue[0];
      let take: number;
      if (found) {
        take = 1;
      } else {
        let j = 0;
        const n = next.length;
        while (j < n && next[j] !== term && next[j] !== 0) j++;
        take = j < n ? j + (next[j] === CR ? 2 : 1) : n;
        if (take > n) take = n;
      }
      i -= this.pos;
      this.pull(next, take);
      i += this.pos;
    }
  }

  /** Append next[0, take) (next is queue[0]) to buf[pos, end), consuming it from the queue. */
  private pull(next: Buffer, take: number): void {
    const rest = this.end - this.pos;
    if (!this.owned || this.buf.length - this.end < take) {
      const cap = Math.max(rest + take, rest * 2, 256);
      const nb = Buffer.allocUnsafe(cap) as L1Buffer;
      this.buf.copy(nb, 0, this.pos, this.end);
      this.buf = nb;
      this.pos = 0;
      this.end = rest;
      this.owned = true;
    }
    next.copy(this.buf, this.end, 0, take);
    this.end += take;
    this.queued -= take;
    if (take === next.length) this.queue.shift();
    else this.queue[0] = next.subarray(take);
  }

  /** At a command boundary: an inline command or the start of a multibulk. */
  private parseCommand(): string[] | null {
    for (;;) {
      if (this.pos === this.end && !this.advance()) return null;
      if (this.buf[this.pos] === STAR) {
        const q = quickHeader(this.buf, this.pos, this.end);
        if (q > 0 && q <= MAX_MULTIBULK_LEN && (q <= UNAUTH_MAX_MULTIBULK_LEN || this.authenticated)) {
          this.pos = quickCr + 2;
          this.scanned = 0;
          this.remaining = q;
          return this.parseBulks();
        }
        const e = this.findLine(CR);
        if (e < 0) {
          if (e === LINE_INCOMPLETE && this.bufferedBytes > INLINE_MAX_SIZE) {
            throw err('Protocol error: too big mbulk count string', 'too big mbulk count string');
          }
          return null;
        }
        const n = parseLongLong(this.buf, this.pos + 1, e);
        if (!(n <= MAX_MULTIBULK_LEN)) {
          throw err('Protocol error: invalid multibulk length', 'invalid mbulk count');
        }
        if (n > UNAUTH_MAX_MULTIBULK_LEN && !this.authenticated) {
          throw err('Protocol error: unauthenticated multibulk length', 'unauth mbulk count');
        }
        this.pos = e + 2;
        if (n <= 0) continue; // *0, *-1: nothing to run
        this.remaining = n;
        return this.parseBulks();
      }
      const e = this.findLine(LF);
      if (e < 0) {
        if (this.bufferedBytes > INLINE_MAX_SIZE) {
          throw err('Protocol error: too big inline request', 'too big inline request');
        }
        return null;
      }
      const lineEnd = e > this.pos && this.buf[e - 1] === CR ? e - 1 : e;
      const argv = splitInline(this.buf, this.pos, lineEnd);
      if (argv === null) {
        throw err('Protocol error: unbalanced quotes in request', 'unbalanced quotes in inline request');
      }
      this.pos = e + 1;
      if (argv.length > 0) {
        this.inline = true;
        return argv;
      }
    }
  }

  /** Decode bulk arguments until the multibulk is complete (or input runs out). */
  private parseBulks(): string[] | null {
    while (this.remaining > 0) {
      let len = this.bulkLen;
      if (len < 0) {
        if (this.pos === this.end && !this.advance()) return null;
        if (this.buf[this.pos] === DOLLAR) {
          len = quickHeader(this.buf, this.pos, this.end);
          if (
            len >= 0 &&
            len <= MAX_ARG_LEN &&
            (len <= this.limits.maxBulkLen || this.master) &&
            (len <= UNAUTH_MAX_BULK_LEN || this.authenticated)
          ) {
            this.pos = quickCr + 2;
            this.scanned = 0;
            this.bulkLen = len;
          } else {
            len = -1;
          }
        }
      }
      if (len < 0) {
        const e = this.findLine(CR);
        if (e < 0) {
          if (e === LINE_INCOMPLETE && this.bufferedBytes > INLINE_MAX_SIZE) {
            throw err('Protocol error: too big bulk count string', 'too big bulk count string');
          }
          return null;
        }
        const first = this.buf[this.pos];
        if (first !== DOLLAR) {
          // %c of the byte; Redis then maps \r and \n in error texts to spaces.
          const ch = first === CR || first === LF ? ' ' : String.fromCharCode(first);
          throw err(`Protocol error: expected '$', got '${ch}'`, 'expected $ but got something else');
        }
        len = parseLongLong(this.buf, this.pos + 1, e);
        if (!(len >= 0) || (len > this.limits.maxBulkLen && !this.master) || len > MAX_ARG_LEN) {
          throw err('Protocol error: invalid bulk length', 'invalid bulk length');
        }
        if (len > UNAUTH_MAX_BULK_LEN && !this.authenticated) {
          throw err('Protocol error: unauthenticated bulk length', 'unauth bulk length');
        }
        this.pos = e + 2;
        this.bulkLen = len;
      }
      // The payload and the two bytes after it (skipped unread, as in Redis).
      const need = len + 2;
      let arg: string;
      if (this.big === null && this.end - this.pos >= need) {
        arg = latin1(this.buf, this.pos, len);
        this.pos += need;
      } else {
        let big = this.big;
        if (big === null) {
          // Allocate only once payload bytes are here: a bare header costs nothing.
          if (this.pos === this.end && this.queue.length === 0) return null;
          big = this.big = Buffer.allocUnsafe(need) as L1Buffer;
        }
        let fill = this.bigFill;
        while (fill < need) {
          if (this.pos === this.end && !this.advance()) {
            this.bigFill = fill;
            return null;
          }
          const take = Math.min(need - fill, this.end - this.pos);
          this.buf.copy(big, fill, this.pos, this.pos + take);
          this.pos += take;
          fill += take;
        }
        arg = big.latin1Slice(0, len);
        this.big = null;
        this.bigFill = 0;
      }
      this.argv.push(arg);
      this.argvBytes += len;
      this.bulkLen = -1;
      this.remaining--;
    }
    const argv = this.argv;
    this.argv = [];
    this.argvBytes = 0;
    this.inline = false;
    return argv;
  }
}
