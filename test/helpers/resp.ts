/**
 * A raw RESP client for tests that compare bytes: it sends commands as
 * multibulk requests and hands back each reply's exact bytes, found by a
 * small framing reader that knows every RESP2 and RESP3 type but decodes
 * nothing. Also: a tree view of a reply (for order-insensitive comparison)
 * and a printable escape for diff messages.
 *
 * Byte strings are latin1 strings, as everywhere in tredis.
 */
import net from 'node:net';

/** `*N\r\n$len\r\narg\r\n...` for argv given as latin1 strings or Buffers. */
export function encodeCommand(argv: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`, 'latin1')];
  for (const a of argv) {
    const b = typeof a === 'string' ? Buffer.from(a, 'latin1') : a;
    parts.push(Buffer.from(`$${b.length}\r\n`, 'latin1'), b, CRLF);
  }
  return Buffer.concat(parts);
}

const CRLF = Buffer.from('\r\n', 'latin1');

/** Index just past the "\r\n" that ends the line starting at `pos`, or -1. */
function lineEnd(buf: Buffer, pos: number): number {
  const cr = buf.indexOf(13, pos);
  if (cr < 0 || cr + 1 >= buf.length) return -1;
  return cr + 2;
}

function lineInt(buf: Buffer, pos: number, end: number): number {
  return Number(buf.toString('latin1', pos + 1, end - 2));
}

/**
 * Where the reply starting at `pos` ends (exclusive), or -1 when it is not
 * complete yet. Throws on a byte that starts no RESP type.
 */
export function replyEnd(buf: Buffer, pos: number): number {
  if (pos >= buf.length) return -1;
  const end = lineEnd(buf, pos);
  if (end < 0) return -1;
  const t = String.fromCharCode(buf[pos]);
  switch (t) {
    case '+':
    case '-':
    case ':':
    case '_':
    case ',':
    case '#':
    case '(':
      return end;
    case '$':
    case '!':
    case '=': {
      const n = lineInt(buf, pos, end);
      if (n < 0) return end;
      return end + n + 2 <= buf.length ? end + n + 2 : -1;
    }
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
      let n = lineInt(buf, pos, end);
      if (n < 0) return end;
      if (t === '%' || t === '|') n *= 2;
      let p = end;
      for (let i = 0; i < n; i++) {
        p = replyEnd(buf, p);
        if (p < 0) return -1;
      }
      // An attribute is metadata about the reply that follows it: one unit.
      return t === '|' ? replyEnd(buf, p) : p;
    }
    default:
      throw new Error(`not a RESP reply at byte ${pos}: ${escapeBytes(buf.subarray(pos, pos + 40))}`);
  }
}

/** A reply as a tree: `raw` is all of its bytes, `header` its first line. */
export interface ReplyNode {
  type: string;
  raw: Buffer;
  header: Buffer;
  children: ReplyNode[];
}

export function parseReply(buf: Buffer, pos = 0): ReplyNode {
  const end = replyEnd(buf, pos);
  if (end < 0) throw new Error('incomplete reply');
  const hEnd = lineEnd(buf, pos);
  const type = String.fromCharCode(buf[pos]);
  const node: ReplyNode = { type, raw: buf.subarray(pos, end), header: buf.subarray(pos, hEnd), children: [] };
  if ('*~>%|'.includes(type)) {
    let n = lineInt(buf, pos, hEnd);
    if (type === '%' || type === '|') n *= 2;
    let p = hEnd;
    for (let i = 0; i < n; i++) {
      const child = parseReply(buf, p);
      node.children.push(child);
      p += child.raw.length;
    }
  }
  return node;
}

/** The text of a simple or bulk reply (latin1), for tests that need a value. */
export function replyText(buf: Buffer): string {
  const t = String.fromCharCode(buf[0]);
  const hEnd = lineEnd(buf, 0);
  if (t === '$' || t === '!' || t === '=') return buf.toString('latin1', hEnd, buf.length - 2);
  return buf.toString('latin1', 1, hEnd - 2);
}

/** Bytes as redis-cli would quote them: printable ASCII kept, the rest \xHH, \r \n \t spelled. */
export function escapeBytes(b: Buffer | string, max = 400): string {
  const s = typeof b === 'string' ? b : b.toString('latin1');
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (out.length >= max) return `${out}... (${s.length} bytes)`;
    const c = s.charCodeAt(i);
    if (c === 13) out += '\\r';
    else if (c === 10) out += '\\n';
    else if (c === 9) out += '\\t';
    else if (c === 92) out += '\\\\';
    else if (c === 34) out += '\\"';
    else if (c >= 32 && c < 127) out += s[i];
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return out;
}

interface Waiter {
  resolve: (b: Buffer) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One TCP connection. `command()` resolves with the exact bytes of the next
 * reply. After a timeout or a closed connection the client is broken: every
 * later call rejects, so replies can never be matched to the wrong command.
 */
export class RawClient {
  private buf: Buffer = Buffer.alloc(0);
  private readonly waiters: Waiter[] = [];
  private broken: Error | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
      this.drain();
    });
    // Writing to or reading from a connection the server closed: one message for all the ways it surfaces.
    socket.on('error', (e: NodeJS.ErrnoException) =>
      this.fail(e.code === 'EPIPE' || e.code === 'ECONNRESET' || e.code === 'ERR_STREAM_WRITE_AFTER_END' || e.code === 'EOF' ? new Error('connection closed') : e),
    );
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host, noDelay: true });
      s.once('connect', () => {
        s.off('error', reject);
        resolve(new RawClient(s));
      });
      s.once('error', reject);
    });
  }

  get isBroken(): boolean {
    return this.broken !== null;
  }

  /** Send one command, resolve with its reply's bytes. */
  command(argv: readonly (string | Buffer)[], timeoutMs = 5000): Promise<Buffer> {
    return this.sendRaw(encodeCommand(argv), 1, timeoutMs).then((r) => r[0]);
  }

  /** Write any bytes and collect the next `replies` replies. */
  sendRaw(bytes: Buffer | string, replies: number, timeoutMs = 5000): Promise<Buffer[]> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.socket.readableEnded || !this.socket.writable) {
      this.fail(new Error('connection closed'));
      return Promise.reject(this.broken ?? new Error('connection closed'));
    }
    const promises: Promise<Buffer>[] = [];
    for (let i = 0; i < replies; i++) {
      promises.push(
        new Promise<Buffer>((resolve, reject) => {
          const timer = setTimeout(() => this.fail(new Error(`timeout after ${timeoutMs} ms waiting for a reply`)), timeoutMs);
          this.waiters.push({ resolve, reject, timer });
        }),
      );
    }
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    this.drain();
    return Promise.all(promises);
  }

  /** Resolves true once the connection is closed, or false after `ms`. */
  waitClosed(ms: number): Promise<boolean> {
    if (this.socket.closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.socket.off('close', onClose);
        resolve(false);
      }, ms);
      const onClose = (): void => {
        clearTimeout(t);
        resolve(true);
      };
      this.socket.once('close', onClose);
    });
  }

  close(): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.destroy();
    });
  }

  private drain(): void {
    while (this.waiters.length > 0 && this.buf.length > 0) {
      let end: number;
      try {
        end = replyEnd(this.buf, 0);
      } catch (e) {
        this.fail(e as Error);
        return;
      }
      if (end < 0) return;
      const reply = Buffer.from(this.buf.subarray(0, end));
      this.buf = this.buf.subarray(end);
      const w = this.waiters.shift() as Waiter;
      clearTimeout(w.timer);
      w.resolve(reply);
    }
  }

  private fail(e: Error): void {
    if (!this.broken) this.broken = e;
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(this.broken);
    }
    if (!this.socket.destroyed) this.socket.destroy();
  }
}
