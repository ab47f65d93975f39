/**
 * Issue 5 workloads (scripting, transactions, pub/sub), run side by side
 * against a real redis-server and tredis by bench/compare.ts:
 *
 *  - evalsha: redis-benchmark running EVALSHA of a small INCRBY script
 *    (loaded with SCRIPT LOAD on both servers first), -P 1 and -P 16;
 *  - multi: our own client, C connections each keeping a window of
 *    pipelined transactions (MULTI, 10 INCR, EXEC) in flight;
 *  - publish: 50 subscriber sockets on one channel, a few publishers
 *    pipelining PUBLISH; throughput = messages delivered to subscribers/s.
 *
 * Client-side costs (RESP scanning here) are the same for both servers.
 */
import { createHash } from 'node:crypto';
import { createConnection, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** The EVALSHA workload's script; its SHA1 is what SCRIPT LOAD returns. */
export const EVALSHA_SCRIPT = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
export const EVALSHA_SHA = createHash('sha1').update(EVALSHA_SCRIPT).digest('hex');

function encode(argv: readonly string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return s;
}

/** End offset of one complete RESP2 reply starting at `at`, or -1 if incomplete. */
function replyEnd(buf: Buffer, at: number): number {
  if (at >= buf.length) return -1;
  const nl = buf.indexOf(13, at);
  if (nl < 0 || nl + 1 >= buf.length) return -1;
  const type = buf[at];
  let pos = nl + 2;
  if (type === 0x24 /* $ */) {
    const n = Number(buf.toString('latin1', at + 1, nl));
    if (n < 0) return pos;
    return pos + n + 2 <= buf.length ? pos + n + 2 : -1;
  }
  if (type === 0x2a /* * */) {
    const n = Number(buf.toString('latin1', at + 1, nl));
    for (let i = 0; i < n; i++) {
      pos = replyEnd(buf, pos);
      if (pos < 0) return -1;
    }
    return pos;
  }
  return pos; // + - :
}

/**
 * Connected socket that counts complete top-level replies; `onReplies(k)`
 * is called after each read with the number of new replies. Throws on an
 * error reply so a broken workload cannot look fast.
 */
function counter(port: number, onReplies: (k: number) => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    s.setNoDelay(true);
    let pending: Buffer = Buffer.alloc(0);
    s.on('data', (d: Buffer) => {
      const buf = pending.length > 0 ? Buffer.concat([pending, d]) : d;
      let at = 0;
      let k = 0;
      for (;;) {
        if (at < buf.length && buf[at] === 0x2d /* - */) {
          s.destroy(new Error(`error reply: ${buf.toString('latin1', at, buf.indexOf(13, at))}`));
          return;
        }
        const e = replyEnd(buf, at);
        if (e < 0) break;
        at = e;
        k++;
      }
      pending = at < buf.length ? buf.subarray(at) : Buffer.alloc(0);
      if (k > 0) onReplies(k);
    });
    s.once('error', reject);
    s.once('connect', () => resolve(s));
  });
}

/** One command on a fresh connection; resolves with the raw reply. */
export async function rawCommand(port: number, argv: readonly string[]): Promise<string> {
  let done!: () => void;
  const got = new Promise<void>((r) => (done = r));
  let text = '';
  const s = await counter(port, () => done());
  s.on('data', (d: Buffer) => (text += d.toString('latin1')));
  s.write(encode(argv));
  await got;
  s.destroy();
  return text;
}

export async function loadEvalshaScript(port: number): Promise<void> {
  const r = await rawCommand(port, ['SCRIPT', 'LOAD', EVALSHA_SCRIPT]);
  if (!r.includes(EVALSHA_SHA)) throw new Error(`SCRIPT LOAD on port ${port} replied ${JSON.stringify(r)}`);
}

/** Transactions (MULTI + 10 INCR + EXEC) per second. */
export async function multiExec(port: number, total: number, conns = 50, window = 4): Promise<number> {
  let tx = 'MULTI';
  tx = encode([tx]);
  for (let i = 0; i < 10; i++) tx += encode(['INCR', `tx:counter:${i}`]);
  tx += encode(['EXEC']);
  const batch = Buffer.from(tx.repeat(window), 'latin1');
  const perConn = Math.ceil(total / conns / window); // batches per connection
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: conns }, async () => {
      let sent = 0;
      let replies = 0;
      let finish!: () => void;
      let fail!: (e: Error) => void;
      const ended = new Promise<void>((res, rej) => ((finish = res), (fail = rej)));
      const s = await counter(port, (k) => {
        replies += k;
        if (replies < sent * window * 12) return;
        if (sent === perConn) finish();
        else {
          sent++;
          s.write(batch);
        }
      });
      s.once('error', fail);
      s.once('close', () => fail(new Error('connection closed early')));
      sent = 1;
      s.write(batch);
      try {
        await ended;
      } finally {
        s.removeAllListeners('close');
        s.destroy();
      }
    }),
  );
  return (perConn * conns * window) / ((performance.now() - t0) / 1000);
}

/** Messages delivered to `subs` subscribers per second. */
export async function publishFanout(port: number, messages: number, subs = 50, pubs = 4, window = 16): Promise<number> {
  const channel = 'bench:fanout';
  const payload = 'x'.repeat(32);
  const perPub = Math.ceil(messages / pubs / window);
  const expected = perPub * pubs * window; // messages each subscriber must see
  const sockets: Socket[] = [];
  try {
    let subscribed!: () => void;
    let delivered!: () => void;
    let failed!: (e: Error) => void;
    const allSubscribed = new Promise<void>((r) => (subscribed = r));
    const allDelivered = new Promise<void>((res, rej) => ((delivered = res), (failed = rej)));
    let nSubscribed = 0;
    let nDone = 0;
    for (let i = 0; i < subs; i++) {
      let got = -1; // the first reply is the SUBSCRIBE confirmation
      const s = await counter(port, (k) => {
        if (got < 0 && ++nSubscribed === subs) subscribed();
        const before = got;
        got += k;
        if (before < expected && got >= expected && ++nDone === subs) delivered();
      });
      s.once('error', failed);
      sockets.push(s);
      s.write(encode(['SUBSCRIBE', channel]));
    }
    await allSubscribed;
    const batch = Buffer.from(encode(['PUBLISH', channel, payload]).repeat(window), 'latin1');
    const t0 = performance.now();
    for (let p = 0; p < pubs; p++) {
      let sent = 1;
      let replies = 0;
      const s = await counter(port, (k) => {
        replies += k;
        if (replies >= sent * window && sent < perPub) {
          sent++;
          s.write(batch);
        }
      });
      s.once('error', failed);
      sockets.push(s);
      s.write(batch);
    }
    await allDelivered;
    return (expected * subs) / ((performance.now() - t0) / 1000);
  } finally {
    for (const s of sockets) s.destroy();
  }
}
