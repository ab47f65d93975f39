/**
 * Scripted workloads redis-benchmark cannot express, run against a real
 * redis-server and tredis started side by side (same machine, same run):
 *
 *  - SINTER of two sets of N members each (half of them shared);
 *  - a leaderboard: ZADD of N members, then ZRANGE 0 99, ZRANK of random
 *    members and ZREVRANGE 0 9, each repeated sequentially.
 *
 * Each timing is taken by one client that sends a request and waits for
 * the whole reply, so it includes one round trip, the same for both
 * servers. Ratios are Redis time / tredis time (higher is better, 1.0 =
 * as fast as Redis).
 */
import { createConnection, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { runToEnd, type ServerProc } from './lib.js';

/** Encode one command as RESP. */
function encode(argv: readonly string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return s;
}

/**
 * Read one complete RESP reply (any nesting) from the head of `buf`; returns
 * the byte offset after it, or -1 if incomplete. Enough for timing purposes.
 */
function replyEnd(buf: Buffer, at = 0): number {
  if (at >= buf.length) return -1;
  const nl = buf.indexOf('\r\n', at, 'latin1');
  if (nl < 0) return -1;
  const type = String.fromCharCode(buf[at]);
  const n = Number(buf.toString('latin1', at + 1, nl));
  let pos = nl + 2;
  if (type === '$') return n < 0 ? pos : pos + n + 2 <= buf.length ? pos + n + 2 : -1;
  if (type === '*' || type === '%' || type === '~' || type === '>') {
    const items = type === '%' ? n * 2 : n;
    for (let i = 0; i < items; i++) {
      pos = replyEnd(buf, pos);
      if (pos < 0) return -1;
    }
    return pos;
  }
  return pos;
}

class Conn {
  private buf: Buffer = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  private constructor(private readonly sock: Socket) {
    sock.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.waiter?.();
    });
  }

  static open(port: number): Promise<Conn> {
    return new Promise((resolve, reject) => {
      const s = createConnection({ port, host: '127.0.0.1' }, () => resolve(new Conn(s)));
      s.once('error', reject);
    });
  }

  /** Send a command and wait for its whole reply; returns milliseconds. */
  async time(argv: readonly string[]): Promise<number> {
    const start = performance.now();
    this.sock.write(encode(argv), 'latin1');
    for (;;) {
      const end = replyEnd(this.buf);
      if (end >= 0) {
        this.buf = this.buf.subarray(end);
        return performance.now() - start;
      }
      await new Promise<void>((r) => (this.waiter = r));
      this.waiter = null;
    }
  }

  close(): void {
    this.sock.destroy();
  }
}

function* batches(total: number, perCommand: number, make: (from: number, to: number) => string[]): Generator<Buffer> {
  let chunk = '';
  for (let i = 0; i < total; i += perCommand) {
    chunk += encode(make(i, Math.min(total, i + perCommand)));
    if (chunk.length > 1 << 20) {
      yield Buffer.from(chunk, 'latin1');
      chunk = '';
    }
  }
  if (chunk) yield Buffer.from(chunk, 'latin1');
}

async function load(port: number, input: Iterable<Buffer>): Promise<number> {
  const start = performance.now();
  const r = await runToEnd('redis-cli', ['-h', '127.0.0.1', '-p', String(port), '--pipe'], input);
  if (r.code !== 0 || !/errors: 0/.test(r.stdout)) throw new Error(`load failed: ${r.stdout}${r.stderr}`);
  return performance.now() - start;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Run the scripted workloads on one server; returns label → ms. */
async function runOn(port: number, n: number, reps: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const setMembers = (offset: number) => (from: number, to: number) => {
    const argv = ['SADD', offset === 0 ? 'set:a' : 'set:b'];
    for (let i = from; i < to; i++) argv.push(String(i + offset));
    return argv;
  };
  out.set(`SADD 2x${n} members (pipe)`, (await load(port, batches(n, 1000, setMembers(0)))) + (await load(port, batches(n, 1000, setMembers(n / 2)))));
  const c = await Conn.open(port);
  try {
    const sinter: number[] = [];
    for (let i = 0; i < 3; i++) sinter.push(await c.time(['SINTER', 'set:a', 'set:b']));
    out.set(`SINTER ${n} x ${n} (median of 3)`, median(sinter));
    const zadd = (from: number, to: number) => {
      const argv = ['ZADD', 'lb'];
      for (let i = from; i < to; i++) argv.push(String((i * 7919) % 1000003), `player:${i}`);
      return argv;
    };
    out.set(`ZADD ${n} members (pipe)`, await load(port, batches(n, 1000, zadd)));
    let t = 0;
    for (let i = 0; i < reps; i++) t += await c.time(['ZRANGE', 'lb', '0', '99', 'WITHSCORES']);
    out.set(`ZRANGE lb 0 99 WITHSCORES x${reps}`, t);
    t = 0;
    for (let i = 0; i < reps; i++) t += await c.time(['ZRANK', 'lb', `player:${(i * 104729) % n}`]);
    out.set(`ZRANK random member x${reps}`, t);
    t = 0;
    for (let i = 0; i < reps; i++) t += await c.time(['ZREVRANGE', 'lb', '0', '9']);
    out.set(`ZREVRANGE lb 0 9 x${reps}`, t);
  } finally {
    c.close();
  }
  return out;
}

export async function scripted(redis: ServerProc, tredis: ServerProc, n: number): Promise<string[]> {
  const reps = 1000;
  const r = await runOn(redis.port, n, reps);
  const t = await runOn(tredis.port, n, reps);
  const lines = [`scripted workloads (ms, lower is better; ratio = redis ms / tredis ms):`];
  for (const [label, ms] of r) {
    const tm = t.get(label) ?? NaN;
    lines.push(`  ${label.padEnd(34)} redis ${ms.toFixed(1).padStart(9)}  tredis ${tm.toFixed(1).padStart(9)}  ratio ${(ms / tm).toFixed(2)}`);
  }
  return lines;
}
