/**
 * Micro-benchmarks of the hot paths, with tinybench:
 *
 *   - request parsing: RequestParser over a pipeline of 100 SET commands,
 *     whole and split into 1 KB chunks (as a socket delivers them);
 *   - reply writing: the Client's approach (appending to a latin1 string,
 *     one Buffer conversion per flush) against writing into a reused
 *     preallocated Buffer;
 *   - the keyspace: Keyspace set/get against a plain Map (the baseline the
 *     slot layout costs against).
 *
 *   npm run bench:micro            (builds first)
 *   node dist/bench/micro.js --quick
 */
import { Bench } from 'tinybench';
import { RequestParser, defaultParserLimits } from '../server/resp-parser.js';
import { Keyspace } from '../datatypes/keyspace.js';

const quick = process.argv.includes('--quick');
const TIME = quick ? 200 : 1000;

function encode(argv: readonly string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

// --- parser inputs
const PIPELINE = 100;
let pipeText = '';
for (let i = 0; i < PIPELINE; i++) pipeText += encode(['SET', `key:${i}`, `value:${i}`]);
const pipeBuf = Buffer.from(pipeText, 'latin1');
const pipeChunks: Buffer[] = [];
for (let i = 0; i < pipeBuf.length; i += 1024) pipeChunks.push(pipeBuf.subarray(i, i + 1024));

function parseAll(parser: RequestParser, chunks: readonly Buffer[]): number {
  let n = 0;
  for (const c of chunks) {
    parser.feed(c);
    while (parser.next() !== null) n++;
  }
  if (n !== PIPELINE) throw new Error(`parsed ${n} commands, expected ${PIPELINE}`);
  return n;
}

// --- reply writing: 16 replies of a typical GET/SET/INCR mix per flush
const VALUES = Array.from({ length: 16 }, (_, i) => `value:${i * 7919}`);

function repliesAsString(): Buffer {
  let out = '';
  for (let i = 0; i < 16; i++) {
    const v = VALUES[i];
    if (i % 4 === 0) out += '+OK\r\n';
    else if (i % 4 === 1) out += ':' + i + '\r\n';
    else out += '$' + v.length + '\r\n' + v + '\r\n';
  }
  return Buffer.from(out, 'latin1');
}

const replyBuf = Buffer.allocUnsafe(64 * 1024);
function repliesIntoBuffer(): Buffer {
  let p = 0;
  for (let i = 0; i < 16; i++) {
    const v = VALUES[i];
    if (i % 4 === 0) p += replyBuf.write('+OK\r\n', p, 'latin1');
    else if (i % 4 === 1) p += replyBuf.write(':' + i + '\r\n', p, 'latin1');
    else {
      p += replyBuf.write('$' + v.length + '\r\n', p, 'latin1');
      p += replyBuf.write(v, p, 'latin1');
      p += replyBuf.write('\r\n', p, 'latin1');
    }
  }
  return replyBuf.subarray(0, p);
}

// --- keyspace
const NKEYS = 100000;
const KEYS = Array.from({ length: NKEYS }, (_, i) => `key:${i}`);
const ks = new Keyspace<string>();
const map = new Map<string, string>();
for (const k of KEYS) {
  ks.set(k, 'v', 0);
  map.set(k, 'v');
}
let cursor = 0;
/** Keyspace tasks do this many operations per call, so the harness's per-call cost stays out of the figure. */
const BATCH = 1000;
const TMP_KEYS = Array.from({ length: BATCH }, (_, i) => `tmp:${i}`);

async function main(): Promise<void> {
  const bench = new Bench({ time: TIME, warmup: true, warmupTime: Math.min(200, TIME) });
  const parser = new RequestParser(defaultParserLimits());
  bench
    .add(`parse ${PIPELINE} SETs (one buffer)`, () => {
      parseAll(parser, [pipeBuf]);
    })
    .add(`parse ${PIPELINE} SETs (1 KB chunks)`, () => {
      parseAll(parser, pipeChunks);
    })
    .add('write 16 replies: string + Buffer.from', () => {
      repliesAsString();
    })
    .add('write 16 replies: preallocated Buffer', () => {
      repliesIntoBuffer();
    })
    .add(`Keyspace.set x${BATCH} (overwrite)`, () => {
      for (let i = 0; i < BATCH; i++) ks.set(KEYS[(cursor + i) % NKEYS], 'w', 0);
      cursor = (cursor + BATCH) % NKEYS;
    })
    .add(`Keyspace get x${BATCH} (slotOf + valueOf)`, () => {
      for (let i = 0; i < BATCH; i++) {
        const slot = ks.slotOf(KEYS[(cursor + i) % NKEYS]);
        if (slot < 0 || ks.valueOf(slot) === undefined) throw new Error('missing key');
      }
      cursor = (cursor + BATCH) % NKEYS;
    })
    .add(`Map.set x${BATCH} (baseline)`, () => {
      for (let i = 0; i < BATCH; i++) map.set(KEYS[(cursor + i) % NKEYS], 'w');
      cursor = (cursor + BATCH) % NKEYS;
    })
    .add(`Map.get x${BATCH} (baseline)`, () => {
      for (let i = 0; i < BATCH; i++) if (map.get(KEYS[(cursor + i) % NKEYS]) === undefined) throw new Error('missing key');
      cursor = (cursor + BATCH) % NKEYS;
    })
    .add(`Keyspace set + delete x${BATCH} (new keys)`, () => {
      for (let i = 0; i < BATCH; i++) {
        const k = TMP_KEYS[i];
        ks.set(k, 'v', 0);
        ks.delete(k);
      }
    });
  await bench.run();
  const rows = bench.tasks.map((t) => {
    const r = t.result;
    const hz = r && 'throughput' in r ? r.throughput.mean : NaN;
    const per = t.name.startsWith('parse') ? PIPELINE : t.name.includes(`x${BATCH}`) ? BATCH : 0;
    const extra = per > 0 ? `${((hz * per) / 1e6).toFixed(2)} M ${per === PIPELINE ? 'cmds' : 'ops'}/s` : '';
    return { task: t.name, 'ops/s': Math.round(hz).toLocaleString('en-US'), note: extra };
  });
  console.table(rows);
}

void main();
