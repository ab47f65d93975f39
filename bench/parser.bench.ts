/**
 * Request parsing micro-benchmark: tredis's RequestParser against the
 * `redis-parser` npm package (the reply parser node-redis/ioredis used),
 * fed the same bytes. A request (`*N\r\n$len\r\n...`) is byte-for-byte an
 * array reply, so redis-parser can decode it; it just is not built for it
 * (no inline commands, no Redis limits or error texts, and its string mode
 * decodes UTF-8, which is not binary-safe).
 *
 * Run: npx tsc -p tsconfig.json && node dist/bench/parser.bench.js
 * Results are quoted in docs/protocol.md.
 */
import { createRequire } from 'node:module';
import { Bench } from 'tinybench';
import { RequestParser, defaultParserLimits } from '../server/resp-parser.js';

interface RedisParserOptions {
  returnReply(reply: unknown): void;
  returnError(err: Error): void;
  returnFatalError?(err: Error): void;
  returnBuffers?: boolean;
  stringNumbers?: boolean;
}
interface RedisParserInstance {
  execute(data: Buffer): void;
}
type RedisParserCtor = new (opts: RedisParserOptions) => RedisParserInstance;

const require = createRequire(import.meta.url);
const RedisParser = require('redis-parser') as RedisParserCtor;

function encode(argv: readonly string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

function chunk(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

interface Workload {
  name: string;
  chunks: Buffer[];
  commands: number;
  bytes: number;
}

function workload(name: string, cmds: string[][], chunkSize: number): Workload {
  const buf = Buffer.from(cmds.map(encode).join(''), 'latin1');
  return { name, chunks: chunk(buf, chunkSize), commands: cmds.length, bytes: buf.length };
}

const small = Array.from({ length: 1000 }, (_, i) => ['SET', `key:${i}`, `value:${i}`]);
const medium = Array.from({ length: 200 }, (_, i) => ['SET', `key:${i}`, 'x'.repeat(1024)]);
const huge = [['SET', 'big', 'y'.repeat(8 * 1024 * 1024)]];

const workloads: Workload[] = [
  workload('1000 x SET k v (27 B), 64 KB chunks', small, 65536),
  workload('1000 x SET k v (27 B), 1000 B chunks', small, 1000),
  workload('200 x SET k 1KB, 16 KB chunks', medium, 16384),
  workload('1 x SET k 8MB, 64 KB chunks', huge, 65536),
];

function tredis(w: Workload): number {
  const p = new RequestParser(defaultParserLimits());
  let n = 0;
  for (const c of w.chunks) {
    p.feed(c);
    while (p.next() !== null) n++;
  }
  if (n !== w.commands) throw new Error(`tredis parsed ${n} of ${w.commands}`);
  return n;
}

function redisParser(w: Workload, mode: 'buffers' | 'buffers+latin1' | 'utf8 strings'): number {
  let n = 0;
  const p = new RedisParser({
    returnBuffers: mode !== 'utf8 strings',
    returnReply(reply: unknown) {
      if (mode === 'buffers+latin1') (reply as Buffer[]).map((b) => b.toString('latin1'));
      n++;
    },
    returnError(err: Error) {
      throw err;
    },
  });
  for (const c of w.chunks) p.execute(c);
  if (n !== w.commands) throw new Error(`redis-parser parsed ${n} of ${w.commands}`);
  return n;
}

async function main(): Promise<void> {
  const rows: Record<string, string>[] = [];
  for (const w of workloads) {
    const bench = new Bench({ time: 1000, warmup: true, warmupTime: 200 });
    bench
      .add('tredis RequestParser (latin1 strings)', () => tredis(w))
      .add('redis-parser, Buffers', () => redisParser(w, 'buffers'))
      .add('redis-parser, Buffers -> latin1 strings', () => redisParser(w, 'buffers+latin1'))
      .add('redis-parser, utf8 strings (not binary-safe)', () => redisParser(w, 'utf8 strings'));
    await bench.run();
    for (const t of bench.tasks) {
      const r = t.result;
      if (!('latency' in r)) continue;
      const ms = r.latency.mean;
      rows.push({
        workload: w.name,
        parser: t.name,
        'µs / pass': (ms * 1000).toFixed(1),
        'commands / s': Math.round((w.commands / ms) * 1000).toLocaleString('en-US'),
        'MB / s': ((w.bytes / ms) * 1000 / 1e6).toFixed(0),
      });
    }
  }
  console.log(`node ${process.version}`);
  console.table(rows);
}

await main();
