/**
 * Logging with pino at Redis's four levels (debug, verbose, notice,
 * warning). Lines are printed the way redis-server prints them:
 *
 *   12345:M 23 Nov 2026 12:00:00.123 * Ready to accept connections tcp
 *
 * where the mark is '.' debug, '-' verbose, '*' notice, '#' warning. Log calls
 * never sit on the per-command hot path; they are for connections, errors
 * and lifecycle events.
 */
import pino from 'pino';
import { Writable } from 'node:stream';

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';

const PINO_LEVELS: Record<LogLevel, number> = { debug: 20, verbose: 25, notice: 35, warning: 40 };
const MARKS: Record<number, string> = { 20: '.', 25: '-', 35: '*', 40: '#' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

export function redisTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Turns pino's JSON lines into Redis-style lines on `out`. */
function redisFormat(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          const rec = JSON.parse(line) as { level: number; time: number; msg: string; pid: number };
          out.write(`${rec.pid}:M ${redisTimestamp(rec.time)} ${MARKS[rec.level] ?? '*'} ${rec.msg}\n`);
        } catch {
          out.write(line + '\n');
        }
      }
      done();
    },
  });
}

export interface Logger {
  debug(msg: string): void;
  verbose(msg: string): void;
  notice(msg: string): void;
  warning(msg: string): void;
  setLevel(level: LogLevel): void;
}

/**
 * A logger writing Redis-style lines to `out`, or nothing when `out` is
 * null (the default for servers embedded in tests).
 */
export function createLogger(level: LogLevel, out: NodeJS.WritableStream | null): Logger {
  const p = pino(
    {
      level: out ? level : 'silent',
      customLevels: PINO_LEVELS,
      useOnlyCustomLevels: true,
      base: { pid: process.pid },
    },
    out ? redisFormat(out) : undefined,
  );
  return {
    debug: (m) => p.debug(m),
    verbose: (m) => p.verbose(m),
    notice: (m) => p.notice(m),
    warning: (m) => p.warning(m),
    setLevel: (l) => {
      if (out) p.level = l;
    },
  };
}
