import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import Redis from 'ioredis';
import { createClient } from 'redis';
import { startServer, type TredisServer } from '../../server/index.js';
import { hasRedisCli } from '../helpers/redis-server.js';

let s: TredisServer;
const clients: Redis[] = [];
const propagated: string[][] = [];
function connect(): Redis {
  const r = new Redis(s.port, '127.0.0.1', { lazyConnect: false, maxRetriesPerRequest: 0 });
  clients.push(r);
  return r;
}

beforeAll(async () => {
  s = await startServer({ port: 0 });
  s.server.propagationListeners.push((_db, argv) => propagated.push(argv));
});
afterAll(async () => {
  for (const r of clients) r.disconnect();
  await s.close();
});

/**
 * A sliding-window rate limiter (the "sliding window counter" algorithm):
 * the current fixed window's count plus the previous window's, weighted by
 * how much of it still overlaps the sliding window. Returns {allowed, count}.
 */
const RATE_LIMITER = `
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local current = math.floor(now / window)
local cur_key = key .. ':' .. current
local prev_key = key .. ':' .. (current - 1)
local prev = tonumber(redis.call('GET', prev_key) or '0')
local cur = tonumber(redis.call('GET', cur_key) or '0')
local elapsed = (now % window) / window
local estimate = prev * (1 - elapsed) + cur
if estimate >= limit then
  return {0, math.floor(estimate)}
end
cur = redis.call('INCR', cur_key)
redis.call('PEXPIRE', cur_key, window * 2)
return {1, math.floor(prev * (1 - elapsed) + cur)}
`;

/** A leaderboard on a hash: add points, then read the top N sorted in Lua. */
const LB_ADD = `return redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])`;
const LB_TOP = `
local flat = redis.call('HGETALL', KEYS[1])
local rows = {}
for i = 1, #flat, 2 do rows[#rows + 1] = {flat[i], tonumber(flat[i + 1])} end
table.sort(rows, function(a, b) if a[2] ~= b[2] then return a[2] > b[2] end return a[1] < b[1] end)
local out = {}
for i = 1, math.min(tonumber(ARGV[1]), #rows) do
  out[#out + 1] = rows[i][1]
  out[#out + 1] = tostring(rows[i][2])
end
return out
`;

describe('EVAL basics', () => {
  it('converts replies and return values as Redis does', async () => {
    const r = connect();
    expect(await r.eval('return 10/2', 0)).toBe(5);
    expect(await r.eval('return tostring(10/2)', 0)).toBe('5');
    expect(await r.eval("return {1, 'a', {2, 3}, true, false, nil, 9}", 0)).toEqual([1, 'a', [2, 3], 1, null]);
    expect(await r.eval("return {ok='fine'}", 0)).toBe('fine');
    await expect(r.eval("return {err='MYERR bad'}", 0)).rejects.toThrow('MYERR bad');
    expect(await r.eval("redis.call('set', KEYS[1], 10/2) return redis.call('get', KEYS[1])", 1, 'five')).toBe('5');
    expect(await r.eval('return {KEYS[1], ARGV[1], ARGV[2]}', 1, 'k', 'a', 'b')).toEqual(['k', 'a', 'b']);
  });

  it('is binary-safe for every byte value', async () => {
    const r = connect();
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await r.set('bin', all);
    const back = await r.evalBuffer("local v = redis.call('GET', KEYS[1]) redis.call('SET', KEYS[2], v) return v", 2, 'bin', 'bin2');
    expect(Buffer.compare(back as Buffer, all)).toBe(0);
    expect(Buffer.compare((await r.getBuffer('bin2')) as Buffer, all)).toBe(0);
    const viaArg = await r.evalBuffer('return ARGV[1] .. ARGV[1]', 0, all);
    expect(Buffer.compare(viaArg as Buffer, Buffer.concat([all, all]))).toBe(0);
  });

  it('reports errors with the script line and Redis texts', async () => {
    const r = connect();
    await expect(r.eval("local a = 1\nreturn redis.call('get')", 0)).rejects.toThrow(
      /^ERR Wrong number of args calling Redis command from script script: [0-9a-f]{40}, on @user_script:2\.$/,
    );
    await expect(r.eval('x = 1', 0)).rejects.toThrow('Attempt to modify a readonly table');
    await expect(r.eval('return os.time()', 0)).rejects.toThrow("Script attempted to access nonexistent global variable 'os'");
    await expect(r.eval("return redis.call('set', 'a', 'b')", 0)).resolves.toBe('OK');
    await expect(r.call('eval_ro', "return redis.call('set', 'a', 'b')", '0')).rejects.toThrow('Write commands are not allowed from read-only scripts.');
  });

  it('propagates the effects, wrapped in MULTI/EXEC when there are several', async () => {
    const r = connect();
    propagated.length = 0;
    await r.eval("redis.call('set', 'p1', 'a') redis.call('incr', 'p2') redis.call('get', 'p1')", 0);
    expect(propagated).toEqual([['MULTI'], ['set', 'p1', 'a'], ['incr', 'p2'], ['EXEC']]);
    propagated.length = 0;
    await r.eval("redis.call('set', 'p3', 'a')", 0);
    expect(propagated).toEqual([['set', 'p3', 'a']]);
    propagated.length = 0;
    await r.eval("redis.set_repl(redis.REPL_NONE) redis.call('set', 'p4', 'a')", 0);
    expect(propagated).toEqual([]);
  });

  it('a write inside a script invalidates WATCH', async () => {
    const a = connect();
    const b = connect();
    await a.watch('w1');
    await b.eval("redis.call('set', 'w1', 'x')", 0);
    const res = await a.multi().set('w1', 'mine').exec();
    expect(res).toBeNull();
  });
});

describe('a sliding-window rate limiter in Lua', () => {
  it('allows up to the limit per window and slides', async () => {
    const r = connect();
    r.defineCommand('rateLimit', { numberOfKeys: 1, lua: RATE_LIMITER });
    const limited = r as Redis & { rateLimit(key: string, limit: number, window: number, now: number): Promise<[number, number]> };
    const results: number[] = [];
    for (let i = 0; i < 7; i++) results.push((await limited.rateLimit('rl:user1', 5, 1000, 10_000 + i))[0]);
    expect(results).toEqual([1, 1, 1, 1, 1, 0, 0]);
    // Half-way through the next window, half of the previous window's 5 still count.
    const [allowed, count] = await limited.rateLimit('rl:user1', 5, 1000, 11_500);
    expect(allowed).toBe(1);
    expect(count).toBe(3);
  });
});

describe('a leaderboard in Lua, from ioredis and node-redis', () => {
  it('both clients run the same scripts with EVALSHA and a NOSCRIPT fallback', async () => {
    const io = connect();
    const nr = createClient({ socket: { port: s.port, host: '127.0.0.1' } });
    await nr.connect();
    try {
      await io.script('FLUSH');
      // node-redis: EVALSHA first, EVAL on NOSCRIPT (what its scripts do).
      const sha = (await nr.scriptLoad(LB_TOP)) as string;
      await nr.scriptFlush();
      const evalshaOrEval = async (script: string, digest: string, keys: string[], args: string[]): Promise<unknown> => {
        try {
          return await nr.evalSha(digest, { keys, arguments: args });
        } catch (e) {
          if (!String(e).includes('NOSCRIPT')) throw e;
          return nr.eval(script, { keys, arguments: args });
        }
      };
      await nr.scriptFlush();
      await expect(nr.evalSha(sha, { keys: ['lb'], arguments: ['3'] })).rejects.toThrow('NOSCRIPT No matching script. Please use EVAL.');
      for (const [who, pts] of [['ann', 10], ['bob', 30], ['cid', 20], ['dee', 30]] as const) {
        await nr.eval(LB_ADD, { keys: ['lb'], arguments: [who, String(pts)] });
      }
      io.defineCommand('lbAdd', { numberOfKeys: 1, lua: LB_ADD });
      io.defineCommand('lbTop', { numberOfKeys: 1, lua: LB_TOP });
      const lb = io as Redis & { lbAdd(k: string, m: string, p: number): Promise<number>; lbTop(k: string, n: number): Promise<string[]> };
      expect(await lb.lbAdd('lb', 'ann', 25)).toBe(35);
      const fromIo = await lb.lbTop('lb', 3);
      expect(fromIo).toEqual(['ann', '35', 'bob', '30', 'dee', '30']);
      await nr.scriptFlush();
      const fromNr = await evalshaOrEval(LB_TOP, sha, ['lb'], ['3']);
      expect(fromNr).toEqual(fromIo);
      expect((await nr.scriptExists(sha)).map(Boolean)).toEqual([true]);
    } finally {
      await nr.quit();
    }
  });
});

describe('functions', () => {
  it('loads a library and calls its functions with FCALL / FCALL_RO', async () => {
    const r = connect();
    await r.call('function', 'flush');
    const code = [
      '#!lua name=counters',
      "redis.register_function('bump', function(keys, args) return redis.call('incrby', keys[1], args[1]) end)",
      "redis.register_function{function_name='peek', callback=function(keys) return redis.call('get', keys[1]) end, flags={'no-writes'}}",
    ].join('\n');
    expect(await r.call('function', 'load', code)).toBe('counters');
    expect(await r.call('fcall', 'bump', '1', 'c1', '5')).toBe(5);
    expect(await r.call('fcall_ro', 'peek', '1', 'c1')).toBe('5');
    await expect(r.call('fcall_ro', 'bump', '1', 'c1', '1')).rejects.toThrow('ERR Can not execute a script with write flag using *_ro command.');
    const dump = (await r.callBuffer('function', 'dump')) as Buffer;
    await r.call('function', 'flush');
    await expect(r.call('fcall', 'bump', '1', 'c1', '1')).rejects.toThrow('ERR Function not found');
    expect(await r.callBuffer('function', 'restore', dump)).toEqual(Buffer.from('OK'));
    expect(await r.call('fcall', 'bump', '1', 'c1', '1')).toBe(6);
  });
});

describe('busy scripts', () => {
  it('other clients get -BUSY, SCRIPT KILL stops a read-only script', async () => {
    const a = connect();
    const b = connect();
    await b.config('SET', 'busy-reply-threshold', '100');
    const running = a.eval('local i = 0 while true do i = i + 1 end', 0).catch((e: Error) => e);
    await new Promise((res) => setTimeout(res, 250));
    await expect(b.get('x')).rejects.toThrow('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
    await expect(b.call('function', 'kill')).rejects.toThrow('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
    expect(await b.script('KILL')).toBe('OK');
    const err = await running;
    expect(String(err)).toMatch(/ERR Script killed by user with SCRIPT KILL\.\.\. script: [0-9a-f]{40}, on @user_script:1\./);
    // The killed script's client carries on.
    expect(await a.ping()).toBe('PONG');
    expect(await b.script('KILL').catch((e: Error) => e.message)).toBe('NOTBUSY No scripts in execution right now.');
  });

  it('a script that wrote is unkillable; nothing else changes the data meanwhile', async () => {
    const a = connect();
    const b = connect();
    await b.config('SET', 'busy-reply-threshold', '100');
    await b.set('atom', '0');
    // Runs ~400 ms past the threshold, then checks nobody changed 'atom'.
    const script = `
      redis.call('set', 'atom', '1')
      local t0 = tonumber(redis.call('time')[1]) * 1000 + tonumber(redis.call('time')[2]) / 1000
      local n = 0
      while true do
        n = n + 1
        if n % 10000 == 0 then
          local t = redis.call('time')
          if tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000 - t0 > 400 then break end
        end
      end
      return redis.call('get', 'atom')`;
    const running = a.eval(script, 0);
    await new Promise((res) => setTimeout(res, 200));
    await expect(b.script('KILL')).rejects.toThrow(/^UNKILLABLE Sorry the script already executed write commands/);
    await expect(b.set('atom', '2')).rejects.toThrow('BUSY');
    expect(await running).toBe('1');
    expect(await b.get('atom')).toBe('1');
  });

  it.runIf(hasRedisCli())('an endless loop is killable with SCRIPT KILL from redis-cli', async () => {
    const a = connect();
    await a.config('SET', 'busy-reply-threshold', '50');
    const running = a.eval('while true do end', 0).catch((e: Error) => e);
    await new Promise((res) => setTimeout(res, 150));
    const cli = (...args: string[]) =>
      new Promise<string>((resolve) => execFile('redis-cli', ['-p', String(s.port), ...args], (_e, stdout) => resolve(stdout.trim())));
    expect(await cli('GET', 'x')).toBe('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
    expect(await cli('SCRIPT', 'KILL')).toBe('OK');
    expect(String(await running)).toContain('Script killed by user with SCRIPT KILL...');
    expect(await cli('PING')).toBe('PONG');
    await a.config('SET', 'busy-reply-threshold', '5000');
  });
});
