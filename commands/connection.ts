/**
 * Connection commands: PING, ECHO, QUIT, SELECT, SWAPDB, AUTH, HELLO, RESET
 * and the CLIENT family. They act on the calling client's state (protocol
 * version, name, selected database, reply mode) and, for CLIENT LIST/KILL,
 * on the server's client table.
 */
import type { CommandContext, CommandSpec, ServerApi } from './types.js';
import { DB_INDEX_OUT_OF_RANGE, SYNTAX, truncate } from './errors.js';
import { addHelp, intArgOrReply, isWord } from './help.js';
import { REDIS_VERSION_STRING } from './version.js';

function ping(c: CommandContext, argv: string[]): void {
  if (argv.length > 2) {
    c.addError("ERR wrong number of arguments for 'ping' command");
  } else if (c.resp === 2 && c.subscriptions.size + c.patterns.size + c.shardSubscriptions.size > 0) {
    // A RESP2 subscriber reads everything as pub/sub frames.
    c.addArrayLen(2);
    c.addBulk('pong');
    c.addBulk(argv.length === 2 ? argv[1] : '');
  } else if (argv.length === 2) {
    c.addBulk(argv[1]);
  } else {
    c.addStatus('PONG');
  }
}

function dbIndexOrReply(c: CommandContext, s: string, outOfRange = DB_INDEX_OUT_OF_RANGE): number | null {
  const id = intArgOrReply(c, s);
  if (id === null) return null;
  if (id < 0 || id >= c.server.dbs.length) {
    c.addError(outOfRange);
    return null;
  }
  return id;
}

function select(c: CommandContext, argv: string[]): void {
  const id = dbIndexOrReply(c, argv[1]);
  if (id === null) return;
  c.selectDb(c.server.dbs[id]);
  c.addOk();
}

function swapdb(c: CommandContext, argv: string[]): void {
  const a = intArgOrReply(c, argv[1], 'ERR invalid first DB index');
  if (a === null) return;
  const b = intArgOrReply(c, argv[2], 'ERR invalid second DB index');
  if (b === null) return;
  const n = c.server.dbs.length;
  if (a < 0 || a >= n || b < 0 || b >= n) {
    c.addError(DB_INDEX_OUT_OF_RANGE);
    return;
  }
  c.server.swapDb(a, b);
  c.server.dirty++;
  c.addOk();
}

/** Check a password for the default user; replies the error on failure. */
function authenticate(c: CommandContext, user: string | null, pass: string): boolean {
  const required = c.server.config.getString('requirepass');
  if (user === null && required === '') {
    c.addError(
      'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
    );
    return false;
  }
  const ok = (user === null || user === 'default') && (required === '' || pass === required);
  if (!ok) {
    c.addError('WRONGPASS invalid username-password pair or user is disabled.');
    return false;
  }
  c.authenticated = true;
  return true;
}

function auth(c: CommandContext, argv: string[]): void {
  if (argv.length > 3) {
    c.addError(SYNTAX);
    return;
  }
  const ok = argv.length === 3 ? authenticate(c, argv[1], argv[2]) : authenticate(c, null, argv[1]);
  if (ok) c.addOk();
}

/** Client names: printable ASCII without spaces (Redis's validateClientName). */
function validName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 33 || ch > 126) return false;
  }
  return true;
}

const INVALID_NAME = 'ERR Client names cannot contain spaces, newlines or special characters.';

function hello(c: CommandContext, argv: string[]): void {
  let ver = 0;
  let next = 1;
  if (argv.length >= 2) {
    const v = Number(argv[1]);
    if (!/^-?\d+$/.test(argv[1]) || !Number.isSafeInteger(v)) {
      c.addError('ERR Protocol version is not an integer or out of range');
      return;
    }
    ver = v;
    next = 2;
    if (ver < 2 || ver > 3) {
      c.addError('NOPROTO unsupported protocol version');
      return;
    }
  }
  let setName: string | null = null;
  for (let j = next; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const more = argv.length - j - 1;
    if (opt === 'auth' && more >= 2) {
      if (!authenticate(c, argv[j + 1], argv[j + 2])) return;
      j += 2;
    } else if (opt === 'setname' && more >= 1) {
      setName = argv[j + 1];
      if (!validName(setName)) {
        c.addError(INVALID_NAME);
        return;
      }
      j += 1;
    } else {
      c.addError(`ERR Syntax error in HELLO option '${argv[j]}'`);
      return;
    }
  }
  if (!c.authenticated) {
    c.addError('NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time');
    return;
  }
  if (setName !== null) c.name = setName;
  if (ver) c.resp = ver;
  c.addMapLen(7);
  c.addBulk('server');
  c.addBulk('redis');
  c.addBulk('version');
  c.addBulk(REDIS_VERSION_STRING);
  c.addBulk('proto');
  c.addInt(c.resp);
  c.addBulk('id');
  c.addInt(c.id);
  c.addBulk('mode');
  c.addBulk('standalone');
  c.addBulk('role');
  c.addBulk('master');
  c.addBulk('modules');
  c.addArrayLen(0);
}

function reset(c: CommandContext): void {
  c.discardMulti();
  c.selectDb(c.server.dbs[0]);
  c.resp = 2;
  c.name = '';
  c.replyMode = 'on';
  c.noEvict = false;
  c.authenticated = !c.server.requiresAuth();
  c.addStatus('RESET');
}

function quit(c: CommandContext): void {
  c.addOk();
  c.closeAfterReply = true;
}

// --- CLIENT ---------------------------------------------------------------

function clientList(c: CommandContext, argv: string[]): void {
  let clients = [...c.server.clients.values()];
  for (let j = 2; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    if (opt === 'type' && j + 1 < argv.length) {
      const type = argv[++j].toLowerCase();
      if (!['normal', 'master', 'replica', 'slave', 'pubsub'].includes(type)) {
        c.addError(`ERR Unknown client type '${argv[j]}'`);
        return;
      }
      if (type !== 'normal') clients = [];
    } else if (opt === 'id' && j + 1 < argv.length) {
      const ids = new Set<number>();
      for (j++; j < argv.length; j++) {
        const id = Number(argv[j]);
        if (!/^\d+$/.test(argv[j]) || id <= 0) {
          c.addError('ERR Invalid client ID');
          return;
        }
        ids.add(id);
      }
      clients = clients.filter((cl) => ids.has(cl.id));
    } else {
      c.addError(SYNTAX);
      return;
    }
  }
  c.addVerbatim(clients.map((cl) => cl.infoLine() + '\n').join(''));
}

function clientKill(c: CommandContext, argv: string[]): void {
  const all = [...c.server.clients.values()];
  if (argv.length === 3) {
    // Old form: CLIENT KILL addr:port, replies OK or an error.
    const victim = all.find((cl) => cl.addr === argv[2]);
    if (!victim) {
      c.addError('ERR No such client');
      return;
    }
    killClient(c, victim);
    c.addOk();
    return;
  }
  let matches = all;
  let skipMe = true;
  for (let j = 2; j < argv.length; j += 2) {
    if (j + 1 >= argv.length) {
      c.addError(SYNTAX);
      return;
    }
    const opt = argv[j].toLowerCase();
    const val = argv[j + 1];
    if (opt === 'id') {
      const id = Number(val);
      if (!/^\d+$/.test(val) || id <= 0) {
        c.addError('ERR client-id should be greater than 0');
        return;
      }
      matches = matches.filter((cl) => cl.id === id);
    } else if (opt === 'type') {
      const type = val.toLowerCase();
      if (!['normal', 'master', 'replica', 'slave', 'pubsub'].includes(type)) {
        c.addError(`ERR Unknown client type '${val}'`);
        return;
      }
      if (type !== 'normal') matches = [];
    } else if (opt === 'addr') {
      matches = matches.filter((cl) => cl.addr === val);
    } else if (opt === 'laddr') {
      matches = matches.filter((cl) => cl.laddr === val);
    } else if (opt === 'user') {
      if (val !== 'default') {
        c.addError(`ERR No such user '${val}'`);
        return;
      }
    } else if (opt === 'skipme') {
      const v = val.toLowerCase();
      if (v !== 'yes' && v !== 'no') {
        c.addError(SYNTAX);
        return;
      }
      skipMe = v === 'yes';
    } else {
      c.addError(SYNTAX);
      return;
    }
  }
  let killed = 0;
  for (const cl of matches) {
    if (skipMe && cl === c) continue;
    killClient(c, cl);
    killed++;
  }
  c.addInt(killed);
}

/** Killing yourself closes after this reply is written, as in Redis. */
function killClient(self: CommandContext, victim: CommandContext): void {
  if (victim === self) victim.closeAfterReply = true;
  else victim.close();
}

function onOffOrReply(c: CommandContext, s: string): boolean | null {
  const v = s.toLowerCase();
  if (v === 'on') return true;
  if (v === 'off') return false;
  c.addError(SYNTAX);
  return null;
}

function clientReply(c: CommandContext, argv: string[]): void {
  const mode = argv[2].toLowerCase();
  if (mode === 'on') {
    c.replyMode = 'on';
    c.addOk();
  } else if (mode === 'off') {
    c.replyMode = 'off';
  } else if (mode === 'skip') {
    if (c.replyMode !== 'off') c.replyMode = 'skip-next';
  } else {
    c.addError(SYNTAX);
  }
}

/**
 * CLIENT UNBLOCK id [TIMEOUT|ERROR]: end another client's blocking command,
 * as if it had timed out or with an UNBLOCKED error. 1 when the client was
 * blocked, 0 otherwise. The reason is checked before the id, as in Redis.
 */
function clientUnblock(c: CommandContext, argv: string[]): void {
  if (argv.length > 4) {
    c.addError(`ERR unknown subcommand or wrong number of arguments for '${truncate(argv[1], 128)}'. Try CLIENT HELP.`);
    return;
  }
  let error = false;
  if (argv.length === 4) {
    if (isWord(argv[3], 'error')) error = true;
    else if (!isWord(argv[3], 'timeout')) {
      c.addError('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
      return;
    }
  }
  const id = intArgOrReply(c, argv[2]);
  if (id === null) return;
  const target = c.server.clients.get(id);
  // The blocking machinery lives on the server object (server/blocking.ts).
  const blocking = (c.server as ServerApi & { blocking?: UnblockApi }).blocking;
  if (target === undefined || !target.blocked || blocking === undefined) {
    c.addInt(0);
    return;
  }
  if (error) blocking.unblockWithError(target);
  else blocking.timeout(target);
  c.addInt(1);
}

/** What CLIENT UNBLOCK needs of server/blocking.ts's Blocking. */
interface UnblockApi {
  timeout(c: CommandContext): void;
  unblockWithError(c: CommandContext): void;
}

const CLIENT_HELP = [
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  '    * ID <client-id>',
  '      Kill connections by client id.',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
];

const conn = (spec: Omit<CommandSpec, 'group' | 'acl'> & { acl?: readonly string[] }): CommandSpec => ({
  group: 'connection',
  ...spec,
  acl: ['connection', ...(spec.acl ?? [])],
});

export const connectionCommands: CommandSpec[] = [
  conn({
    name: 'ping',
    arity: -1,
    flags: ['fast', 'sentinel'],
    since: '1.0.0',
    summary: 'Ping the server',
    complexity: 'O(1)',
    tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
    args: [{ name: 'message', type: 'string', optional: true }],
    handler: ping,
  }),
  conn({
    name: 'echo',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    since: '1.0.0',
    summary: 'Echo the given string',
    complexity: 'O(1)',
    args: [{ name: 'message', type: 'string' }],
    handler: (c, argv) => c.addBulk(argv[1]),
  }),
  conn({
    name: 'quit',
    arity: -1,
    flags: ['allow_busy', 'noscript', 'loading', 'stale', 'fast', 'no_auth'],
    since: '1.0.0',
    summary: 'Close the connection',
    complexity: 'O(1)',
    handler: quit,
  }),
  conn({
    name: 'select',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    since: '1.0.0',
    summary: 'Change the selected database for the current connection',
    complexity: 'O(1)',
    args: [{ name: 'index', type: 'integer' }],
    handler: select,
  }),
  {
    name: 'swapdb',
    arity: 3,
    flags: ['write', 'fast'],
    acl: ['keyspace', 'dangerous'],
    group: 'server',
    since: '4.0.0',
    summary: 'Swaps two Redis databases',
    complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.',
    args: [
      { name: 'index1', type: 'integer' },
      { name: 'index2', type: 'integer' },
    ],
    handler: swapdb,
  },
  conn({
    name: 'auth',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'sentinel', 'allow_busy'],
    since: '1.0.0',
    summary: 'Authenticate to the server',
    complexity: 'O(N) where N is the number of passwords defined for the user',
    args: [
      { name: 'username', type: 'string', optional: true, since: '6.0.0' },
      { name: 'password', type: 'string' },
    ],
    handler: auth,
  }),
  conn({
    name: 'hello',
    arity: -1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'sentinel', 'allow_busy'],
    since: '6.0.0',
    summary: 'Handshake with Redis',
    complexity: 'O(1)',
    args: [
      {
        name: 'arguments',
        type: 'block',
        optional: true,
        arguments: [
          { name: 'protover', type: 'integer' },
          { name: 'username_password', type: 'block', token: 'AUTH', optional: true, arguments: [{ name: 'username', type: 'string' }, { name: 'password', type: 'string' }] },
          { name: 'clientname', type: 'string', token: 'SETNAME', optional: true },
        ],
      },
    ],
    handler: hello,
  }),
  conn({
    name: 'reset',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    since: '6.2.0',
    summary: 'Reset the connection',
    complexity: 'O(1)',
    handler: (c) => reset(c),
  }),
  {
    name: 'client',
    group: 'connection',
    arity: -2,
    flags: [],
    since: '2.4.0',
    summary: 'A container for client connection commands',
    complexity: 'Depends on subcommand.',
    subcommands: [
      conn({ name: 'id', arity: 2, flags: ['noscript', 'loading', 'stale'], since: '5.0.0', summary: 'Returns the client ID for the current connection', complexity: 'O(1)', handler: (c) => c.addInt(c.id) }),
      conn({
        name: 'getname',
        arity: 2,
        flags: ['noscript', 'loading', 'stale'],
        since: '2.6.9',
        summary: 'Get the current connection name',
        complexity: 'O(1)',
        handler: (c) => (c.name === '' ? c.addNull() : c.addBulk(c.name)),
      }),
      conn({
        name: 'setname',
        arity: 3,
        flags: ['noscript', 'loading', 'stale'],
        since: '2.6.9',
        summary: 'Set the current connection name',
        complexity: 'O(1)',
        args: [{ name: 'connection-name', type: 'string' }],
        handler: (c, argv) => {
          if (!validName(argv[2])) return c.addError(INVALID_NAME);
          c.name = argv[2];
          c.addOk();
        },
      }),
      conn({ name: 'list', arity: -2, flags: ['admin', 'noscript', 'loading', 'stale'], since: '2.4.0', summary: 'Get the list of client connections', complexity: 'O(N) where N is the number of client connections', tips: ['nondeterministic_output'], handler: clientList }),
      conn({ name: 'info', arity: 2, flags: ['noscript', 'loading', 'stale'], since: '6.2.0', summary: 'Returns information about the current client connection.', complexity: 'O(1)', tips: ['nondeterministic_output'], handler: (c) => c.addVerbatim(c.infoLine() + '\n') }),
      conn({ name: 'kill', arity: -3, flags: ['admin', 'noscript', 'loading', 'stale'], since: '2.4.0', summary: 'Kill the connection of a client', complexity: 'O(N) where N is the number of client connections', handler: clientKill }),
      conn({
        name: 'no-evict',
        arity: 3,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        since: '7.0.0',
        summary: 'Set client eviction mode for the current connection',
        complexity: 'O(1)',
        handler: (c, argv) => {
          const on = onOffOrReply(c, argv[2]);
          if (on === null) return;
          c.noEvict = on;
          c.addOk();
        },
      }),
      conn({ name: 'reply', arity: 3, flags: ['noscript', 'loading', 'stale'], since: '3.2.0', summary: 'Instruct the server whether to reply to commands', complexity: 'O(1)', handler: clientReply }),
      conn({
        name: 'unblock',
        arity: -3,
        flags: ['admin', 'noscript', 'loading', 'stale'],
        since: '5.0.0',
        summary: 'End the blocking command another connection is waiting in',
        complexity: 'O(log N) where N is the number of client connections',
        args: [
          { name: 'client-id', type: 'integer' },
          {
            name: 'timeout_error',
            type: 'oneof',
            optional: true,
            arguments: [
              { name: 'timeout', type: 'pure-token', token: 'TIMEOUT' },
              { name: 'error', type: 'pure-token', token: 'ERROR' },
            ],
          },
        ],
        handler: clientUnblock,
      }),
      conn({ name: 'help', arity: 2, flags: ['loading', 'stale'], since: '5.0.0', summary: 'Show helpful text about the different subcommands', complexity: 'O(1)', handler: (c) => addHelp(c, 'CLIENT', CLIENT_HELP) }),
    ],
  },
];

