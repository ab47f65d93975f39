/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH. The queueing itself happens in
 * dispatch (a command sent after MULTI is checked, then queued); these
 * handlers only switch the state. server/multi.ts explains the model.
 */
import type { CommandSpec } from './types.js';

const tx = (spec: Omit<CommandSpec, 'group' | 'acl'>): CommandSpec => ({ group: 'transactions', acl: ['transaction'], ...spec });

export const transactionCommands: CommandSpec[] = [
  tx({
    name: 'multi',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    since: '1.2.0',
    summary: 'Start queueing commands for a transaction',
    complexity: 'O(1)',
    handler: (c) => {
      if (c.inMulti) return c.addError('ERR MULTI calls can not be nested');
      c.startMulti();
      c.addOk();
    },
  }),
  tx({
    name: 'exec',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'skip_slowlog'],
    since: '1.2.0',
    summary: 'Run every command queued since MULTI',
    complexity: 'Depends on commands in the transaction',
    handler: (c) => c.execMulti(),
  }),
  tx({
    name: 'discard',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    since: '2.0.0',
    summary: 'Drop the commands queued since MULTI',
    complexity: 'O(N), when N is the number of queued commands',
    handler: (c) => {
      if (!c.inMulti) return c.addError('ERR DISCARD without MULTI');
      c.discardMulti();
      c.addOk();
    },
  }),
  tx({
    name: 'watch',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    keys: { first: 1, last: -1, step: 1 },
    keyFlags: ['RO'],
    since: '2.2.0',
    summary: 'Make the next EXEC fail if any of these keys changes first',
    complexity: 'O(1) for every key.',
    args: [{ name: 'key', type: 'key', keySpecIndex: 0, multiple: true }],
    handler: (c, argv) => {
      if (c.inMulti) return c.addError('ERR WATCH inside MULTI is not allowed');
      c.watchKeys(argv.slice(1));
      c.addOk();
    },
  }),
  tx({
    name: 'unwatch',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    since: '2.2.0',
    summary: 'Forget every key watched by this connection',
    complexity: 'O(1)',
    handler: (c) => {
      c.unwatchKeys();
      c.addOk();
    },
  }),
];
