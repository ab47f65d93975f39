import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { Redis } from 'ioredis';
import { compileGlob, stringMatch } from '../../datatypes/glob.js';

/* ---------- a tiny real redis-server harness (skipped when absent) ---------- */

function findRedisServer(): string | null {
  try {
    const p = execSync('which redis-server', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return p.length > 0 ? p : null;
  } catch {
    return null;
  }
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const addr = srv.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  srv.close();
  await once(srv, 'close');
  return port;
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

const REDIS_BIN = findRedisServer();
if (REDIS_BIN === null) console.log('redis-server not on PATH: skipping glob comparisons against real Redis');

/* ---------- helpers ---------- */

const L = (s: string): string => s; // patterns below are latin1 byte strings

/**
 * Reference glob for well-formed patterns (literals, ?, *, [set], [^set],
 * [x-y] without escapes), written as a plain DP. Redis quirk: an empty
 * subject only matches the empty pattern.
 */
type Tok = { t: 'lit'; c: string } | { t: 'any' } | { t: 'star' } | { t: 'set'; neg: boolean; test: (c: string) => boolean };

function tokenize(p: string): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '*') out.push({ t: 'star' });
    else if (c === '?') out.push({ t: 'any' });
    else if (c === '[') {
      const close = p.indexOf(']', i + 1);
      let body = p.slice(i + 1, close);
      const neg = body.startsWith('^');
      if (neg) body = body.slice(1);
      const spec = body;
      out.push({
        t: 'set',
        neg,
        test: (ch) => {
          for (let k = 0; k < spec.length; k++) {
            if (spec[k + 1] === '-' && k + 2 < spec.length) {
              const a = spec.charCodeAt(k);
              const b = spec.charCodeAt(k + 2);
              const x = ch.charCodeAt(0);
              if (x >= Math.min(a, b) && x <= Math.max(a, b)) return true;
              k += 2;
            } else if (spec[k] === ch) return true;
          }
          return false;
        },
      });
      i = close;
    } else out.push({ t: 'lit', c });
  }
  return out;
}

function refMatch(p: string, s: string): boolean {
  if (s.length === 0) return p.length === 0;
  const toks = tokenize(p);
  // dp[j] = tokens[0..i) can match s[0..j)
  let dp = new Array<boolean>(s.length + 1).fill(false);
  dp[0] = true;
  for (const tok of toks) {
    const next = new Array<boolean>(s.length + 1).fill(false);
    for (let j = 0; j <= s.length; j++) {
      if (tok.t === 'star') next[j] = dp[j] === true || (j > 0 && next[j - 1] === true);
      else if (j > 0 && dp[j - 1] === true) {
        const ch = s[j - 1] as string;
        if (tok.t === 'any') next[j] = true;
        else if (tok.t === 'lit') next[j] = tok.c === ch;
        else next[j] = tok.test(ch) !== tok.neg;
      }
    }
    dp = next;
  }
  return dp[s.length] === true;
}

const wellFormedToken = fc.oneof(
  fc.constantFrom('a', 'b', 'c', '?', '*', '**'),
  fc.constantFrom('[ab]', '[^ab]', '[a-b]', '[c-a]', '[^b-c]', '[abc]', '[^c]'),
);
const wellFormedPattern = fc.array(wellFormedToken, { maxLength: 8 }).map((t) => t.join(''));
const subject = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 10 }).map((t) => t.join(''));

/** Every byte class that exercises a corner of the matcher. */
const NASTY = ['a', 'b', 'A', 'B', 'z', '*', '?', '[', ']', '^', '-', '\\', '\xff', '\x80', '\xc8', '\x00'];
const nastyPattern = fc.array(fc.constantFrom(...NASTY), { maxLength: 8 }).map((t) => t.join(''));
const nastySubject = fc.array(fc.constantFrom(...NASTY), { maxLength: 6 }).map((t) => t.join(''));

/* ---------- tests ---------- */

describe('stringMatch basics', () => {
  it('handles literals, ? and *', () => {
    expect(stringMatch('hello', 'hello', false)).toBe(true);
    expect(stringMatch('hello', 'hellO', false)).toBe(false);
    expect(stringMatch('h?llo', 'hallo', false)).toBe(true);
    expect(stringMatch('h?llo', 'hllo', false)).toBe(false);
    expect(stringMatch('h*llo', 'hllo', false)).toBe(true);
    expect(stringMatch('h*llo', 'heeeello', false)).toBe(true);
    expect(stringMatch('user:*', 'user:1000', false)).toBe(true);
    expect(stringMatch('user:*', 'user', false)).toBe(false);
    expect(stringMatch('*:*', 'a:b', false)).toBe(true);
    expect(stringMatch('a*', 'a', false)).toBe(true);
    expect(stringMatch('a**', 'a', false)).toBe(true);
    expect(stringMatch('', '', false)).toBe(true);
    expect(stringMatch('', 'a', false)).toBe(false);
  });

  it('never matches an empty subject with a non-empty pattern (even "*")', () => {
    // Redis 7.0.15: PSUBSCRIBE * does not receive PUBLISH to channel "";
    // KEYS/SCAN only see "" for a lone "*" because they skip the matcher.
    expect(stringMatch('*', '', false)).toBe(false);
    expect(stringMatch('**', '', false)).toBe(false);
    expect(stringMatch('?', '', false)).toBe(false);
  });

  it('handles sets, negation and ranges (reversed too)', () => {
    expect(stringMatch('h[ae]llo', 'hello', false)).toBe(true);
    expect(stringMatch('h[ae]llo', 'hillo', false)).toBe(false);
    expect(stringMatch('h[^e]llo', 'hallo', false)).toBe(true);
    expect(stringMatch('h[^e]llo', 'hello', false)).toBe(false);
    expect(stringMatch('h[a-b]llo', 'hbllo', false)).toBe(true);
    expect(stringMatch('h[b-a]llo', 'hallo', false)).toBe(true);
    expect(stringMatch('[!a]', 'b', false)).toBe(false); // '!' is not negation
    expect(stringMatch('[!a]', '!', false)).toBe(true);
  });

  it('reproduces bracket corner cases confirmed on redis 7.0.15', () => {
    expect(stringMatch('[]', ']', false)).toBe(false); // ']' first closes the set
    expect(stringMatch('[]]', ']', false)).toBe(false);
    expect(stringMatch('[]a]', 'a', false)).toBe(false);
    expect(stringMatch('[\\]]', ']', false)).toBe(true); // escaped ']'
    expect(stringMatch('[a-]', '^', false)).toBe(true); // range a..']'
    expect(stringMatch('[a-]', '-', false)).toBe(false);
    expect(stringMatch('[', '[', false)).toBe(false); // unterminated, empty set
    expect(stringMatch('[^', 'x', false)).toBe(true); // unterminated, negated empty set
    expect(stringMatch('[\\', '\\', false)).toBe(true); // lone backslash is literal
    expect(stringMatch('[abc', 'b', false)).toBe(true);
    expect(stringMatch('[abc', 'bx', false)).toBe(false);
  });

  it('compares set ranges as signed chars', () => {
    expect(stringMatch(L('[a-\xff]'), 'b', false)).toBe(false);
    expect(stringMatch(L('[a-\xff]'), L('\xff'), false)).toBe(true);
    expect(stringMatch(L('[a-\xff]'), L('\x00'), false)).toBe(true);
    expect(stringMatch(L('[a-\xff]'), L('\x80'), false)).toBe(false);
    expect(stringMatch(L('[\x80-\xff]'), L('\x90'), false)).toBe(true);
    expect(stringMatch(L('[\x80-a]'), L('\x90'), false)).toBe(true);
    expect(stringMatch(L('[\x80-a]'), 'b', false)).toBe(false);
  });

  it('handles backslash escapes outside sets', () => {
    expect(stringMatch('a\\*b', 'a*b', false)).toBe(true);
    expect(stringMatch('a\\*b', 'axb', false)).toBe(false);
    expect(stringMatch('\\?', '?', false)).toBe(true);
    expect(stringMatch('\\?', 'x', false)).toBe(false);
    expect(stringMatch('a\\', 'a\\', false)).toBe(true); // trailing backslash is literal
    expect(stringMatch('\\a', 'a', false)).toBe(true);
  });

  it('folds case in nocase mode like glibc C-locale tolower', () => {
    expect(stringMatch('MAXMEMORY', 'maxmemory', true)).toBe(true);
    expect(stringMatch('maxmemor?', 'MAXMEMORY', true)).toBe(true);
    expect(stringMatch('MAXMEMOR[X-Z]', 'maxmemory', true)).toBe(true);
    expect(stringMatch('[L-N]axmemory', 'maxmemory', true)).toBe(true);
    expect(stringMatch('\\Maxmemor?', 'maxmemory', true)).toBe(true);
    // escapes inside a set are compared case-sensitively
    expect(stringMatch('[\\M]axmemory', 'maxmemory', true)).toBe(false);
    expect(stringMatch('[\\m]axmemory', 'maxmemory', true)).toBe(true);
    // tolower maps signed -128..-2 to 128..254 but keeps -1 (0xff)
    expect(stringMatch(L('[\xc8-z]axmemory'), 'maxmemory', true)).toBe(false);
    expect(stringMatch(L('[\x80-z]axmemory'), 'maxmemory', true)).toBe(false);
    expect(stringMatch(L('[\xff-z]axmemory'), 'maxmemory', true)).toBe(true);
    expect(stringMatch(L('[\xc8-z]axmemory'), 'maxmemory', false)).toBe(true);
    expect(stringMatch('abc', 'ABC', false)).toBe(false);
  });
});

describe('stringMatch abuse protection', () => {
  it('gives up beyond 1000 nested stars like redis 7.0.15', () => {
    expect(stringMatch('*a'.repeat(1000), 'a'.repeat(1000), false)).toBe(true);
    expect(stringMatch('*a'.repeat(1000), 'a'.repeat(1005), false)).toBe(true);
    expect(stringMatch('*a'.repeat(1001), 'a'.repeat(1001), false)).toBe(false);
    expect(stringMatch('*a'.repeat(1001), 'a'.repeat(1010), false)).toBe(false);
  });

  it('answers exponential-looking patterns correctly (and promptly)', () => {
    const s = 'a'.repeat(5000);
    expect(stringMatch('a*'.repeat(20) + 'b', s, false)).toBe(false);
    expect(stringMatch('*a*a*a*a*a*a*a*a*b', s, false)).toBe(false);
    expect(stringMatch('*a*a*a*a*a*a*a*a*a', s, false)).toBe(true);
    expect(stringMatch('*?*?*?*?*?*?*?*?*?*?*b', s + 'b', false)).toBe(true);
  });
});

describe('stringMatch properties', () => {
  it('agrees with a reference DP matcher on well-formed patterns', () => {
    fc.assert(
      fc.property(wellFormedPattern, subject, (p, s) => {
        expect(stringMatch(p, s, false)).toBe(refMatch(p, s));
      }),
      { numRuns: 5000 },
    );
  });

  it('nocase equals matching ASCII-lowercased inputs (no ranges/escapes)', () => {
    const tok = fc.constantFrom('a', 'B', 'c', 'A', 'b', '?', '*', '[aB]', '[^Ab]');
    const pat = fc.array(tok, { maxLength: 7 }).map((t) => t.join(''));
    const sub = fc.array(fc.constantFrom('a', 'b', 'A', 'B', 'c', 'C'), { maxLength: 8 }).map((t) => t.join(''));
    fc.assert(
      fc.property(pat, sub, (p, s) => {
        expect(stringMatch(p, s, true)).toBe(stringMatch(p.toLowerCase(), s.toLowerCase(), false));
      }),
      { numRuns: 3000 },
    );
  });

  it('compileGlob agrees with stringMatch', () => {
    const pat = fc.oneof(
      nastyPattern,
      fc.tuple(fc.constantFrom('', 'ab', 'user:', 'A\xff'), fc.constantFrom('*', '**', '')).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(pat, nastySubject, fc.boolean(), (p, s, nocase) => {
        expect(compileGlob(p, nocase)(s)).toBe(stringMatch(p, s, nocase));
      }),
      { numRuns: 5000 },
    );
  });
});

describe.skipIf(REDIS_BIN === null)('stringMatch vs real redis-server (KEYS)', () => {
  let proc: ChildProcess | null = null;
  let client: Redis | null = null;

  beforeAll(async () => {
    const port = await freePort();
    proc = spawn(REDIS_BIN as string, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await waitForPort(port);
    client = new Redis({ port, host: '127.0.0.1' });
  });

  afterAll(async () => {
    client?.disconnect();
    if (proc && proc.exitCode === null) {
      proc.kill('SIGTERM');
      await once(proc, 'exit');
    }
  });

  it('matches KEYS results for random byte patterns', async () => {
    const c = client as Redis;
    const keys = [...new Set(['', ...fc.sample(nastySubject, { numRuns: 400, seed: 7 })])];
    const pipe = c.pipeline();
    pipe.flushall();
    for (const k of keys) pipe.set(Buffer.from(k, 'latin1'), '1');
    await pipe.exec();

    const patterns = fc.sample(nastyPattern, { numRuns: 3000, seed: 11 });
    patterns.push('*', '**', '[a-\xff]', '[\x80-a]*', '*\\', '[^', '[\\');
    const q = c.pipeline();
    for (const p of patterns) q.callBuffer('KEYS', Buffer.from(p, 'latin1'));
    const res = (await q.exec()) ?? [];
    const mismatches: string[] = [];
    patterns.forEach((p, i) => {
      const got = ((res[i]?.[1] ?? []) as Buffer[]).map((b) => b.toString('latin1')).sort();
      // KEYS skips the matcher for a lone "*" and returns every key.
      const want = (p === '*' ? keys : keys.filter((k) => stringMatch(p, k, false))).sort();
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(JSON.stringify(p));
    });
    expect(mismatches).toEqual([]);
    expect(patterns.length).toBeGreaterThan(500);
  });

  it('matches the nesting limit of the real server', async () => {
    const c = client as Redis;
    await c.flushall();
    await c.set('a'.repeat(1001), '1');
    expect((await c.keys('*a'.repeat(1000))).length).toBe(stringMatch('*a'.repeat(1000), 'a'.repeat(1001), false) ? 1 : 0);
    expect((await c.keys('*a'.repeat(1001))).length).toBe(stringMatch('*a'.repeat(1001), 'a'.repeat(1001), false) ? 1 : 0);
  });

  it('matches CONFIG GET (nocase) for tricky patterns', async () => {
    const c = client as Redis;
    const pats = ['[\\M]axmemory', '[\\m]axmemory', '\\Maxmemor?', '[L-N]axmemory', 'MAXMEMOR[X-Z]', '[\xc8-z]axmemory', '[\xff-z]axmemory', '[\x80-z]axmemory'];
    for (const p of pats) {
      const r = (await c.call('CONFIG', 'GET', Buffer.from(p, 'latin1'))) as string[];
      expect({ p, hit: r.includes('maxmemory') }).toEqual({ p, hit: stringMatch(p, 'maxmemory', true) });
    }
  });
});
