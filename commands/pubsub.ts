/**
 * Pub/Sub commands: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH,
 * PUBSUB. The registries and delivery live in server/pubsub.ts; these
 * handlers reply in Redis's frame shapes: one frame per channel, each
 * `[kind, channel, count]`, pushed (`>`) in RESP3 and plain arrays in RESP2.
 */
import type { CommandContext, CommandSpec } from './types.js';
import { addHelp } from './help.js';
import { compileGlob } from '../datatypes/glob.js';

/** Subscriptions counted in replies: shard channels are counted apart. */
function count(c: CommandContext, shard: boolean): number {
  return shard ? c.shardSubscriptions.size : c.subscriptions.size + c.patterns.size;
}

function frame(c: CommandContext, kind: string, name: string | null, n: number): void {
  c.addPushLen(3);
  c.addBulk(kind);
  if (name === null) c.addNull();
  else c.addBulk(name);
  c.addInt(n);
}

function subscribeGeneric(c: CommandContext, argv: string[], shard: boolean): void {
  const kind = shard ? 'ssubscribe' : 'subscribe';
  for (let i = 1; i < argv.length; i++) {
    c.server.pubsub.subscribe(c, argv[i], shard);
    frame(c, kind, argv[i], count(c, shard));
  }
}

function unsubscribeGeneric(c: CommandContext, argv: string[], shard: boolean): void {
  const kind = shard ? 'sunsubscribe' : 'unsubscribe';
  const mine = shard ? c.shardSubscriptions : c.subscriptions;
  const names = argv.length > 1 ? argv.slice(1) : [...mine];
  if (names.length === 0) {
    frame(c, kind, null, count(c, shard));
    return;
  }
  for (const ch of names) {
    c.server.pubsub.unsubscribe(c, ch, shard);
    frame(c, kind, ch, count(c, shard));
  }
}

function psubscribe(c: CommandContext, argv: string[]): void {
  for (let i = 1; i < argv.length; i++) {
    c.server.pubsub.psubscribe(c, argv[i]);
    frame(c, 'psubscribe', argv[i], count(c, false));
  }
}

function punsubscribe(c: CommandContext, argv: string[]): void {
  const names = argv.length > 1 ? argv.slice(1) : [...c.patterns];
  if (names.length === 0) {
    frame(c, 'punsubscribe', null, count(c, false));
    return;
  }
  for (const p of names) {
    c.server.pubsub.punsubscribe(c, p);
    frame(c, 'punsubscribe', p, count(c, false));
  }
}

/** PUBSUB CHANNELS / SHARDCHANNELS [pattern]. */
function listChannels(c: CommandContext, argv: string[], registry: ReadonlyMap<string, unknown>): void {
  const match = argv.length > 2 ? compileGlob(argv[2], false) : null;
  const names: string[] = [];
  for (const name of registry.keys()) if (match === null || match(name)) names.push(name);
  c.addBulks(names);
}

/** PUBSUB NUMSUB / SHARDNUMSUB channel...: name, count pairs (an array even in RESP3). */
function numsub(c: CommandContext, argv: string[], registry: ReadonlyMap<string, ReadonlySet<unknown>>): void {
  c.addArrayLen((argv.length - 2) * 2);
  for (let i = 2; i < argv.length; i++) {
    c.addBulk(argv[i]);
    c.addInt(registry.get(argv[i])?.size ?? 0);
  }
}

const PUBSUB_HELP = [
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
];

const ps = (spec: Omit<CommandSpec, 'group' | 'flags'> & { flags?: CommandSpec['flags'] }): CommandSpec => ({
  group: 'pubsub',
  ...spec,
  flags: spec.flags ?? ['pubsub', 'loading', 'stale'],
});

const CHANNELS_ARG = [{ name: 'channel', type: 'string', multiple: true }] as const;
const SHARD_KEYS = { first: 1, last: -1, step: 1 };

export const pubsubCommands: CommandSpec[] = [
  ps({
    name: 'subscribe',
    arity: -2,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    since: '2.0.0',
    summary: 'Listen for messages published to channels',
    complexity: 'O(N) where N is the number of channels to subscribe to.',
    args: CHANNELS_ARG,
    handler: (c, argv) => subscribeGeneric(c, argv, false),
  }),
  ps({
    name: 'unsubscribe',
    arity: -1,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    since: '2.0.0',
    summary: 'Stop listening to channels (all of them when none is given)',
    complexity: 'O(N) where N is the number of clients already subscribed to a channel.',
    args: [{ name: 'channel', type: 'string', optional: true, multiple: true }],
    handler: (c, argv) => unsubscribeGeneric(c, argv, false),
  }),
  ps({
    name: 'psubscribe',
    arity: -2,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    since: '2.0.0',
    summary: 'Listen for messages published to channels matching glob patterns',
    complexity: 'O(N) where N is the number of patterns the client is already subscribed to.',
    args: [{ name: 'pattern', type: 'pattern', multiple: true }],
    handler: psubscribe,
  }),
  ps({
    name: 'punsubscribe',
    arity: -1,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    since: '2.0.0',
    summary: 'Stop listening to channel patterns (all of them when none is given)',
    complexity: 'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).',
    args: [{ name: 'pattern', type: 'pattern', optional: true, multiple: true }],
    handler: punsubscribe,
  }),
  ps({
    name: 'publish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast'],
    since: '2.0.0',
    summary: 'Post a message to a channel',
    complexity: 'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).',
    args: [
      { name: 'channel', type: 'string' },
      { name: 'message', type: 'string' },
    ],
    handler: (c, argv) => c.addInt(c.server.pubsub.publish(argv[1], argv[2])),
  }),
  ps({
    name: 'ssubscribe',
    arity: -2,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    keys: SHARD_KEYS,
    keyFlags: ['not_key'],
    since: '7.0.0',
    summary: 'Listen for messages published to shard channels',
    complexity: 'O(N) where N is the number of shard channels to subscribe to.',
    args: [{ name: 'shardchannel', type: 'string', multiple: true }],
    handler: (c, argv) => subscribeGeneric(c, argv, true),
  }),
  ps({
    name: 'sunsubscribe',
    arity: -1,
    flags: ['pubsub', 'noscript', 'loading', 'stale'],
    keys: SHARD_KEYS,
    keyFlags: ['not_key'],
    since: '7.0.0',
    summary: 'Stop listening to shard channels (all of them when none is given)',
    complexity: 'O(N) where N is the number of clients already subscribed to a shard channel.',
    args: [{ name: 'shardchannel', type: 'string', optional: true, multiple: true }],
    handler: (c, argv) => unsubscribeGeneric(c, argv, true),
  }),
  ps({
    name: 'spublish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast'],
    keys: { first: 1, last: 1, step: 1 },
    keyFlags: ['not_key'],
    since: '7.0.0',
    summary: 'Post a message to a shard channel',
    complexity: 'O(N) where N is the number of clients subscribed to the receiving shard channel.',
    args: [
      { name: 'shardchannel', type: 'string' },
      { name: 'message', type: 'string' },
    ],
    handler: (c, argv) => c.addInt(c.server.pubsub.spublish(argv[1], argv[2])),
  }),
  {
    name: 'pubsub',
    group: 'pubsub',
    arity: -2,
    flags: [],
    since: '2.8.0',
    summary: 'A container for Pub/Sub commands',
    complexity: 'Depends on subcommand.',
    subcommands: [
      ps({
        name: 'channels',
        arity: -2,
        since: '2.8.0',
        summary: 'List the channels that have subscribers',
        complexity: 'O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)',
        args: [{ name: 'pattern', type: 'pattern', optional: true }],
        handler: (c, argv) => listChannels(c, argv, c.server.pubsub.channels),
      }),
      ps({
        name: 'numpat',
        arity: 2,
        since: '2.8.0',
        summary: 'Count the patterns clients are subscribed to',
        complexity: 'O(1)',
        handler: (c) => c.addInt(c.server.pubsub.patterns.size),
      }),
      ps({
        name: 'numsub',
        arity: -2,
        since: '2.8.0',
        summary: 'Count the subscribers of channels',
        complexity: 'O(N) for the NUMSUB subcommand, where N is the number of requested channels',
        args: [{ name: 'channel', type: 'string', optional: true, multiple: true }],
        handler: (c, argv) => numsub(c, argv, c.server.pubsub.channels),
      }),
      ps({
        name: 'shardchannels',
        arity: -2,
        since: '7.0.0',
        summary: 'List the shard channels that have subscribers',
        complexity: 'O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).',
        args: [{ name: 'pattern', type: 'pattern', optional: true }],
        handler: (c, argv) => listChannels(c, argv, c.server.pubsub.shardChannels),
      }),
      ps({
        name: 'shardnumsub',
        arity: -2,
        since: '7.0.0',
        summary: 'Count the subscribers of shard channels',
        complexity: 'O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels',
        args: [{ name: 'shardchannel', type: 'string', optional: true, multiple: true }],
        handler: (c, argv) => numsub(c, argv, c.server.pubsub.shardChannels),
      }),
      ps({
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        since: '6.2.0',
        summary: 'Show helpful text about the different subcommands',
        complexity: 'O(1)',
        handler: (c) => addHelp(c, 'PUBSUB', PUBSUB_HELP),
      }),
    ],
  },
];
