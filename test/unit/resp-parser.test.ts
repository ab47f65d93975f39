import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import net from 'node:net';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ProtocolError,
  RequestParser,
  defaultParserLimits,
  splitArgs,
  type ParserLimits,
} from '../../server/resp-parser.js';

// --- helpers ------------------------------------------------------------------

const L1 = (s: string): Buffer => Buffer.from(s, 'latin1');

function encode(argv: readonly string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

interface Outcome {
  cmds: string[][];
  error: string | null;
  reason: string | null;
}

interface RunOptions {
  limits?: ParserLimits;
  authenticated?: boolean;
  /** Call next() after every feed (true) or only once everything is fed (false). */
  eager?: boolean;
  /** Play the server: AUTH <password> authenticates (for the unauthenticated limits). */
  password?: string;
}

function run(chunks: readonly Buffer[], opts: RunOptions = {}): Outcome {
  const p = new RequestParser(opts.limits ?? defaultParserLimits());
  p.authenticated = opts.authenticated ?? true;
  const cmds: string[][] = [];
  const drain = (): void => {
    for (let guard = 0; ; guard++) {
      if (guard > 1_000_000) throw new Error('parser does not terminate');
      const argv = p.next();
      if (argv === null) return;
      cmds.push(argv);
      if (opts.password !== undefined && argv[0] === 'AUTH' && argv[1] === opts.password) {
        p.authenticated = true;
      }
    }
  };
  try {
    for (const c of chunks) {
      p.feed(c);
      if (opts.eager ?? true) drain();
    }
    drain();
  } catch (e) {
    if (!(e instanceof ProtocolError)) throw e;
    return { cmds, error: e.message, reason: e.reason };
  }
  return { cmds, error: null, reason: null };
}

function splitAt(buf: Buffer, cuts: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    out.push(buf.subarray(prev, c));
    prev = c;
  }
  out.push(buf.subarray(prev));
  return out;
}

function bytesOf(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i++) out.push(buf.subarray(i, i + 1));
  return out;
}

/** Every way of feeding `input` we try: whole, split once at every offset, byte by byte. */
function* chunkings(input: Buffer): Generator<[string, Buffer[]]> {
  yield ['whole', [input]];
  for (let i = 1; i < input.length; i++) yield [`split at ${i}`, splitAt(input, [i])];
  yield ['byte by byte', bytesOf(input)];
  if (input.length > 2) {
    const third = Math.floor(input.length / 3);
    yield ['thirds', splitAt(input, [third, 2 * third])];
  }
}

function expectSameEverywhere(input: Buffer, expected: Outcome, opts: RunOptions = {}): void {
  for (const [how, chunks] of chunkings(input)) {
    for (const eager of [true, false]) {
      const got = run(chunks, { ...opts, eager });
      expect(got, `${how}, eager=${eager}`).toEqual(expected);
    }
  }
}

/** Deterministic PRNG (mulberry32) for the bounded fuzz. */
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

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

// --- the corpus -----------------------------------------------------------------

interface ValidCase {
  name: string;
  input: string;
  cmds: string[][];
}

const VALID: ValidCase[] = [
  { name: 'simple multibulk', input: encode(['SET', 'key', 'value']), cmds: [['SET', 'key', 'value']] },
  {
    name: 'every byte value, \\r\\n inside payloads',
    input: encode(['SET', ALL_BYTES, '\r\n', '\r', '\n*1\r\n$4\r\n']),
    cmds: [['SET', ALL_BYTES, '\r\n', '\r', '\n*1\r\n$4\r\n']],
  },
  { name: 'empty bulk', input: encode(['SET', 'k', '']), cmds: [['SET', 'k', '']] },
  { name: 'empty command name', input: '*1\r\n$0\r\n\r\n', cmds: [['']] },
  {
    name: 'pipeline',
    input: encode(['PING']) + encode(['SET', 'a', '1']) + 'GET a\r\n' + encode(['MGET', 'a', 'b', 'c']) + 'PING\n',
    cmds: [['PING'], ['SET', 'a', '1'], ['GET', 'a'], ['MGET', 'a', 'b', 'c'], ['PING']],
  },
  {
    name: '*0, *-1, *-5 and empty inline lines are skipped',
    input: '*0\r\n*-1\r\n\r\n\n   \r\n\t\n*-5\r\n' + encode(['PING']) + '*-999999999999999999\r\nPING\r\n',
    cmds: [['PING'], ['PING']],
  },
  { name: 'inline with LF only', input: 'SET a b\nGET a\n', cmds: [['SET', 'a', 'b'], ['GET', 'a']] },
  { name: 'inline blanks', input: '  SET\t a  \t b  \r\n', cmds: [['SET', 'a', 'b']] },
  {
    name: 'inline double quotes and escapes',
    input: 'SET "a b" "\\n\\r\\t\\b\\a\\\\\\"\\x41\\xfF\\z" ""\r\n',
    cmds: [['SET', 'a b', '\n\r\t\b\x07\\"A\xffz', '']],
  },
  {
    name: 'inline single quotes',
    input: "SET 'a \"b' 'it\\'s' '\\n'\r\n",
    cmds: [['SET', 'a "b', "it's", '\\n']],
  },
  { name: 'inline: quote inside a bare word continues it', input: 'ECHO x"a b" y\r\n', cmds: [['ECHO', 'xa b', 'y']] },
  { name: 'inline: \\x needs two hex digits', input: 'ECHO "\\x4" "\\x4g"\r\n', cmds: [['ECHO', 'x4', 'x4g']] },
  {
    name: 'inline: \\v and \\f are blanks before a word, not inside one',
    input: '\x0bECHO\x0bx\x0c "a"\x0by\r\n',
    cmds: [['ECHO\x0bx\x0c', 'a', 'y']],
  },
  { name: 'inline: a CR inside the line separates words', input: 'ECHO a\rb\r\r\n', cmds: [['ECHO', 'a', 'b']] },
  { name: 'inline: bytes >= 0x80 are not blanks', input: 'ECHO \xa0x\x85\r\n', cmds: [['ECHO', '\xa0x\x85']] },
  { name: 'inline: $ and : lines are inline too', input: '$3\r\n:1\r\n', cmds: [['$3'], [':1']] },
  {
    name: 'the two bytes after a payload are skipped unread',
    input: '*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n',
    cmds: [['PING'], ['PING']],
  },
  { name: 'the byte after a header CR is skipped unread', input: '*1\rX$4\rYPING\r\n', cmds: [['PING']] },
  {
    name: 'a payload may swallow the next CRLF',
    input: '*1\r\n$4\rX\r\nPING\r\n',
    cmds: [['\r\nPI']],
  },
  { name: 'NUL bytes in a payload are fine', input: encode(['SET', '\0', 'a\0b']), cmds: [['SET', '\0', 'a\0b']] },
  { name: 'big count is fine when not authenticated-limited', input: encode(Array(20).fill('x')), cmds: [Array(20).fill('x')] },
];

describe('valid frames, every chunking', () => {
  for (const c of VALID) {
    it(c.name, () => {
      expectSameEverywhere(L1(c.input), { cmds: c.cmds, error: null, reason: null });
    });
  }
});

// --- protocol errors --------------------------------------------------------------

interface ErrorCase {
  name: string;
  input: string;
  message: string;
  reason: string;
  /** Commands returned before the error. */
  before?: string[][];
  authenticated?: boolean;
  maxBulkLen?: number;
  /** Splitting large inputs at every offset is slow; only whole / thirds / bytes for these. */
  big?: boolean;
}

const MB = 'Protocol error: invalid multibulk length';
const BL = 'Protocol error: invalid bulk length';
const UQ = 'Protocol error: unbalanced quotes in request';
const ones = '1'.repeat(70000);

const ERRORS: ErrorCase[] = [
  { name: 'non-numeric count', input: '*x\r\n', message: MB, reason: 'invalid mbulk count' },
  { name: 'empty count', input: '*\r\n', message: MB, reason: 'invalid mbulk count' },
  { name: '*-0', input: '*-0\r\n', message: MB, reason: 'invalid mbulk count' },
  { name: '*+1', input: '*+1\r\n', message: MB, reason: 'invalid mbulk count' },
  { name: '* 1', input: '* 1\r\n', message: MB, reason: 'invalid mbulk count' },
  { name: '*1 (trailing space)', input: '*1 \r\n', message: MB, reason: 'invalid mbulk count' },
  { name: '*01', input: '*01\r\n', message: MB, reason: 'invalid mbulk count' },
  { name: 'count above INT_MAX', input: '*2147483648\r\n', message: MB, reason: 'invalid mbulk count' },
  { name: '*00', input: '*00\r\n', message: MB, reason: 'invalid mbulk count' },
  { name: '15-digit count', input: '*100000000000000\r\n', message: MB, reason: 'invalid mbulk count' },
  { name: '$00', input: '*1\r\n$00\r\n\r\n', message: BL, reason: 'invalid bulk length' },
  { name: '16-digit bulk length', input: '*1\r\n$1000000000000000\r\n', message: BL, reason: 'invalid bulk length' },
  { name: 'count below LLONG_MIN', input: '*-9999999999999999999\r\n', message: MB, reason: 'invalid mbulk count' },
  { name: '21-byte count', input: '*-10000000000000000000\r\n', message: MB, reason: 'invalid mbulk count' },
  { name: 'negative bulk length', input: '*1\r\n$-1\r\n', message: BL, reason: 'invalid bulk length' },
  { name: '$+4', input: '*1\r\n$+4\r\nPING\r\n', message: BL, reason: 'invalid bulk length' },
  { name: '$04', input: '*1\r\n$04\r\nPING\r\n', message: BL, reason: 'invalid bulk length' },
  { name: '$ 4', input: '*1\r\n$ 4\r\nPING\r\n', message: BL, reason: 'invalid bulk length' },
  { name: 'empty bulk length', input: '*1\r\n$\r\n', message: BL, reason: 'invalid bulk length' },
  { name: 'bulk length above LLONG_MAX', input: '*1\r\n$9223372036854775808\r\n', message: BL, reason: 'invalid bulk length' },
  { name: 'bulk length above proto-max-bulk-len', input: '*1\r\n$536870913\r\n', message: BL, reason: 'invalid bulk length' },
  {
    name: 'bulk length above a lowered proto-max-bulk-len',
    input: '*1\r\n$1048577\r\n',
    message: BL,
    reason: 'invalid bulk length',
    maxBulkLen: 1048576,
  },
  {
    name: "expected '$', got a letter",
    input: '*2\r\n$3\r\nGET\r\nx1\r\n',
    message: "Protocol error: expected '$', got 'x'",
    reason: 'expected $ but got something else',
  },
  {
    name: "expected '$', got CR (shown as a space)",
    input: '*1\r\n\r\n',
    message: "Protocol error: expected '$', got ' '",
    reason: 'expected $ but got something else',
  },
  {
    name: "expected '$', got LF (shown as a space)",
    input: '*1\r\n\n\r\n',
    message: "Protocol error: expected '$', got ' '",
    reason: 'expected $ but got something else',
  },
  {
    name: "expected '$', got a byte >= 0x80 (sent raw)",
    input: '*1\r\n\xff4\r\n',
    message: "Protocol error: expected '$', got '\xff'",
    reason: 'expected $ but got something else',
  },
  {
    name: "expected '$', got ':' (RESP3 types are not arguments)",
    input: '*2\r\n$4\r\nECHO\r\n:1\r\n',
    message: "Protocol error: expected '$', got ':'",
    reason: 'expected $ but got something else',
  },
  { name: 'unbalanced: text after closing "', input: 'ECHO "a"b\r\n', message: UQ, reason: 'unbalanced quotes in inline request' },
  { name: "unbalanced: text after closing '", input: "ECHO 'a'b\r\n", message: UQ, reason: 'unbalanced quotes in inline request' },
  { name: 'unbalanced: unterminated "', input: 'ECHO "abc\r\n', message: UQ, reason: 'unbalanced quotes in inline request' },
  { name: "unbalanced: unterminated '", input: "ECHO 'abc\n", message: UQ, reason: 'unbalanced quotes in inline request' },
  { name: 'unbalanced: escaped closing "', input: 'ECHO "a\\"\r\n', message: UQ, reason: 'unbalanced quotes in inline request' },
  { name: "unbalanced: '\\\\' escapes the closing quote", input: "ECHO '\\\\'\r\n", message: UQ, reason: 'unbalanced quotes in inline request' },
  { name: 'unbalanced: """"', input: 'ECHO """"\r\n', message: UQ, reason: 'unbalanced quotes in inline request' },
  { name: 'unbalanced: bare word"quoted"word', input: 'ECHO x"a b"y\r\n', message: UQ, reason: 'unbalanced quotes in inline request' },
  {
    name: 'too big inline request',
    input: 'a'.repeat(70000),
    message: 'Protocol error: too big inline request',
    reason: 'too big inline request',
    big: true,
  },
  {
    name: 'too big inline request: a NUL hides the newline',
    input: 'PI\0NG\r\n' + 'x'.repeat(70000),
    message: 'Protocol error: too big inline request',
    reason: 'too big inline request',
    big: true,
  },
  {
    name: 'too big mbulk count string',
    input: '*' + ones,
    message: 'Protocol error: too big mbulk count string',
    reason: 'too big mbulk count string',
    big: true,
  },
  {
    name: 'too big mbulk count string: a NUL hides the CR',
    input: '*1\0\r\n$4\r\nPING\r\n' + 'x'.repeat(70000),
    message: 'Protocol error: too big mbulk count string',
    reason: 'too big mbulk count string',
    big: true,
  },
  {
    name: 'too big bulk count string',
    input: '*2\r\n$4\r\nECHO\r\n$' + ones,
    message: 'Protocol error: too big bulk count string',
    reason: 'too big bulk count string',
    big: true,
  },
  {
    name: 'too big bulk count string: a NUL hides the CR',
    input: '*1\r\n$4\0\r\nPING\r\n' + 'x'.repeat(70000),
    message: 'Protocol error: too big bulk count string',
    reason: 'too big bulk count string',
    big: true,
  },
  {
    name: 'unauthenticated multibulk length',
    input: '*11\r\n',
    message: 'Protocol error: unauthenticated multibulk length',
    reason: 'unauth mbulk count',
    authenticated: false,
  },
  {
    name: 'unauthenticated bulk length',
    input: '*2\r\n$4\r\nECHO\r\n$16385\r\n',
    message: 'Protocol error: unauthenticated bulk length',
    reason: 'unauth bulk length',
    authenticated: false,
  },
  {
    name: 'commands before the error are returned',
    input: 'PING\r\n' + encode(['PING']) + '*1\r\n$4\r\nPINGxx' + '*1\r\n$-5\r\n',
    message: BL,
    reason: 'invalid bulk length',
    before: [['PING'], ['PING'], ['PING']],
  },
  {
    name: 'commands before an inline error are returned',
    input: encode(['PING']) + 'PING\nECHO "x\r\n',
    message: UQ,
    reason: 'unbalanced quotes in inline request',
    before: [['PING'], ['PING']],
  },
];

function errorOptions(c: ErrorCase): RunOptions {
  return {
    authenticated: c.authenticated ?? true,
    limits: { maxBulkLen: c.maxBulkLen ?? 512 * 1024 * 1024 },
  };
}

describe('protocol errors', () => {
  for (const c of ERRORS) {
    it(c.name, () => {
      const expected: Outcome = { cmds: c.before ?? [], error: c.message, reason: c.reason };
      const input = L1(c.input);
      if (c.big) {
        for (const eager of [true, false]) {
          expect(run([input], { ...errorOptions(c), eager })).toEqual(expected);
          expect(run(splitAt(input, [1, 3, 7, 20000, 65536]), { ...errorOptions(c), eager })).toEqual(expected);
        }
        expect(run(splitAt(input, Array.from({ length: 70 }, (_, i) => i * 1000 + 1)), errorOptions(c))).toEqual(
          expected,
        );
      } else {
        expectSameEverywhere(input, expected, errorOptions(c));
      }
    });
  }

  it('the parser stays failed: next() throws the same error again, feed() is ignored', () => {
    const p = new RequestParser(defaultParserLimits());
    p.feed(L1('*x\r\n'));
    expect(() => p.next()).toThrow(ProtocolError);
    p.feed(L1('PING\r\n'));
    expect(() => p.next()).toThrow(MB);
    expect(p.error?.message).toBe(MB);
  });

  it('the error limit for unterminated lines counts everything buffered, not chunk sizes', () => {
    // 65536 bytes without a newline are fine, one more is not (Redis: > PROTO_INLINE_MAX_SIZE).
    expect(run([L1('a'.repeat(65536))]).error).toBeNull();
    expect(run([L1('a'.repeat(65536)), L1('a')]).error).toBe('Protocol error: too big inline request');
    // A long line whose newline is already buffered is accepted, as Redis does when it has read it all.
    const long = 'ECHO ' + 'a'.repeat(70000) + '\n';
    expect(run([L1(long)]).cmds).toEqual([['ECHO', 'a'.repeat(70000)]]);
    // A header CR that is the last buffered byte is waited on, whatever the size (Redis checks nothing then).
    expect(run([L1('*' + ones + '\r')]).error).toBeNull();
    expect(run([L1('*' + ones + '\r'), L1('\n')]).error).toBe(MB);
  });

  it('NUL before the terminator: the request never completes (no error below 64 KB)', () => {
    for (const s of ['\0PING\r\nPING\r\n', 'PI\0NG\r\nPING\r\n', '*1\0\r\n$4\r\nPING\r\n', '*1\r\n$4\0\r\nPING\r\n']) {
      expectSameEverywhere(L1(s), { cmds: [], error: null, reason: null });
    }
  });
});

describe('authentication and limits change between commands', () => {
  it('AUTH in the same chunk lifts the unauthenticated limits for what follows', () => {
    const input = L1(encode(['AUTH', 'pw']) + encode(Array(11).fill('x')) + encode(['SET', 'k', 'v'.repeat(20000)]));
    const expected: Outcome = {
      cmds: [['AUTH', 'pw'], Array(11).fill('x'), ['SET', 'k', 'v'.repeat(20000)]],
      error: null,
      reason: null,
    };
    expect(run([input], { authenticated: false, password: 'pw' })).toEqual(expected);
    expect(run(splitAt(input, [5, 40, 100, 1000]), { authenticated: false, password: 'pw' })).toEqual(expected);
    expect(run([input], { authenticated: false, password: 'other' }).error).toBe(
      'Protocol error: unauthenticated multibulk length',
    );
  });

  it('unauthenticated: exactly 10 arguments of 16384 bytes pass; inline commands are not limited', () => {
    const ten = encode(Array(10).fill('y'.repeat(16384)));
    expect(run([L1(ten)], { authenticated: false }).cmds).toEqual([Array(10).fill('y'.repeat(16384))]);
    const inline = Array(30).fill('z').join(' ') + '\r\n';
    expect(run([L1(inline)], { authenticated: false }).cmds).toEqual([Array(30).fill('z')]);
  });

  it('proto-max-bulk-len is read at each header (CONFIG SET at run time)', () => {
    const limits: ParserLimits = { maxBulkLen: 512 * 1024 * 1024 };
    const p = new RequestParser(limits);
    p.feed(L1(encode(['SET', 'k', 'x'.repeat(2000)]) + encode(['SET', 'k', 'x'.repeat(2000)])));
    expect(p.next()).toEqual(['SET', 'k', 'x'.repeat(2000)]);
    limits.maxBulkLen = 1000;
    expect(() => p.next()).toThrow(BL);
  });

  it('the master connection is exempt from proto-max-bulk-len', () => {
    const p = new RequestParser({ maxBulkLen: 10 });
    p.master = true;
    p.feed(L1(encode(['SET', 'k', 'x'.repeat(100)])));
    expect(p.next()).toEqual(['SET', 'k', 'x'.repeat(100)]);
  });
});

describe('splitArgs (sdssplitargs for config lines)', () => {
  it('splits like the inline parser and returns null for unbalanced quotes', () => {
    expect(splitArgs('save ""')).toEqual(['save', '']);
    expect(splitArgs('  dir "/tmp/a b"  ')).toEqual(['dir', '/tmp/a b']);
    expect(splitArgs("rename-command 'x\\'y' \"\\x41\"")).toEqual(['rename-command', "x'y", 'A']);
    expect(splitArgs('   \t')).toEqual([]);
    expect(splitArgs('a "b')).toBeNull();
    expect(splitArgs('a "b"c')).toBeNull();
    expect(splitArgs('a\0b c')).toEqual(['a']); // C string: stops at NUL
  });
});

// --- buffering -----------------------------------------------------------------

describe('buffering', () => {
  it('assembles an 8 MB bulk fed in 64 KB chunks', () => {
    const size = 8 * 1024 * 1024;
    const payload = Buffer.alloc(size);
    for (let i = 0; i < size; i++) payload[i] = (i * 31 + (i >>> 13)) & 255;
    const input = Buffer.concat([L1('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$' + size + '\r\n'), payload, L1('\r\nPING\r\n')]);
    const p = new RequestParser(defaultParserLimits());
    const got: string[][] = [];
    let maxBuffered = 0;
    for (let off = 0; off < input.length; off += 65536) {
      p.feed(input.subarray(off, off + 65536));
      for (let a = p.next(); a !== null; a = p.next()) got.push(a);
      maxBuffered = Math.max(maxBuffered, p.bufferedBytes);
    }
    expect(got.length).toBe(2);
    expect(got[0][0]).toBe('SET');
    expect(got[0][2].length).toBe(size);
    expect(got[0][2] === payload.toString('latin1')).toBe(true);
    expect(got[1]).toEqual(['PING']);
    expect(maxBuffered).toBeGreaterThan(size - 65536);
    expect(p.bufferedBytes).toBe(0);
  });

  it('bufferedBytes and pendingArgvBytes follow the input', () => {
    const p = new RequestParser(defaultParserLimits());
    p.feed(L1('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10\r\n01234'));
    expect(p.next()).toBeNull();
    expect(p.pendingArgvBytes).toBe(4);
    expect(p.bufferedBytes).toBe(5);
    p.feed(L1('56789\r\nPI'));
    expect(p.next()).toEqual(['SET', 'k', '0123456789']);
    expect(p.pendingArgvBytes).toBe(0);
    expect(p.bufferedBytes).toBe(2);
    expect(p.next()).toBeNull();
    p.feed(L1('NG\r\n'));
    expect(p.next()).toEqual(['PING']);
    expect(p.lastCommandInline).toBe(true);
    expect(p.bufferedBytes).toBe(0);
  });

  it('keeps a reference to a chunk fed with nothing left over (no copy)', () => {
    const p = new RequestParser(defaultParserLimits());
    const chunk = L1('*1\r\n$4\r\nPING\r\n');
    p.feed(chunk);
    chunk.write('ECHO', 8, 'latin1'); // visible to the parser only if it did not copy
    expect(p.next()).toEqual(['ECHO']);
    expect(p.lastCommandInline).toBe(false);
  });

  it('many commands fed without calling next() in between', () => {
    const cmds = Array.from({ length: 500 }, (_, i) => ['SET', `key:${i}`, 'v'.repeat(i % 50)]);
    const input = L1(cmds.map(encode).join(''));
    const p = new RequestParser(defaultParserLimits());
    for (const chunk of splitAt(input, Array.from({ length: 300 }, (_, i) => i * 37 + 1))) p.feed(chunk);
    const got: string[][] = [];
    for (let a = p.next(); a !== null; a = p.next()) got.push(a);
    expect(got).toEqual(cmds);
  });

  it('bulks longer than V8 strings can be are refused (Redis takes up to proto-max-bulk-len)', () => {
    // Documented divergence: 536870889..536870912 bytes are valid in Redis with the default limit.
    expect(run([L1('*1\r\n$536870888\r\n')]).error).toBeNull();
    expect(run([L1('*1\r\n$536870889\r\n')]).error).toBe(BL);
  });

  it('a bulk near V8 string limit is refused rather than crashing', () => {
    const p = new RequestParser({ maxBulkLen: Number.MAX_SAFE_INTEGER });
    p.feed(L1('*1\r\n$9000000000\r\n'));
    expect(() => p.next()).toThrow(BL);
  });

  it('queryBufferDump formats like Redis', () => {
    const p = new RequestParser(defaultParserLimits());
    p.feed(L1('*1\r\n$536870913\r\n'));
    expect(() => p.next()).toThrow(BL);
    expect(p.queryBufferDump()).toBe("Query buffer during protocol error: '$536870913..'");
    const q = new RequestParser(defaultParserLimits());
    q.feed(L1('*1\r\n$' + ones));
    expect(() => q.next()).toThrow('Protocol error: too big bulk count string');
    expect(q.queryBufferDump()).toBe(
      `Query buffer during protocol error: '$${'1'.repeat(63)}' (... more 69873 bytes ...) '${'1'.repeat(64)}'`,
    );
  });
});

// --- properties and fuzz ---------------------------------------------------------------

const byteString = fc.oneof(
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 40 }).map((u) => Buffer.from(u).toString('latin1')) },
  { weight: 1, arbitrary: fc.constantFrom('', '\r\n', '\r', '\n', '*1\r\n', '$3\r\n', '"', "'", '\0', ' ') },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom('\r', '\n', '*', '$', '0', '1', '-', ' ', 'a', '\0', '\xff'), { maxLength: 20 })
      .map((a) => a.join('')),
  },
);
const argvArb = fc.array(byteString, { minLength: 1, maxLength: 6 });

function chunked(input: Buffer, cuts: readonly number[]): Buffer[] {
  return splitAt(
    input,
    cuts.map((c) => c % (input.length + 1)),
  );
}

describe('properties', () => {
  it('random argv lists encoded as RESP decode back under any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(argvArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.boolean(),
        (cmds, cuts, eager) => {
          const input = L1(cmds.map(encode).join(''));
          const got = run(chunked(input, cuts), { eager });
          expect(got).toEqual({ cmds, error: null, reason: null });
        },
      ),
      { numRuns: 400, seed: 42 },
    );
  });

  it('random argv lists written as quoted inline commands decode back', () => {
    const quote = (s: string): string =>
      '"' +
      Array.from(s, (ch) => {
        const c = ch.charCodeAt(0);
        if (c === 0x22) return '\\"';
        if (c === 0x5c) return '\\\\';
        if (c < 0x20 || c > 0x7e) return '\\x' + c.toString(16).padStart(2, '0');
        return ch;
      }).join('') +
      '"';
    fc.assert(
      fc.property(
        fc.array(argvArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.constantFrom('\r\n', '\n'),
        (cmds, cuts, eol) => {
          const input = L1(cmds.map((argv) => argv.map(quote).join(' ') + eol).join(''));
          expect(run(chunked(input, cuts))).toEqual({ cmds, error: null, reason: null });
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('bounded fuzz: garbage only ever yields commands or a ProtocolError, identically for any chunking', () => {
    const rnd = prng(0x7ed15);
    const pieces = [
      '*', '$', '\r\n', '\r', '\n', '0', '1', '3', '9', '-', '+', ' ', '"', "'", '\\', 'x', 'a', 'PING',
      '\0', '\xff', '*1\r\n', '$3\r\n', '*2\r\n$3\r\nGET\r\n', '$-1\r\n', '\t', '\x0b',
    ];
    for (let iter = 0; iter < 3000; iter++) {
      let s = '';
      const n = 1 + Math.floor(rnd() * 30);
      for (let k = 0; k < n; k++) {
        s +=
          rnd() < 0.8
            ? pieces[Math.floor(rnd() * pieces.length)]
            : String.fromCharCode(Math.floor(rnd() * 256));
      }
      const input = L1(s);
      const whole = run([input]);
      expect(whole.cmds.length).toBeLessThanOrEqual(input.length);
      const cuts = Array.from({ length: Math.floor(rnd() * 6) }, () => Math.floor(rnd() * (input.length + 1)));
      expect(run(splitAt(input, cuts), { eager: rnd() < 0.5 }), JSON.stringify(s)).toEqual(whole);
    }
  });

  it('bounded fuzz: mutated valid pipelines', () => {
    const rnd = prng(99);
    const base = L1(VALID.map((c) => c.input).join(''));
    for (let iter = 0; iter < 1500; iter++) {
      const m = Buffer.from(base);
      const flips = 1 + Math.floor(rnd() * 4);
      for (let k = 0; k < flips; k++) m[Math.floor(rnd() * m.length)] = Math.floor(rnd() * 256);
      const whole = run([m]);
      const cuts = Array.from({ length: 8 }, () => Math.floor(rnd() * (m.length + 1)));
      expect(run(splitAt(m, cuts))).toEqual(whole);
    }
  });
});

// --- against a real redis-server ----------------------------------------------------

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis) console.log('redis-server is not on PATH: skipping the checks against a real Redis');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface Exchange {
  reply: string;
  closed: boolean;
}

/**
 * Send raw bytes; collect the reply until the server closes or `idleMs` pass
 * without data (or, given `expectBytes`, shortly after that much arrived).
 */
function exchange(port: number, payload: Buffer, idleMs = 400, expectBytes = Infinity): Promise<Exchange> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    const parts: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (closed: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ reply: Buffer.concat(parts).toString('latin1'), closed });
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), idleMs);
    };
    let received = 0;
    sock.on('data', (d: Buffer) => {
      parts.push(d);
      received += d.length;
      arm();
      if (received >= expectBytes) {
        clearTimeout(timer);
        timer = setTimeout(() => finish(false), 30);
      }
    });
    sock.on('close', () => finish(true));
    sock.on('error', () => finish(true));
    sock.on('connect', () => {
      sock.write(payload);
      arm();
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = await exchange(port, L1('PING\r\n'), 200);
    if (r.reply === '+PONG\r\n' || r.reply.startsWith('-NOAUTH')) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`redis-server on port ${port} did not start`);
}

/** What Redis replies to the commands we use before an error (PING, ECHO x, AUTH pw). */
function replyTo(argv: readonly string[]): string {
  if (argv[0] === 'PING' && argv.length === 1) return '+PONG\r\n';
  if (argv[0] === 'ECHO' && argv.length === 2) return `$${argv[1].length}\r\n${argv[1]}\r\n`;
  if (argv[0] === 'AUTH' && argv.length === 2) return '+OK\r\n';
  throw new Error(`no model reply for ${JSON.stringify(argv)}`);
}

describe.skipIf(!hasRedis)('against a real redis-server', () => {
  let dir = '';
  const procs: ChildProcess[] = [];
  let open = 0; // no password
  let locked = 0; // requirepass pw
  const logs = new Map<number, string>();

  async function start(port: number, extra: string[]): Promise<void> {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra],
      { stdio: 'ignore' },
    );
    procs.push(proc);
    await waitForPort(port);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tredis-parser-'));
    open = await freePort();
    logs.set(open, join(dir, 'open.log'));
    await start(open, ['--loglevel', 'verbose', '--logfile', join(dir, 'open.log')]);
    locked = await freePort();
    logs.set(locked, join(dir, 'locked.log'));
    await start(locked, ['--requirepass', 'pw', '--loglevel', 'verbose', '--logfile', join(dir, 'locked.log')]);
  });

  afterAll(() => {
    for (const p of procs) p.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function setMaxBulkLen(n: number): Promise<void> {
    const r = await exchange(open, L1(encode(['CONFIG', 'SET', 'proto-max-bulk-len', String(n)])), 200);
    expect(r.reply).toBe('+OK\r\n');
  }

  it('every protocol error in the table is the text Redis replies, and Redis closes the connection', async () => {
    for (const c of ERRORS) {
      const ours = run([L1(c.input)], errorOptions(c));
      expect(ours.error, c.name).toBe(c.message);
      const port = c.authenticated === false ? locked : open;
      if (c.maxBulkLen !== undefined) await setMaxBulkLen(c.maxBulkLen);
      const logFile = logs.get(port) ?? '';
      const logBefore = readFileSync(logFile, 'latin1').length;
      const r = await exchange(port, L1(c.input), 3000);
      if (c.maxBulkLen !== undefined) await setMaxBulkLen(512 * 1024 * 1024);
      const expected = ours.cmds.map(replyTo).join('') + `-ERR ${c.message}\r\n`;
      expect({ name: c.name, reply: r.reply, closed: r.closed }).toEqual({ name: c.name, reply: expected, closed: true });
      // The verbose log line: reason and (for inputs Redis reads in one go) the buffer dump.
      const log = readFileSync(logFile, 'latin1').slice(logBefore);
      const m = /Protocol error \((.*?)\) from client: .*?\. (Query buffer during protocol error: .*)\n/.exec(log);
      expect(m, `${c.name}: log line`).not.toBeNull();
      if (m === null) continue;
      expect(m[1], c.name).toBe(c.reason);
      if (c.input.length < 16384) {
        const p = new RequestParser({ maxBulkLen: c.maxBulkLen ?? 512 * 1024 * 1024 });
        p.authenticated = c.authenticated ?? true;
        p.feed(L1(c.input));
        try {
          for (let a = p.next(); a !== null; a = p.next());
        } catch {
          // expected
        }
        expect(p.queryBufferDump(), c.name).toBe(m[2]);
      }
    }
  });

  it('inputs that never complete: Redis neither replies nor closes', async () => {
    const cases = [
      '\0PING\r\nPING\r\n',
      'PI\0NG\r\nPING\r\n',
      '*1\0\r\n$4\r\nPING\r\n',
      '*1\r\n$4\0\r\nPING\r\n',
      '*2147483647\r\n',
      '*1\r\n$536870888\r\n',
      '*1\r\n$4\r\nPING\r',
      'a'.repeat(65536),
    ];
    for (const s of cases) {
      expect(run([L1(s)])).toEqual({ cmds: [], error: null, reason: null });
      expect(await exchange(open, L1(s), 300), JSON.stringify(s)).toEqual({ reply: '', closed: false });
    }
    expect(await exchange(locked, L1('*10\r\n'), 300)).toEqual({ reply: '', closed: false });
    expect(await exchange(locked, L1('*1\r\n$16384\r\n'), 300)).toEqual({ reply: '', closed: false });
  });

  it('AUTH in the same write lifts the limits in Redis too', async () => {
    const input = encode(['AUTH', 'pw']) + encode(Array(11).fill('x'));
    const r = await exchange(locked, L1(input), 300);
    expect(r.reply.startsWith('+OK\r\n-ERR unknown command')).toBe(true);
    expect(r.closed).toBe(false);
  });

  it('valid quirky frames: Redis sees the same arguments (ECHO / PING)', async () => {
    const cases = [
      '*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n',
      '*1\rX$4\rYPING\r\n',
      '*0\r\n*-1\r\n\r\n\n   \r\n*-5\r\nPING\r\n*-999999999999999999\r\nPING\n',
      'ECHO "\\n\\r\\t\\b\\a\\\\\\"\\x41\\xfF\\z"\r\n',
      "ECHO 'it\\'s \"x\" \\n'\r\n",
      'ECHO x"a b"\r\n',
      'ECHO "\\x4"\r\nECHO "\\x4g"\r\n',
      'ECHO a\x0bb\x0c\r\n',
      '\x0bECHO "a"\x0b\r\n',
      'ECHO a\r\r\n',
      'ECHO \xa0x\x85\r\n',
      'ECHO ""\r\n',
      encode(['ECHO', ALL_BYTES]),
      encode(['ECHO', '']),
      'ECHO ' + 'a'.repeat(30000) + '\n',
    ];
    for (const s of cases) {
      const ours = run([L1(s)]);
      expect(ours.error).toBeNull();
      const expected = ours.cmds.map(replyTo).join('');
      const r = await exchange(open, L1(s), 1000, expected.length);
      expect(r.reply, JSON.stringify(s)).toBe(expected);
    }
  });
});
