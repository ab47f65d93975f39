/**
 * Scripting commands: EVAL/EVALSHA (and _RO), SCRIPT *, FUNCTION *,
 * FCALL/FCALL_RO. The machinery lives in server/scripting/ (engine.ts has
 * the overview).
 */
import type { CommandContext, CommandSpec, KeySpec, KeySpecFlag } from './types.js';
import { addHelp } from './help.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import type { Scripting } from '../server/scripting/engine.js';

/** The server's scripting engine (created on first use). */
function scripting(c: CommandContext): Scripting {
  return (c.server as Server).scriptingEngine();
}

function client(c: CommandContext): Client {
  return c as Client;
}

/** Keys of EVAL-like commands: numkeys at argv[2], keys after it. */
function numkeysKeys(argv: string[]): number[] {
  const n = Number(argv[2]);
  if (!Number.isInteger(n) || n < 0 || n > argv.length - 3) return [];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(3 + i);
  return out;
}

const EVAL_KEYSPEC = (flags: readonly KeySpecFlag[], notes?: string): readonly KeySpec[] => [
  { ...(notes ? { notes } : {}), flags, beginSearch: { index: 2 }, findKeys: { keyNumIdx: 0, firstKey: 1, keyStep: 1 } },
];

const EVAL_ARGS = (first: string) =>
  [
    { name: first, type: 'string' },
    { name: 'numkeys', type: 'integer' },
    { name: 'key', type: 'key', keySpecIndex: 0, optional: true, multiple: true },
    { name: 'arg', type: 'string', optional: true, multiple: true },
  ] as const;

function evalLike(name: string, since: string, summary: string, ro: boolean, bySha: boolean, fn: boolean): CommandSpec {
  // (Redis's EVALSHA / EVALSHA_RO key specs have no notes.)
  const notes = bySha ? undefined : `We cannot tell how the keys will be used so we assume the worst, ${ro ? 'RO and ACCESS' : 'RW and UPDATE'}`;
  return {
    name,
    arity: -3,
    flags: ro ? ['readonly', 'noscript', 'stale', 'skip_monitor', 'no_mandatory_keys', 'movablekeys'] : ['noscript', 'stale', 'skip_monitor', 'no_mandatory_keys', 'movablekeys'],
    acl: ['scripting'],
    getKeys: numkeysKeys,
    keySpecs: EVAL_KEYSPEC(ro ? ['RO', 'access'] : ['RW', 'access', 'update'], notes),
    group: 'scripting',
    since,
    summary,
    complexity: 'Depends on the script that is executed.',
    args: EVAL_ARGS(fn ? 'function' : bySha ? 'sha1' : 'script'),
    handler: fn
      ? (c, argv) => scripting(c).functions.fcall(client(c), argv, ro)
      : (c, argv) => scripting(c).eval(client(c), argv, ro, bySha),
  };
}

const SCRIPT_HELP = [
  'DEBUG (YES|SYNC|NO)',
  '    Set the debug mode for subsequent scripts executed.',
  'EXISTS <sha1> [<sha1> ...]',
  '    Return information about the existence of the scripts in the script cache.',
  'FLUSH [ASYNC|SYNC]',
  '    Flush the Lua scripts cache. Very dangerous on replicas.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the scripts cache.',
  '    * SYNC: Synchronously flush the scripts cache.',
  'KILL',
  '    Kill the currently executing Lua script.',
  'LOAD <script>',
  '    Load a script into the scripts cache without executing it.',
];

const FUNCTION_HELP = [
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
];

const ALL_SHARDS_OK = ['request_policy:all_shards', 'response_policy:all_succeeded'];

const sub = (spec: Omit<CommandSpec, 'group' | 'acl'>): CommandSpec => ({ group: 'scripting', acl: ['scripting'], ...spec });

/** FLUSH [ASYNC|SYNC]: true when the argument is valid. */
function flushMode(argv: string[]): boolean {
  if (argv.length === 2) return true;
  if (argv.length > 3) return false;
  const m = argv[2].toLowerCase();
  return m === 'async' || m === 'sync';
}

export const scriptingCommands: CommandSpec[] = [
  evalLike('eval', '2.6.0', 'Execute a Lua script server side', false, false, false),
  evalLike('evalsha', '2.6.0', 'Execute a Lua script server side, by its SHA1 digest', false, true, false),
  evalLike('eval_ro', '7.0.0', 'Execute a read-only Lua script server side', true, false, false),
  evalLike('evalsha_ro', '7.0.0', 'Execute a read-only Lua script server side, by its SHA1 digest', true, true, false),
  evalLike('fcall', '7.0.0', 'Invoke a function', false, false, true),
  evalLike('fcall_ro', '7.0.0', 'Invoke a read-only function', true, false, true),
  {
    name: 'script',
    arity: -2,
    flags: [],
    group: 'scripting',
    since: '2.6.0',
    summary: 'A container for Lua scripts management commands',
    complexity: 'Depends on subcommand.',
    subcommands: [
      sub({
        name: 'debug',
        arity: 3,
        flags: ['noscript'],
        since: '3.2.0',
        summary: 'Set the debug mode for executed scripts',
        complexity: 'O(1)',
        args: [{ name: 'mode', type: 'oneof', arguments: [{ name: 'yes', type: 'pure-token', token: 'YES' }, { name: 'sync', type: 'pure-token', token: 'SYNC' }, { name: 'no', type: 'pure-token', token: 'NO' }] }],
        handler: (c, argv) => {
          const m = argv[2].toLowerCase();
          if (m === 'no') return c.addOk();
          if (m === 'yes' || m === 'sync') return c.addError('ERR The Lua debugger is not supported by this server');
          c.addError('ERR Use SCRIPT DEBUG YES/SYNC/NO');
        },
      }),
      sub({
        name: 'exists',
        arity: -3,
        flags: ['noscript'],
        since: '2.6.0',
        tips: ['request_policy:all_shards', 'response_policy:agg_logical_and'],
        summary: 'Check existence of scripts in the script cache',
        complexity: 'O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).',
        args: [{ name: 'sha1', type: 'string', multiple: true }],
        handler: (c, argv) => scripting(c).scriptExists(client(c), argv.slice(2)),
      }),
      sub({
        name: 'flush',
        arity: -2,
        flags: ['noscript'],
        since: '2.6.0',
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
        summary: 'Remove all the scripts from the script cache',
        complexity: 'O(N) with N being the number of scripts in cache',
        args: [{ name: 'flush-type', type: 'oneof', optional: true, since: '6.2.0', arguments: [{ name: 'async', type: 'pure-token', token: 'ASYNC' }, { name: 'sync', type: 'pure-token', token: 'SYNC' }] }],
        handler: (c, argv) => {
          if (!flushMode(argv)) return c.addError('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
          scripting(c).scriptFlush();
          c.addOk();
        },
      }),
      sub({
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        since: '5.0.0',
        summary: 'Show helpful text about the different subcommands',
        complexity: 'O(1)',
        handler: (c) => addHelp(c, 'SCRIPT', SCRIPT_HELP),
      }),
      sub({
        name: 'kill',
        arity: 2,
        flags: ['noscript', 'allow_busy'],
        since: '2.6.0',
        tips: ['request_policy:all_shards', 'response_policy:one_succeeded'],
        summary: 'Kill the script currently in execution.',
        complexity: 'O(1)',
        handler: (c) => scripting(c).kill(client(c), true),
      }),
      sub({
        name: 'load',
        arity: 3,
        flags: ['noscript', 'stale'],
        since: '2.6.0',
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
        summary: 'Load the specified Lua script into the script cache.',
        complexity: 'O(N) with N being the length in bytes of the script body.',
        args: [{ name: 'script', type: 'string' }],
        handler: (c, argv) => scripting(c).scriptLoad(client(c), argv[2]),
      }),
    ],
  },
  {
    name: 'function',
    arity: -2,
    flags: [],
    group: 'scripting',
    since: '7.0.0',
    summary: 'A container for function commands',
    complexity: 'Depends on subcommand.',
    subcommands: [
      sub({
        name: 'delete',
        arity: 3,
        flags: ['write', 'noscript'],
        since: '7.0.0',
        tips: ALL_SHARDS_OK,
        summary: 'Delete a function by name',
        complexity: 'O(1)',
        args: [{ name: 'library-name', type: 'string' }],
        handler: (c, argv) => scripting(c).functions.functionDelete(client(c), argv[2]),
      }),
      sub({
        name: 'dump',
        arity: 2,
        flags: ['noscript'],
        since: '7.0.0',
        summary: 'Dump all functions into a serialized binary payload',
        complexity: 'O(N) where N is the number of functions',
        handler: (c) => scripting(c).functions.dump(client(c)),
      }),
      sub({
        name: 'flush',
        arity: -2,
        flags: ['write', 'noscript'],
        since: '7.0.0',
        tips: ALL_SHARDS_OK,
        summary: 'Deleting all functions',
        complexity: 'O(N) where N is the number of functions deleted',
        args: [{ name: 'flush-type', type: 'oneof', optional: true, arguments: [{ name: 'async', type: 'pure-token', token: 'ASYNC' }, { name: 'sync', type: 'pure-token', token: 'SYNC' }] }],
        handler: (c, argv) => {
          if (!flushMode(argv)) return c.addError('ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
          scripting(c).functions.flush();
          c.server.dirty++;
          c.addOk();
        },
      }),
      sub({
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        since: '7.0.0',
        summary: 'Show helpful text about the different subcommands',
        complexity: 'O(1)',
        handler: (c) => addHelp(c, 'FUNCTION', FUNCTION_HELP),
      }),
      sub({
        name: 'kill',
        arity: 2,
        flags: ['noscript', 'allow_busy'],
        since: '7.0.0',
        tips: ['request_policy:all_shards', 'response_policy:one_succeeded'],
        summary: 'Kill the function currently in execution.',
        complexity: 'O(1)',
        handler: (c) => scripting(c).kill(client(c), false),
      }),
      sub({
        name: 'list',
        arity: -2,
        flags: ['noscript'],
        since: '7.0.0',
        tips: ['nondeterministic_output_order'],
        summary: 'List information about all the functions',
        complexity: 'O(N) where N is the number of functions',
        args: [
          { name: 'library-name-pattern', type: 'string', token: 'LIBRARYNAME', optional: true },
          { name: 'withcode', type: 'pure-token', token: 'WITHCODE', optional: true },
        ],
        handler: (c, argv) => scripting(c).functions.list(client(c), argv),
      }),
      sub({
        name: 'load',
        arity: -3,
        flags: ['write', 'denyoom', 'noscript'],
        since: '7.0.0',
        tips: ALL_SHARDS_OK,
        summary: 'Create a function with the given arguments (name, code, description)',
        complexity: 'O(1) (considering compilation time is redundant)',
        args: [
          { name: 'replace', type: 'pure-token', token: 'REPLACE', optional: true },
          { name: 'function-code', type: 'string' },
        ],
        handler: (c, argv) => scripting(c).functions.functionLoad(client(c), argv),
      }),
      sub({
        name: 'restore',
        arity: -3,
        flags: ['write', 'denyoom', 'noscript'],
        since: '7.0.0',
        tips: ALL_SHARDS_OK,
        summary: 'Restore all the functions on the given payload',
        complexity: 'O(N) where N is the number of functions on the payload',
        args: [
          { name: 'serialized-value', type: 'string' },
          {
            name: 'policy',
            type: 'oneof',
            optional: true,
            arguments: [
              { name: 'flush', type: 'pure-token', token: 'FLUSH' },
              { name: 'append', type: 'pure-token', token: 'APPEND' },
              { name: 'replace', type: 'pure-token', token: 'REPLACE' },
            ],
          },
        ],
        handler: (c, argv) => scripting(c).functions.restore(client(c), argv),
      }),
      sub({
        name: 'stats',
        arity: 2,
        flags: ['noscript', 'allow_busy'],
        since: '7.0.0',
        tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
        summary: 'Return information about the function currently running (name, description, duration)',
        complexity: 'O(1)',
        handler: (c) => scripting(c).functions.stats(client(c)),
      }),
    ],
  },
];
