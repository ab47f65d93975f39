import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { Redis } from 'ioredis';
import {
  INT64_MAX,
  INT64_MIN,
  addInt64,
  addLongDouble,
  checkHincrByFloatIncrement,
  d2string,
  double2ll,
  formatDouble,
  formatDoubleFixed,
  formatHumanDouble,
  formatLongDouble,
  hincrByFloat,
  incrByFloat,
  ll2string,
  longDoubleFromNumber,
  parseDouble,
  parseInt64,
  parseLongDouble,
  parseRangeDouble,
  parseSafeInt,
} from '../../datatypes/numbers.js';

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
if (REDIS_BIN === null) console.log('redis-server not on PATH: skipping number comparisons against real Redis');

/* ---------- generators ---------- */

const digitsArb = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), { minLength: min, maxLength: max }).map((d) =>
    d.join(''),
  );

/** Decimal literals with awkward shapes and exponents near every limit. */
const decimalArb = fc
  .tuple(
    fc.constantFrom('', '', '-', '+'),
    digitsArb(0, 21),
    fc.option(digitsArb(0, 21), { nil: undefined }),
    fc.option(
      fc.oneof(
        fc.integer({ min: -30, max: 30 }),
        fc.integer({ min: 290, max: 330 }),
        fc.integer({ min: -340, max: -290 }),
        fc.integer({ min: 4900, max: 4945 }),
        fc.integer({ min: -4975, max: -4920 }),
      ),
      { nil: undefined },
    ),
    fc.constantFrom('e', 'E'),
  )
  .map(([sign, int, frac, exp, e]) => {
    let s = sign + (int.length === 0 && frac === undefined ? '1' : int);
    if (frac !== undefined) s += '.' + frac;
    if (exp !== undefined) s += e + String(exp);
    return s;
  });

const hexDigits = fc
  .array(fc.constantFrom(...'0123456789abcdefABCDEF'.split('')), { minLength: 1, maxLength: 20 })
  .map((d) => d.join(''));

/** Hex floats, including long mantissas that need rounding. */
const hexArb = fc
  .tuple(
    fc.constantFrom('', '-'),
    fc.constantFrom('0x', '0X'),
    hexDigits,
    fc.option(hexDigits, { nil: undefined }),
    fc.option(fc.oneof(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -1140, max: 1030 }), fc.integer({ min: -16520, max: 16400 })), {
      nil: undefined,
    }),
  )
  .map(([sign, x, int, frac, exp]) => `${sign}${x}${int}${frac !== undefined ? '.' + frac : ''}${exp !== undefined ? 'p' + exp : ''}`);

/** Doubles written the ways clients typically write them. */
const doubleTextArb = fc
  .tuple(fc.double({ noNaN: true }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 }))
  .map(([d, k, how]) => (how === 0 ? String(d) : how === 1 && Number.isFinite(d) ? d.toExponential(k) : how === 2 && Math.abs(d) < 1e21 ? d.toFixed(k) : String(d)));

const junkArb = fc.oneof(
  fc.constantFrom('', ' 1', '1 ', '\t1', '1e', '1e+', '.', '-', '+', '0x', '0x.', '0x1p', 'inf', '-inf', '+INF', 'Infinity', 'infinit', 'nan', 'NaN', '-nan', 'nan(1)', '1\x002', '0e-99999', '1e-99999', '1e99999', '1_0', '١'),
  fc.array(fc.constantFrom(...'0123456789.eE+-xXpPinfatyINF '.split('')), { maxLength: 8 }).map((a) => a.join('')),
);

/** Everyday values: a few integer digits and up to 20 decimals. */
const ordinaryArb = fc
  .tuple(fc.constantFrom('', '-'), digitsArb(1, 6), digitsArb(1, 20))
  .map(([sign, int, frac]) => `${sign}${int}.${frac}`);

/**
 * Exact decimal spelling of (sign) k / 2^18: 18 decimals, so "%.17Lf" hits
 * an exact tie whenever k is odd (glibc rounds those to even).
 */
const tieArb = fc
  .tuple(fc.constantFrom('', '-'), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 2 ** 18 - 1 }))
  .map(([sign, n, m]) => {
    const digits = ((BigInt(n) * 2n ** 18n + BigInt(m)) * 5n ** 18n).toString().padStart(19, '0');
    return `${sign}${digits.slice(0, -18)}.${digits.slice(-18)}`;
  });

const floatTextArb = fc.oneof(
  { arbitrary: ordinaryArb, weight: 3 },
  { arbitrary: tieArb, weight: 2 },
  { arbitrary: decimalArb, weight: 5 },
  { arbitrary: hexArb, weight: 2 },
  { arbitrary: doubleTextArb, weight: 3 },
  { arbitrary: junkArb, weight: 1 },
  { arbitrary: fc.bigInt({ min: INT64_MIN, max: INT64_MAX }).map(String), weight: 1 },
);

const intTextArb = fc.oneof(
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }).map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.constantFrom('9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '-0', '+1', '01', '00', ' 1', '1 ', '', '-', '0', '1\x00', '9007199254740991', '9007199254740992', '-9007199254740993'),
  fc.array(fc.constantFrom(...'0123456789- +'.split('')), { maxLength: 22 }).map((a) => a.join('')),
);

/* ---------- integers ---------- */

describe('parseInt64 / parseSafeInt (string2ll)', () => {
  it('accepts exactly what string2ll accepts', () => {
    const ok: Array<[string, bigint]> = [
      ['0', 0n],
      ['1', 1n],
      ['-1', -1n],
      ['99', 99n],
      ['9223372036854775807', INT64_MAX],
      ['-9223372036854775808', INT64_MIN],
    ];
    for (const [s, v] of ok) expect(parseInt64(s)).toBe(v);
    const bad = ['', '-', '+1', ' 1', '1 ', '01', '00', '-0', '-01', '1.0', '1e3', '0x10', '9223372036854775808', '-9223372036854775809', '18446744073709551616', '1\x00', '１'];
    for (const s of bad) expect(parseInt64(s)).toBeNull();
  });

  it('parseSafeInt returns numbers only within ±(2^53-1)', () => {
    expect(parseSafeInt('9007199254740991')).toBe(9007199254740991);
    expect(parseSafeInt('-9007199254740991')).toBe(-9007199254740991);
    expect(parseSafeInt('9007199254740992')).toBeNull();
    expect(parseSafeInt('-9007199254740992')).toBeNull();
    expect(parseSafeInt('0')).toBe(0);
    expect(parseSafeInt('-0')).toBeNull();
    expect(parseSafeInt('12a')).toBeNull();
  });

  it('round-trips every int64', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: INT64_MIN, max: INT64_MAX }), (b) => {
        expect(parseInt64(String(b))).toBe(b);
        expect(ll2string(b)).toBe(String(b));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with a regex reference, and parseSafeInt agrees with parseInt64', () => {
    fc.assert(
      fc.property(intTextArb, (s) => {
        const shapeOk = /^(0|-?[1-9][0-9]*)$/.test(s);
        const want = shapeOk && BigInt(s) >= INT64_MIN && BigInt(s) <= INT64_MAX ? BigInt(s) : null;
        expect(parseInt64(s)).toBe(want);
        const safe = parseSafeInt(s);
        const inSafe = want !== null && want >= -(2n ** 53n - 1n) && want <= 2n ** 53n - 1n;
        expect(safe).toBe(inSafe ? Number(want) : null);
      }),
      { numRuns: 10000 },
    );
  });

  it('addInt64 detects long long overflow', () => {
    expect(addInt64(INT64_MAX, 1n)).toBeNull();
    expect(addInt64(INT64_MIN, -1n)).toBeNull();
    expect(addInt64(INT64_MAX, -1n)).toBe(INT64_MAX - 1n);
    expect(addInt64(5n, -7n)).toBe(-2n);
  });
});

/* ---------- doubles ---------- */

describe('parseDouble (getDoubleFromObject)', () => {
  it('accepts strtod syntax including hex floats and infinities', () => {
    const cases: Array<[string, number]> = [
      ['1', 1],
      ['-1.5', -1.5],
      ['+.5e+3', 500],
      ['5.', 5],
      ['.5', 0.5],
      ['0x10', 16],
      ['0X1P3', 8],
      ['0x1.8p1', 3],
      ['0x.8', 0.5],
      ['-0x1p-1074', -5e-324],
      ['inf', Infinity],
      ['+inf', Infinity],
      ['-INF', -Infinity],
      ['Infinity', Infinity],
      ['1e-310', 1e-310],
      ['3e-324', 5e-324],
      ['1.7976931348623157e308', 1.7976931348623157e308],
      ['0e-99999', 0],
    ];
    for (const [s, v] of cases) expect(parseDouble(s)).toBe(v);
    expect(Object.is(parseDouble('-0'), -0)).toBe(true);
  });

  it('rejects what Redis rejects', () => {
    const bad = ['', ' 1', '\t1', '1 ', 'nan', '-nan', 'NaN', '1e', '1e+', '.', '0x', '0x1p', 'infinit', '1e309', '-1e309', '1e-400', '2e-324', '0x1p-1080', '0x1p1024', '1\x002', '1,5', 'abc'];
    for (const s of bad) expect(parseDouble(s)).toBeNull();
  });

  it('round-trips formatDouble for any finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (d) => {
        const back = parseDouble(formatDouble(d));
        expect(Object.is(back, d)).toBe(true);
      }),
      { numRuns: 10000 },
    );
  });
});

describe('parseRangeDouble (zslParseRange strtod)', () => {
  it('follows bare strtod rules', () => {
    expect(parseRangeDouble(' 1')).toBe(1);
    expect(parseRangeDouble('')).toBe(0);
    expect(parseRangeDouble('1e400')).toBe(Infinity);
    expect(parseRangeDouble('1e-400')).toBe(0);
    expect(parseRangeDouble('0x1p0')).toBe(1);
    expect(parseRangeDouble('1\x00junk')).toBe(1);
    expect(parseRangeDouble('  ')).toBeNull();
    expect(parseRangeDouble('1 ')).toBeNull();
    expect(parseRangeDouble('nan')).toBeNull();
    expect(parseRangeDouble('abc')).toBeNull();
  });
});

describe('formatDouble (%.17g as addReplyDouble)', () => {
  it('formats like redis 7.0.15 ZSCORE', () => {
    const cases: Array<[number, string]> = [
      [0.1, '0.10000000000000001'],
      [1e300, '1.0000000000000001e+300'],
      [3, '3'],
      [-0, '-0'],
      [0, '0'],
      [1.5e-7, '1.4999999999999999e-07'],
      [123456789012345678, '1.2345678901234568e+17'],
      [1e17, '1e+17'],
      [1e16, '10000000000000000'],
      [2 ** 56, '72057594037927936'],
      [0.0001, '0.0001'],
      [0.00001, '1.0000000000000001e-05'],
      [1e-310, '9.9999999999999694e-311'],
      [5e-324, '4.9406564584124654e-324'],
      [Infinity, 'inf'],
      [-Infinity, '-inf'],
      [-2.5, '-2.5'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
    ];
    for (const [d, s] of cases) expect(formatDouble(d)).toBe(s);
  });

  it('rounds exact ties to even like glibc (JS toPrecision rounds up)', () => {
    expect(formatDouble(1000000000000000.25)).toBe('1000000000000000.2');
    expect(formatDouble(1000000000000000.75)).toBe('1000000000000000.8');
    expect(formatDouble(-1000000000000000.25)).toBe('-1000000000000000.2');
    expect((1000000000000000.25).toPrecision(17)).toBe('1000000000000000.3');
  });

  it('d2string, double2ll and fixed formatting', () => {
    expect(d2string(NaN)).toBe('nan');
    expect(d2string(-0)).toBe('-0');
    expect(d2string(42)).toBe('42');
    expect(double2ll(-0)).toBe(0);
    expect(Object.is(double2ll(-0), 0)).toBe(true);
    expect(double2ll(1.5)).toBeNull();
    expect(double2ll(2 ** 62)).toBe(2 ** 62);
    expect(double2ll(2 ** 63)).toBeNull();
    expect(formatDoubleFixed(2.5, 0)).toBe('2');
    expect(formatDoubleFixed(0.125, 2)).toBe('0.12');
    expect(formatDoubleFixed(-0.001, 2)).toBe('-0.00');
    expect(formatDoubleFixed(1e22, 1)).toBe('10000000000000000000000.0');
    expect(formatHumanDouble(13.361389338970184)).toBe('13.36138933897018433');
  });
});

/* ---------- long double ---------- */

describe('long double emulation', () => {
  it('INCRBYFLOAT examples confirmed on redis 7.0.15', () => {
    const cases: Array<[string | null, string, string]> = [
      ['10.5', '0.1', '10.6'],
      ['3.0e3', '1', '3001'],
      ['5.0e17', '1', '500000000000000001'],
      [null, '1e-20', '0'],
      [null, '-1e-20', '0'],
      ['-0', '-0', '0'],
      ['0', '-0', '0'],
      [null, '0x10', '16'],
      [null, '0e-5000', '0'],
      ['01', '1', '2'],
      [null, '1.7976931348623157e308', '179769313486231569995921046774104434048386446944329178485314420765176628523124396354701868608387085564428793419425520689308708363451136055357897278026477617073498977686288394835618163294045594434929537447290627480669417384648879122776218333598953852832103282504751611691208117720159985926376802466863339536384'],
    ];
    for (const [cur, inc, want] of cases) expect(incrByFloat(cur, inc)).toEqual({ ok: true, value: want });
    const big = incrByFloat(null, '1e400');
    expect(big.ok && big.value.startsWith('100000000000000000002818806839475865145864534336290520386259')).toBe(true);
    expect(big.ok && big.value.length).toBe(401);
  });

  it('INCRBYFLOAT errors', () => {
    const nanInf = { ok: false, error: 'ERR increment would produce NaN or Infinity' };
    const notFloat = { ok: false, error: 'ERR value is not a valid float' };
    expect(incrByFloat('1', 'inf')).toEqual(nanInf);
    expect(incrByFloat(null, '-inf')).toEqual(nanInf);
    expect(incrByFloat(null, 'nan')).toEqual(notFloat);
    expect(incrByFloat(null, ' 1')).toEqual(notFloat);
    expect(incrByFloat(null, '1e-5000')).toEqual(notFloat);
    expect(incrByFloat(null, '1e5000')).toEqual(notFloat);
    expect(incrByFloat('abc', '1')).toEqual(notFloat);
    expect(incrByFloat('1.2e4932', '1.2e4932')).toEqual(notFloat); // 1.2e4932 overflows 80-bit
    expect(incrByFloat('1.1e4932', '1.1e4932')).toEqual(nanInf); // sum overflows
    expect(incrByFloat(null, '1'.repeat(5120))).toEqual(notFloat); // string2ld buffer limit
  });

  it('HINCRBYFLOAT errors and precedence', () => {
    expect(hincrByFloat(null, 'inf')).toEqual({ ok: false, error: 'ERR value is NaN or Infinity' });
    expect(hincrByFloat('abc', 'x')).toEqual({ ok: false, error: 'ERR value is not a valid float' });
    expect(hincrByFloat('abc', '1')).toEqual({ ok: false, error: 'ERR hash value is not a float' });
    expect(hincrByFloat('1.1e4932', '1.1e4932')).toEqual({ ok: false, error: 'ERR increment would produce NaN or Infinity' });
    expect(hincrByFloat('10.5', '0.1')).toEqual({ ok: true, value: '10.6' });
    expect(checkHincrByFloatIncrement('1')).toBeNull();
  });

  it('adds with IEEE signed-zero and infinity rules', () => {
    const z = longDoubleFromNumber(0);
    const nz = longDoubleFromNumber(-0);
    expect(addLongDouble(nz, nz)).toMatchObject({ kind: 'finite', neg: true });
    expect(addLongDouble(z, nz)).toMatchObject({ kind: 'finite', neg: false });
    const inf = longDoubleFromNumber(Infinity);
    expect(addLongDouble(inf, longDoubleFromNumber(-Infinity)).kind).toBe('nan');
    expect(addLongDouble(inf, z)).toEqual(inf);
    const one = parseLongDouble('1');
    const tiny = parseLongDouble('0x1p-64'); // half an ulp of 1.0 in 64-bit precision
    expect(one && tiny && formatLongDouble(addLongDouble(one, tiny))).toBe('1');
    const x = parseLongDouble('0x1.0000000000000002p0'); // 1 + 2^-63: odd last bit
    const y = parseLongDouble('0x1.0000000000000003p0'); // exact tie, rounds up to even
    expect(y).toEqual(parseLongDouble('0x1.0000000000000004p0'));
    expect(x).toEqual({ kind: 'finite', neg: false, m: (1n << 63n) + 1n, e: -63 });
  });

  it('extended parsing keeps 64 bits, rounding ties to even', () => {
    // 2^64 + 1 needs 65 bits: a tie between 2^64 and 2^64 + 2 -> 2^64.
    expect(formatLongDouble(parseLongDouble('18446744073709551617') as NonNullable<ReturnType<typeof parseLongDouble>>)).toBe(
      '18446744073709551616',
    );
    // 2^64 + 3 -> tie between +2 and +4 -> +4.
    expect(formatLongDouble(parseLongDouble('18446744073709551619') as NonNullable<ReturnType<typeof parseLongDouble>>)).toBe(
      '18446744073709551620',
    );
    // Smallest subnormal extended value and just below half of it.
    expect(parseLongDouble('0x1p-16445')).not.toBeNull();
    expect(parseLongDouble('0x1p-16446')).toBeNull();
    expect(parseLongDouble('0x1.8p-16446')).not.toBeNull();
  });

  it('formats %.17Lf with exact half-even rounding', () => {
    const v = (s: string) => formatLongDouble(parseLongDouble(s) as NonNullable<ReturnType<typeof parseLongDouble>>);
    expect(v('0.1')).toBe('0.1');
    expect(v('0x1p-58')).toBe('0'); // 3.47e-18 rounds to 0.00000000000000000
    expect(v('-0x1p-58')).toBe('0'); // "-0.000..." trimmed to "-0" then "0"
    expect(v('-0x1p-56')).toBe('-0.00000000000000001');
    expect(v('123.456')).toBe('123.456');
    expect(v('1e20')).toBe('100000000000000000000');
    // exact ties at the 18th decimal, confirmed on redis 7.0.15
    expect(v('0x1p-18')).toBe('0.00000381469726562');
    expect(v('0x3p-18')).toBe('0.00001144409179688');
    expect(v('0x5p-18')).toBe('0.00001907348632812');
    expect(v('1.000003814697265625')).toBe('1.00000381469726562');
    expect(v('2.000011444091796875')).toBe('2.00001144409179688');
  });
});

/* ---------- against the real server ---------- */

type Reply = { err: string } | { ok: string };

function toReply(entry: [Error | null, unknown] | undefined): Reply {
  if (!entry) return { err: 'missing reply' };
  const [err, val] = entry;
  if (err) return { err: err.message };
  return { ok: Buffer.isBuffer(val) ? val.toString('latin1') : String(val) };
}

describe.skipIf(REDIS_BIN === null)('numbers vs real redis-server', () => {
  let proc: ChildProcess | null = null;
  let client: Redis | null = null;

  beforeAll(async () => {
    const port = await freePort();
    proc = spawn(REDIS_BIN as string, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await waitForPort(port);
    client = new Redis({ port, host: '127.0.0.1', stringNumbers: true });
    await client.config('SET', 'zset-max-listpack-entries', '0'); // skiplist keeps -0
  });

  afterAll(async () => {
    client?.disconnect();
    if (proc && proc.exitCode === null) {
      proc.kill('SIGTERM');
      await once(proc, 'exit');
    }
  });

  const B = (s: string): Buffer => Buffer.from(s, 'latin1');

  it('INCRBYFLOAT matches for random operand pairs', async () => {
    const c = client as Redis;
    const pairs = fc.sample(fc.tuple(fc.option(floatTextArb, { nil: null, freq: 6 }), floatTextArb), { numRuns: 4000, seed: 42 });
    pairs.push(['10.5', '0.1'], ['3.0e3', '1'], ['5.0e17', '1'], [null, '1e-20'], ['-1.5', '1.5'], ['1e4932', '1e4932']);
    const pipe = c.pipeline();
    for (const [cur, inc] of pairs) {
      pipe.del('k');
      if (cur !== null) pipe.set('k', B(cur));
      pipe.call('INCRBYFLOAT', 'k', B(inc));
    }
    const res = (await pipe.exec()) ?? [];
    let idx = 0;
    const mismatches: unknown[] = [];
    for (const [cur, inc] of pairs) {
      idx += cur === null ? 2 : 3;
      const got = toReply(res[idx - 1] as [Error | null, unknown]);
      const mine = incrByFloat(cur, inc);
      const want: Reply = mine.ok ? { ok: mine.value } : { err: mine.error };
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push({ cur, inc, got, want });
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(pairs.length).toBeGreaterThan(4000);
  });

  it('INCRBYFLOAT chains of increments stay identical', async () => {
    const c = client as Redis;
    const incs = fc.sample(fc.oneof(ordinaryArb, tieArb, decimalArb, doubleTextArb), { numRuns: 1500, seed: 9 }).filter((s) => parseLongDouble(s)?.kind === 'finite');
    await c.del('chain');
    let mine: string | null = null;
    const mismatches: unknown[] = [];
    const pipe = c.pipeline();
    for (const inc of incs) pipe.call('INCRBYFLOAT', 'chain', B(inc));
    const res = (await pipe.exec()) ?? [];
    incs.forEach((inc, i) => {
      const r = incrByFloat(mine, inc);
      const want: Reply = r.ok ? { ok: r.value } : { err: r.error };
      if (r.ok) mine = r.value;
      const got = toReply(res[i] as [Error | null, unknown]);
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push({ i, inc, got, want });
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(incs.length).toBeGreaterThan(100);
  });

  it('HINCRBYFLOAT matches for random operand pairs', async () => {
    const c = client as Redis;
    const pairs = fc.sample(fc.tuple(fc.option(floatTextArb, { nil: null, freq: 4 }), floatTextArb), { numRuns: 1500, seed: 5 });
    const pipe = c.pipeline();
    for (const [cur, inc] of pairs) {
      pipe.del('h');
      if (cur !== null) pipe.hset('h', 'f', B(cur));
      pipe.call('HINCRBYFLOAT', 'h', 'f', B(inc));
    }
    const res = (await pipe.exec()) ?? [];
    let idx = 0;
    const mismatches: unknown[] = [];
    for (const [cur, inc] of pairs) {
      idx += cur === null ? 2 : 3;
      const got = toReply(res[idx - 1] as [Error | null, unknown]);
      const mine = hincrByFloat(cur, inc);
      const want: Reply = mine.ok ? { ok: mine.value } : { err: mine.error };
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push({ cur, inc, got, want });
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('ZADD/ZSCORE parsing and %.17g formatting match', async () => {
    const c = client as Redis;
    const inputs = fc.sample(floatTextArb, { numRuns: 5000, seed: 3 });
    inputs.push('1000000000000000.25', '1000000000000000.75', '-0', '0.1', '1e17', '123456789012345678');
    await c.del('z');
    const pipe = c.pipeline();
    inputs.forEach((s, i) => {
      pipe.call('ZADD', 'z', B(s), `m${i}`);
      pipe.zscore('z', `m${i}`);
    });
    const res = (await pipe.exec()) ?? [];
    const mismatches: unknown[] = [];
    inputs.forEach((s, i) => {
      const added = toReply(res[2 * i] as [Error | null, unknown]);
      const score = toReply(res[2 * i + 1] as [Error | null, unknown]);
      const v = parseDouble(s);
      const got = 'err' in added ? added.err : 'ok' in score ? score.ok : score.err;
      const want = v === null ? 'ERR value is not a valid float' : formatDouble(v);
      if (got !== want) mismatches.push({ s, got, want });
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('range parsing (ZCOUNT) accepts and rejects like zslParseRange', async () => {
    const c = client as Redis;
    await c.del('r');
    const scores = [-Infinity, -1e308, -2.5, -1, 0, 0.5, 1, 16, 1e300, Infinity];
    await c.zadd('r', ...scores.flatMap((s, i) => [formatDouble(s), `m${i}`]));
    const inputs = fc.sample(floatTextArb, { numRuns: 2000, seed: 21 });
    inputs.push(' 1', '', '  ', '1e400', '0x1p4', '1\x00x', '-inf');
    const pipe = c.pipeline();
    for (const s of inputs) pipe.call('ZCOUNT', 'r', B(s), '+inf');
    const res = (await pipe.exec()) ?? [];
    const mismatches: unknown[] = [];
    inputs.forEach((s, i) => {
      const got = toReply(res[i] as [Error | null, unknown]);
      const v = parseRangeDouble(s);
      const want: Reply = v === null ? { err: 'ERR min or max is not a float' } : { ok: String(scores.filter((x) => x >= v).length) };
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push({ s, got, want });
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('INCRBY accepts exactly the string2ll integers', async () => {
    const c = client as Redis;
    const inputs = fc.sample(intTextArb, { numRuns: 3000, seed: 17 });
    const pipe = c.pipeline();
    for (const s of inputs) {
      pipe.set('i', B(s));
      pipe.incrby('i', 0);
    }
    const res = (await pipe.exec()) ?? [];
    const mismatches: unknown[] = [];
    inputs.forEach((s, i) => {
      const got = toReply(res[2 * i + 1] as [Error | null, unknown]);
      const v = parseInt64(s);
      const want: Reply = v === null ? { err: 'ERR value is not an integer or out of range' } : { ok: String(v) };
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push({ s, got, want });
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
