/**
 * Publish/subscribe and keyspace notifications (Redis's pubsub.c and
 * notify.c).
 *
 * Three registries map a name to the clients listening on it:
 *
 *   channels:       "news"  → {A, B}        SUBSCRIBE / PUBLISH
 *   patterns:       "n*"    → {C}           PSUBSCRIBE (glob, as KEYS)
 *   shard channels: "s1"    → {D}           SSUBSCRIBE / SPUBLISH
 *
 * PUBLISH writes the message into every listener's reply buffer right away
 * (a push frame in RESP3, a plain array in RESP2) and returns how many
 * clients received it. The publisher never waits for subscribers: a
 * subscriber that does not read fast enough accumulates output, and
 * `client-output-buffer-limit pubsub <hard> <soft> <seconds>` disconnects
 * it when the pending output passes the hard limit, or stays above the soft
 * limit for longer than the given seconds.
 *
 * Keyspace notifications are messages the server publishes itself when a
 * key changes, if `notify-keyspace-events` selects their class:
 *
 *   K  __keyspace@<db>__:<key>     message: the event name ("set", "del"…)
 *   E  __keyevent@<db>__:<event>   message: the key
 */
import type { Client } from './client.js';
import { compileGlob } from '../datatypes/glob.js';

/** Event classes (notify.c): the letters of notify-keyspace-events. */
const CLASS_BITS: Record<string, number> = {
  K: 1,
  E: 2,
  g: 4,
  $: 8,
  l: 16,
  s: 32,
  h: 64,
  z: 128,
  x: 256,
  e: 512,
  t: 1024,
  m: 2048,
  d: 8192,
  n: 16384,
};
const KEYSPACE = 1;
const KEYEVENT = 2;
const KEY_MISS = 2048;
/** 'A': every class except key-miss and new-key events. */
const ALL = 4 | 8 | 16 | 32 | 64 | 128 | 256 | 512 | 1024 | 8192;

/** Parse notify-keyspace-events; null on an unknown letter. */
export function parseNotifyFlags(s: string): number | null {
  let flags = 0;
  for (const ch of s) {
    if (ch === 'A') flags |= ALL;
    else if (Object.hasOwn(CLASS_BITS, ch)) flags |= CLASS_BITS[ch];
    else return null;
  }
  return flags;
}

/** The canonical spelling CONFIG GET shows (keyspaceEventsFlagsToString). */
export function formatNotifyFlags(flags: number): string {
  let out = '';
  if ((flags & ALL) === ALL) {
    out = 'A';
  } else {
    for (const ch of 'g$lshzxetdn') if (flags & CLASS_BITS[ch]) out += ch;
  }
  if (flags & KEYSPACE) out += 'K';
  if (flags & KEYEVENT) out += 'E';
  if (flags & KEY_MISS) out += 'm';
  return out;
}

interface PatternEntry {
  match: (s: string) => boolean;
  clients: Set<Client>;
}

export interface OutputLimit {
  hard: number;
  soft: number;
  softSeconds: number;
}

export class PubSub {
  readonly channels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, PatternEntry>();
  readonly shardChannels = new Map<string, Set<Client>>();
  /** Parsed notify-keyspace-events. */
  notifyFlags = 0;
  /** The pubsub class of client-output-buffer-limit. */
  limit: OutputLimit = { hard: 32 * 1024 * 1024, soft: 8 * 1024 * 1024, softSeconds: 60 };

  constructor(private readonly now: () => number) {}

  // --- subscribing -------------------------------------------------------

  /** Returns false when the client was already subscribed. */
  subscribe(c: Client, channel: string, shard = false): boolean {
    const mine = shard ? c.shardSubscriptions : c.subscriptions;
    if (mine.has(channel)) return false;
    mine.add(channel);
    const registry = shard ? this.shardChannels : this.channels;
    const set = registry.get(channel);
    if (set) set.add(c);
    else registry.set(channel, new Set([c]));
    return true;
  }

  unsubscribe(c: Client, channel: string, shard = false): boolean {
    const mine = shard ? c.shardSubscriptions : c.subscriptions;
    if (!mine.delete(channel)) return false;
    const registry = shard ? this.shardChannels : this.channels;
    const set = registry.get(channel);
    set?.delete(c);
    if (set && set.size === 0) registry.delete(channel);
    return true;
  }

  psubscribe(c: Client, pattern: string): boolean {
    if (c.patterns.has(pattern)) return false;
    c.patterns.add(pattern);
    const entry = this.patterns.get(pattern);
    if (entry) entry.clients.add(c);
    else this.patterns.set(pattern, { match: compileGlob(pattern, false), clients: new Set([c]) });
    return true;
  }

  punsubscribe(c: Client, pattern: string): boolean {
    if (!c.patterns.delete(pattern)) return false;
    const entry = this.patterns.get(pattern);
    entry?.clients.delete(c);
    if (entry && entry.clients.size === 0) this.patterns.delete(pattern);
    return true;
  }

  /** A closing client leaves every registry. */
  drop(c: Client): void {
    for (const ch of [...c.subscriptions]) this.unsubscribe(c, ch);
    for (const ch of [...c.shardSubscriptions]) this.unsubscribe(c, ch, true);
    for (const p of [...c.patterns]) this.punsubscribe(c, p);
  }

  // --- publishing ----------------------------------------------------------

  /** Deliver to channel and pattern subscribers; returns the receiver count. */
  publish(channel: string, message: string): number {
    let receivers = 0;
    const subs = this.channels.get(channel);
    if (subs) {
      for (const c of subs) {
        c.pushMessage('message', null, channel, message);
        receivers++;
      }
    }
    if (this.patterns.size > 0) {
      for (const [pattern, entry] of this.patterns) {
        if (!entry.match(channel)) continue;
        for (const c of entry.clients) {
          c.pushMessage('pmessage', pattern, channel, message);
          receivers++;
        }
      }
    }
    return receivers;
  }

  spublish(channel: string, message: string): number {
    const subs = this.shardChannels.get(channel);
    if (!subs) return 0;
    for (const c of subs) c.pushMessage('smessage', null, channel, message);
    return subs.size;
  }

  /** Keyspace notification for one event, if its class is enabled. */
  notify(classLetter: string, event: string, key: string, dbId: number): void {
    const flags = this.notifyFlags;
    if (flags === 0) return;
    if ((flags & (CLASS_BITS[classLetter] ?? 0)) === 0) return;
    if (flags & KEYSPACE) this.publish(`__keyspace@${dbId}__:${key}`, event);
    if (flags & KEYEVENT) this.publish(`__keyevent@${dbId}__:${event}`, key);
  }

  // --- slow subscribers ----------------------------------------------------

  /**
   * Redis's checkClientOutputBufferLimits for the pubsub class: true when
   * the client must be disconnected. `pending` is what it has not read yet.
   */
  overLimit(c: Client, pending: number): boolean {
    const { hard, soft, softSeconds } = this.limit;
    if (hard > 0 && pending >= hard) return true;
    if (soft > 0 && pending >= soft) {
      const now = this.now();
      if (c.softLimitSince === 0) c.softLimitSince = now;
      else if (now - c.softLimitSince > softSeconds * 1000) return true;
    } else {
      c.softLimitSince = 0;
    }
    return false;
  }
}
