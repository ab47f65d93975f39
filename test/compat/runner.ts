/**
 * Runs compat scripts against a real redis-server and an in-process tredis
 * and collects every reply that differs.
 *
 * Each script runs on fresh connections (so db 0 and the protocol start
 * clean), after both servers are emptied. In the RESP3 pass both
 * connections send HELLO 3 first. Each line goes to both servers at the
 * same moment (so TTL-derived replies stay close); a line whose command is
 * on the skip list (pending.ts) goes to neither.
 */
import { RawClient, escapeBytes } from '../helpers/resp.js';
import { repliesMatch } from './compare.js';
import { isPending } from './pending.js';
import type { ScriptLine } from './script.js';

export type Proto = 2 | 3;

/** The two servers under comparison. */
export interface Pair {
  redisPort: number;
  tredisPort: number;
  /** Empties tredis without a command (used while FLUSHALL is pending). */
  clearTredis: () => void;
  /** Lines not sent to either server; defaults to the skip list in pending.ts. */
  skip?: (argv: readonly string[]) => boolean;
}

export interface ScriptResult {
  ran: number;
  skipped: number;
  mismatches: string[];
}

/** A reply, or what happened instead (timeout, connection closed), as comparable bytes. */
async function replyOrFailure(c: RawClient, argv: readonly string[]): Promise<Buffer> {
  try {
    return await c.command(argv);
  } catch (e) {
    return Buffer.from(`<no reply: ${(e as Error).message}>`, 'latin1');
  }
}

export function describeMismatch(where: string, cmd: string, redis: Buffer, tredis: Buffer): string {
  return `${where}\n    command: ${cmd}\n    redis:   "${escapeBytes(redis)}"\n    tredis:  "${escapeBytes(tredis)}"`;
}

export async function openPair(pair: Pair, proto: Proto): Promise<[RawClient, RawClient]> {
  const r = await RawClient.connect(pair.redisPort);
  const t = await RawClient.connect(pair.tredisPort);
  if (proto === 3) {
    const [hr, ht] = await Promise.all([replyOrFailure(r, ['HELLO', '3']), replyOrFailure(t, ['HELLO', '3'])]);
    // HELLO's map carries the connection id, which differs: compare its type only.
    if (hr[0] !== ht[0]) throw new Error(describeMismatch('HELLO 3 (protocol switch)', 'HELLO 3', hr, ht));
  }
  return [r, t];
}

/** Empty both servers, outside the comparison (see pending.ts about FLUSHALL). */
export async function resetBoth(pair: Pair): Promise<void> {
  const r = await RawClient.connect(pair.redisPort);
  const t = await RawClient.connect(pair.tredisPort);
  try {
    const rr = await r.command(['FLUSHALL']);
    if (rr.toString('latin1') !== '+OK\r\n') throw new Error(`redis FLUSHALL: ${escapeBytes(rr)}`);
    if ((pair.skip ?? isPending)(['FLUSHALL'])) {
      pair.clearTredis();
    } else {
      const tr = await t.command(['FLUSHALL']);
      if (tr.toString('latin1') !== '+OK\r\n') throw new Error(`tredis FLUSHALL: ${escapeBytes(tr)}`);
    }
  } finally {
    await Promise.all([r.close(), t.close()]);
  }
}

export async function runScript(name: string, lines: readonly ScriptLine[], pair: Pair, proto: Proto): Promise<ScriptResult> {
  const result: ScriptResult = { ran: 0, skipped: 0, mismatches: [] };
  const skip = pair.skip ?? isPending;
  await resetBoth(pair);
  let [r, t] = await openPair(pair, proto);
  try {
    for (const line of lines) {
      if ((line.mods.has('resp2') && proto !== 2) || (line.mods.has('resp3') && proto !== 3)) continue;
      if (skip(line.argv)) {
        result.skipped++;
        continue;
      }
      result.ran++;
      const [rr, tr] = await Promise.all([replyOrFailure(r, line.argv), replyOrFailure(t, line.argv)]);
      if (!repliesMatch(rr, tr, line.mods)) {
        result.mismatches.push(describeMismatch(`${name}:${line.line} (RESP${proto})`, line.text, rr, tr));
      }
      if (line.argv[0].toLowerCase() === 'quit') {
        // QUIT replies +OK and then closes: wait for both closes before the next line.
        await Promise.all([r.waitClosed(1000), t.waitClosed(1000)]);
        if (!r.isBroken || !t.isBroken) result.mismatches.push(`${name}:${line.line} (RESP${proto}): QUIT did not close ${r.isBroken ? 'tredis' : 'redis'}'s connection`);
      }
      if (r.isBroken || t.isBroken) {
        // The other side's close may still be on its way (QUIT): give it a moment.
        if (!r.isBroken) await r.waitClosed(500);
        if (!t.isBroken) await t.waitClosed(500);
        if (r.isBroken !== t.isBroken) {
          result.mismatches.push(`${name}:${line.line} (RESP${proto}): only ${r.isBroken ? 'redis' : 'tredis'} closed the connection; rest of the script not run`);
          break;
        }
        // Both closed (QUIT, protocol error): carry on with new connections.
        await Promise.all([r.close(), t.close()]);
        [r, t] = await openPair(pair, proto);
      }
    }
  } finally {
    await Promise.all([r.close(), t.close()]);
  }
  return result;
}
