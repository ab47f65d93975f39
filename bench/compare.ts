/**
 * tredis against a real redis-server, side by side, with redis-benchmark.
 *
 *   npm run bench                 # full run (a few minutes)
 *   npm run bench -- --quick      # short run (~30 s)
 *   npm run bench -- --only=p1,p16,c500,memory --n=200000 --rounds=3 --keys=1000000
 *   npm run bench -- --only=evalsha,multi,publish   # issue 5, opt-in (bench/issue5.ts)
 *
 * Both servers run as child processes on free 127.0.0.1 ports without
 * persistence: `redis-server --save '' --appendonly no` and
 * `node dist/server/cli.js --save ''`. Every workload runs R rounds,
 * interleaved (redis, tredis, then tredis, redis, ...) so that machine drift
 * hits both; the table shows each side's median requests/second and the
 * ratio tredis/redis (1.00 = as fast as Redis).
 *
 * Memory: fresh servers, 1 000 000 `SET key:N val:N` loaded with
 * `redis-cli --pipe`, then both processes' VmRSS read the same way from
 * /proc/<pid>/status; the ratio is tredis/redis (lower is better).
 */
import path from 'node:path';
import fs from 'node:fs';
import { scripted } from './scripted.js';
import { EVALSHA_SHA, loadEvalshaScript, multiExec, publishFanout } from './issue5.js';
import { fileURLToPath } from 'node:url';
import { freePort, rssOf, runToEnd, startServerProcess, which, type ServerProc } from './lib.js';

interface Options {
  n: number;
  rounds: number;
  keys: number;
  only: Set<string>;
}

function parseArgs(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const opts: Options = {
    n: quick ? 20000 : 100000,
    rounds: quick ? 1 : 3,
    keys: quick ? 100000 : 1000000,
    only: new Set(['p1', 'p16', 'c500', 'coll-p1', 'coll-p16', 'memory', 'scripted']),
  };
  for (const a of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a}`);
    const [, k, v] = m;
    if (k === 'quick') continue;
    if (k === 'help') {
      process.stdout.write('usage: node dist/bench/compare.js [--quick] [--n=N] [--rounds=R] [--keys=K] [--only=p1,p16,c500,coll-p1,coll-p16,memory,scripted]\n' +
        '  opt-in ids (not in the default set): evalsha, multi, publish\n');
      process.exit(0);
    }
    if (v === undefined) throw new Error(`--${k} needs a value (--${k}=...)`);
    if (k === 'n') opts.n = Number(v);
    else if (k === 'rounds') opts.rounds = Number(v);
    else if (k === 'keys') opts.keys = Number(v);
    else if (k === 'only') opts.only = new Set(v.split(','));
    else throw new Error(`unknown option --${k}`);
  }
  if (!(opts.n > 0 && opts.rounds > 0 && opts.keys > 0)) throw new Error('--n, --rounds and --keys must be positive');
  return opts;
}

interface Workload {
  id: string;
  label: string;
  args: string[];
  n: number;
  /** An arbitrary command for redis-benchmark; it must come after every option. */
  command?: string[];
}

const COLLECTION_TESTS = 'lpush,rpop,lrange_100,lrange_600,sadd,spop,hset,zadd,zpopmin';

const EVALSHA_CMD = ['evalsha', EVALSHA_SHA, '1', 'key:__rand_int__', '1'];

function workloads(o: Options): Workload[] {
  const all: Workload[] = [
    { id: 'p1', label: 'c50 P1', args: ['-c', '50', '-P', '1', '-t', 'ping,set,get,incr,mset'], n: o.n },
    { id: 'p16', label: 'c50 P16', args: ['-c', '50', '-P', '16', '-t', 'ping,set,get,incr,mset'], n: o.n * 4 },
    { id: 'c500', label: 'c500 P1', args: ['-c', '500', '-P', '1', '-t', 'set,get'], n: o.n },
    // Collections (issue 4). redis-benchmark fills the list itself before LRANGE.
    { id: 'coll-p1', label: 'c50 P1', args: ['-c', '50', '-P', '1', '-t', COLLECTION_TESTS], n: o.n },
    { id: 'coll-p16', label: 'c50 P16', args: ['-c', '50', '-P', '16', '-t', COLLECTION_TESTS], n: o.n * 4 },
    // Issue 5 (opt-in): EVALSHA of a one-line INCRBY script, loaded on both servers first.
    { id: 'evalsha', label: 'c50 P1', args: ['-c', '50', '-P', '1', '-r', '100000'], command: EVALSHA_CMD, n: o.n },
    { id: 'evalsha', label: 'c50 P16', args: ['-c', '50', '-P', '16', '-r', '100000'], command: EVALSHA_CMD, n: o.n * 4 },
  ];
  return all.filter((w) => o.only.has(w.id));
}

/** redis-benchmark --csv: a header line, then "TEST","rps",... per test. */
function parseCsv(out: string): Map<string, number> {
  const res = new Map<string, number>();
  for (const line of out.split('\n')) {
    const cells = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    if (cells.length < 2 || cells[0] === 'test') continue;
    const rps = Number(cells[1]);
    if (Number.isFinite(rps)) res.set(cells[0], rps);
  }
  return res;
}

async function benchmark(port: number, w: Workload): Promise<Map<string, number>> {
  const r = await runToEnd('redis-benchmark', ['-h', '127.0.0.1', '-p', String(port), '-n', String(w.n), ...w.args, '-q', '--csv', ...(w.command ?? [])]);
  if (r.code !== 0) throw new Error(`redis-benchmark failed (${r.code}): ${r.stderr}${r.stdout}`);
  return parseCsv(r.stdout);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmtRps = (x: number): string => (Number.isFinite(x) ? Math.round(x).toString() : '-');
const fmtMB = (b: number): string => `${(b / 1048576).toFixed(1)} MB`;

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}

/** The V8 flags `npm start` and the tredis-server shebang use (keep the three in step). */
const TREDIS_NODE_FLAGS = ['--max-semi-space-size=4'];

async function startPair(cliJs: string): Promise<[ServerProc, ServerProc]> {
  const [rp, tp] = [await freePort(), await freePort()];
  const redis = await startServerProcess('redis-server', 'redis-server', ['--port', String(rp), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'], rp);
  try {
    const tredis = await startServerProcess('tredis', process.execPath, [...TREDIS_NODE_FLAGS, cliJs, '--port', String(tp), '--bind', '127.0.0.1', '--save', '', '--loglevel', 'warning'], tp);
    return [redis, tredis];
  } catch (e) {
    await redis.stop();
    throw e;
  }
}

function* setCommands(count: number): Generator<Buffer> {
  const batch = 10000;
  for (let i = 0; i < count; i += batch) {
    let s = '';
    for (let j = i; j < Math.min(count, i + batch); j++) {
      const k = `key:${j}`;
      const v = `val:${j}`;
      s += `*3\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$${v.length}\r\n${v}\r\n`;
    }
    yield Buffer.from(s, 'latin1');
  }
}

async function memory(cliJs: string, keys: number): Promise<string[]> {
  const [redis, tredis] = await startPair(cliJs);
  try {
    const out: string[] = [];
    const base = [rssOf(redis.proc.pid ?? -1), rssOf(tredis.proc.pid ?? -1)];
    for (const s of [redis, tredis]) {
      const r = await runToEnd('redis-cli', ['-h', '127.0.0.1', '-p', String(s.port), '--pipe'], setCommands(keys));
      const m = /errors: (\d+), replies: (\d+)/.exec(r.stdout);
      if (r.code !== 0 || !m || m[1] !== '0' || Number(m[2]) !== keys) throw new Error(`loading ${s.name} failed: ${r.stdout}${r.stderr}`);
    }
    await new Promise((r) => setTimeout(r, 3000)); // let both settle (tredis: its idle GC runs after a second without commands)
    const after = [rssOf(redis.proc.pid ?? -1), rssOf(tredis.proc.pid ?? -1)];
    out.push(`memory, ${keys} keys (SET key:N val:N), VmRSS:`);
    out.push(`  redis-server: ${fmtMB(after[0])} (started at ${fmtMB(base[0])}, +${fmtMB(after[0] - base[0])})`);
    out.push(`  tredis:       ${fmtMB(after[1])} (started at ${fmtMB(base[1])}, +${fmtMB(after[1] - base[1])})`);
    out.push(`  ratio tredis/redis: ${(after[1] / after[0]).toFixed(2)} total RSS, ${((after[1] - base[1]) / (after[0] - base[0])).toFixed(2)} growth`);
    return out;
  } finally {
    await Promise.all([redis.stop(), tredis.stop()]);
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  for (const bin of ['redis-server', 'redis-benchmark', 'redis-cli']) {
    if (which(bin) === null) throw new Error(`${bin} is not on PATH (apt-get install redis-server redis-tools)`);
  }
  const cliJs = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'server', 'cli.js');
  if (!fs.existsSync(cliJs)) throw new Error(`${cliJs} not found: run npm run build first`);

  const ws = workloads(opts);
  const rows: string[][] = [['workload', 'test', 'redis rps', 'tredis rps', 'ratio']];
  if (ws.length > 0) {
    const [redis, tredis] = await startPair(cliJs);
    try {
      if (ws.some((w) => w.id === 'evalsha')) await Promise.all([loadEvalshaScript(redis.port), loadEvalshaScript(tredis.port)]);
      for (const w of ws) {
        const samples = new Map<string, { redis: number[]; tredis: number[] }>();
        for (let round = 0; round < opts.rounds; round++) {
          // Alternate who goes first so slow drift does not favour one side.
          const order = round % 2 === 0 ? [redis, tredis] : [tredis, redis];
          for (const s of order) {
            const res = await benchmark(s.port, w);
            for (const [test, rps] of res) {
              const e = samples.get(test) ?? { redis: [], tredis: [] };
              (s === redis ? e.redis : e.tredis).push(rps);
              samples.set(test, e);
            }
          }
          process.stderr.write(`  ${w.label}: round ${round + 1}/${opts.rounds} done\n`);
        }
        for (const [test, e] of samples) {
          const r = e.redis.length > 0 ? median(e.redis) : NaN;
          const t = e.tredis.length > 0 ? median(e.tredis) : NaN;
          rows.push([w.label, test.length > 40 ? `${test.split(' ')[0]} <sha> ...` : test, fmtRps(r), fmtRps(t), Number.isFinite(r / t) ? (t / r).toFixed(2) : '-']);
        }
      }
    } finally {
      await Promise.all([redis.stop(), tredis.stop()]);
    }
    process.stdout.write(`\nredis-benchmark, -n ${opts.n} (x4 for P16), median of ${opts.rounds} interleaved round(s); ratio = tredis/redis\n`);
    process.stdout.write(`${table(rows)}\n`);
  }
  interface ClientRun {
    id: string;
    label: string;
    unit: string;
    run: (port: number) => Promise<number>;
  }
  const allClientRuns: ClientRun[] = [
    { id: 'multi', label: 'MULTI+10 INCR+EXEC, c50, 4 tx in flight', unit: 'tx/s', run: (p) => multiExec(p, opts.n) },
    { id: 'publish', label: 'PUBLISH to 50 subscribers, 4 publishers P16', unit: 'msgs delivered/s', run: (p) => publishFanout(p, Math.max(1000, opts.n / 5)) },
  ];
  const clientRuns = allClientRuns.filter((c) => opts.only.has(c.id));
  if (clientRuns.length > 0) {
    const crow: string[][] = [['workload', 'unit', 'redis', 'tredis', 'ratio']];
    const [redis, tredis] = await startPair(cliJs);
    try {
      for (const c of clientRuns) {
        const r: number[] = [];
        const t: number[] = [];
        for (let round = 0; round < opts.rounds; round++) {
          const order = round % 2 === 0 ? [redis, tredis] : [tredis, redis];
          for (const s of order) (s === redis ? r : t).push(await c.run(s.port));
          process.stderr.write(`  ${c.id}: round ${round + 1}/${opts.rounds} done\n`);
        }
        const [mr, mt] = [median(r), median(t)];
        crow.push([c.label, c.unit, fmtRps(mr), fmtRps(mt), (mt / mr).toFixed(2)]);
      }
    } finally {
      await Promise.all([redis.stop(), tredis.stop()]);
    }
    process.stdout.write(`\nnode clients, median of ${opts.rounds} interleaved round(s); ratio = tredis/redis\n${table(crow)}\n`);
  }
  if (opts.only.has('memory')) process.stdout.write(`\n${(await memory(cliJs, opts.keys)).join('\n')}\n`);
  if (opts.only.has('scripted')) {
    const [redis, tredis] = await startPair(cliJs);
    try {
      process.stdout.write(`\n${(await scripted(redis, tredis, opts.keys)).join('\n')}\n`);
    } finally {
      await Promise.all([redis.stop(), tredis.stop()]);
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
