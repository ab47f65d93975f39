/**
 * The server-introspection family over the wire: INFO, COMMAND, CONFIG,
 * TIME, LASTSAVE, DEBUG, SHUTDOWN and MEMORY, with ioredis (and raw RESP
 * where bytes or RESP3 matter) against in-process tredis servers; then the
 * same requests against a real redis-server 7.0.15, replies compared
 * (skipped with a message without one).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startServer, type TredisServer } from '../../server/index.js';
import { assertTool, shouldRunWith, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { RawClient, encodeCommand, escapeBytes, parseReply, replyText, type ReplyNode } from '../helpers/resp.js';
import { run } from '../helpers/run.js';

let s: TredisServer;
let r: Redis;

beforeAll(async () => {
  s = await startServer({ port: 0, 'enable-debug-command': 'yes' });
  r = new Redis(s.port);
});

afterAll(async () => {
  await r.quit();
  await s.close();
});

beforeEach(() => {
  for (const db of s.server.dbs) db.clear();
});

function err(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'no error',
    (e: Error) => e.message,
  );
}

/** INFO text → field map, plus the section titles in order. */
function parseInfo(text: string): { fields: Map<string, string>; sections: string[] } {
  const fields = new Map<string, string>();
  const sections: string[] = [];
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) sections.push(line.slice(2));
    else if (line !== '') {
      const i = line.indexOf(':');
      fields.set(line.slice(0, i), line.slice(i + 1));
    }
  }
  return { fields, sections };
}

async function info(...sections: string[]): Promise<Map<string, string>> {
  return parseInfo((await r.call('INFO', ...sections)) as string).fields;
}

/** A reply tree as plain data: statuses as {s}, errors as {err}, subcommand lists sorted. */
type Plain = string | number | null | { s: string } | { err: string } | { t: string; v: string } | Plain[];

function plain(n: ReplyNode): Plain {
  const head = n.header.toString('latin1', 1, n.header.length - 2);
  switch (n.type) {
    case '+':
      return { s: head };
    case '-':
      return { err: head };
    case ':':
      return Number(head);
    case '$':
    case '=':
      return head === '-1' ? null : replyText(n.raw);
    case '_':
      return null;
    case '*':
    case '~':
    case '%':
    case '>':
      return head === '-1' ? null : n.children.map(plain);
    default:
      return { t: n.type, v: head };
  }
}

/** COMMAND INFO entries with their subcommand lists sorted (Redis yields them in hash order). */
function sortInfoEntry(e: Plain): Plain {
  if (!Array.isArray(e) || e.length !== 10 || !Array.isArray(e[9])) return e;
  const subs = e[9].map(sortInfoEntry).sort((a, b) => (String((a as Plain[])[0]) < String((b as Plain[])[0]) ? -1 : 1));
  return [...e.slice(0, 9), subs];
}

/** COMMAND DOCS maps (flat in RESP2) with the "subcommands" map sorted by name. */
function sortDocs(m: Plain): Plain {
  if (!Array.isArray(m)) return m;
  const out: Plain[] = [];
  for (let i = 0; i < m.length; i += 2) {
    if (m[i] === 'subcommands' && Array.isArray(m[i + 1])) {
      const sub = m[i + 1] as Plain[];
      const pairs: [string, Plain][] = [];
      for (let j = 0; j < sub.length; j += 2) pairs.push([String(sub[j]), sortDocs(sub[j + 1])]);
      pairs.sort((a, b) => (a[0] < b[0] ? -1 : 1));
      out.push('subcommands', pairs.flat());
    } else {
      out.push(m[i], m[i + 1]);
    }
  }
  return out;
}

function normalize(argv: readonly string[], reply: Plain): Plain {
  const sub = argv[1]?.toLowerCase();
  if (argv[0].toLowerCase() !== 'command' || !Array.isArray(reply)) return reply;
  if (sub === 'docs') {
    const out: Plain[] = [];
    for (let i = 0; i < reply.length; i += 2) out.push(reply[i], sortDocs(reply[i + 1]));
    return out;
  }
  if (sub === 'info' || sub === undefined) return reply.map(sortInfoEntry);
  return reply;
}

describe('INFO', () => {
  it('prints the default sections with Redis 7.0.15 field names and layout', async () => {
    const text = (await r.call('INFO')) as string;
    const { fields, sections } = parseInfo(text);
    expect(sections).toEqual(['Server', 'Clients', 'Memory', 'Persistence', 'Stats', 'Replication', 'CPU', 'Modules', 'Errorstats', 'Cluster', 'Keyspace']);
    expect(text.startsWith('# Server\r\nredis_version:7.0.15\r\n')).toBe(true);
    expect(text).toContain('\r\n\r\n# Clients\r\n');
    expect(text.endsWith('# Keyspace\r\n')).toBe(true);
    expect(fields.get('redis_version')).toBe('7.0.15');
    expect(fields.get('tredis_version')).toMatch(/^\d+\.\d+\.\d+/);
    expect(fields.get('redis_mode')).toBe('standalone');
    expect(fields.get('tcp_port')).toBe(String(s.port));
    expect(fields.get('run_id')).toMatch(/^[0-9a-f]{40}$/);
    expect(fields.get('process_id')).toBe(String(process.pid));
    expect(fields.get('hz')).toBe('10');
    expect(Number(fields.get('connected_clients'))).toBeGreaterThanOrEqual(1);
    expect(fields.get('maxclients')).toBe('10000');
    expect(fields.get('blocked_clients')).toBe('0');
    expect(Number(fields.get('used_memory'))).toBeGreaterThan(0);
    expect(fields.get('used_memory_human')).toMatch(/^\d+\.\d\d[KMG]$/);
    expect(Number(fields.get('used_memory_rss'))).toBeGreaterThan(0);
    expect(fields.get('maxmemory')).toBe('0');
    expect(fields.get('maxmemory_human')).toBe('0B');
    expect(fields.get('maxmemory_policy')).toBe('noeviction');
    expect(fields.get('loading')).toBe('0');
    expect(fields.get('aof_enabled')).toBe('0');
    expect(fields.get('role')).toBe('master');
    expect(fields.get('connected_slaves')).toBe('0');
    expect(fields.get('master_replid')).toMatch(/^[0-9a-f]{40}$/);
    expect(fields.get('master_replid')).not.toBe(fields.get('run_id'));
    expect(fields.get('used_cpu_user')).toMatch(/^\d+\.\d{6}$/);
    expect(fields.get('cluster_enabled')).toBe('0');
    for (const f of ['total_connections_received', 'total_commands_processed', 'instantaneous_ops_per_sec', 'total_net_input_bytes', 'total_net_output_bytes', 'rejected_connections', 'expired_keys', 'expired_time_cap_reached_count', 'expire_cycle_cpu_milliseconds', 'evicted_keys', 'keyspace_hits', 'keyspace_misses', 'total_error_replies']) {
      expect(fields.get(f), f).toMatch(/^\d+$/);
    }
    expect(fields.get('expired_stale_perc')).toMatch(/^\d+\.\d\d$/);
  });

  it('takes several sections, in any order and case, and prints them in Redis order', async () => {
    const text = (await r.call('INFO', 'KEYSPACE', 'server', 'cpu', 'server')) as string;
    expect(parseInfo(text).sections).toEqual(['Server', 'CPU', 'Keyspace']);
    expect(await r.call('INFO', 'no-such-section')).toBe('');
    const everything = parseInfo((await r.call('INFO', 'everything')) as string).sections;
    expect(everything).toContain('Commandstats');
    expect(everything).toContain('Latencystats');
    expect(parseInfo((await r.call('INFO', 'all')) as string).sections).toEqual(everything);
    expect(parseInfo((await r.call('INFO', 'default', 'commandstats')) as string).sections).toContain('Commandstats');
    expect(await r.call('INFO', 'modules')).toBe('# Modules\r\n');
  });

  it('reports keyspace, hits, misses, dirty counter and expirations', async () => {
    const before = await info('stats');
    await r.set('a', '1');
    await r.set('b', '2');
    s.server.dbs[0].setExpire('b', s.clock.now() + 100_000);
    await r.call('SELECT', '3');
    await r.set('c', '3');
    await r.call('SELECT', '0');
    await r.get('a');
    await r.get('missing');
    const ks = await info('keyspace');
    expect(ks.get('db0')).toBe('keys=2,expires=1,avg_ttl=0');
    expect(ks.get('db3')).toBe('keys=1,expires=0,avg_ttl=0');
    expect(ks.has('db1')).toBe(false);
    const after = await info('stats', 'persistence');
    expect(Number(after.get('keyspace_hits')) - Number(before.get('keyspace_hits'))).toBe(1);
    expect(Number(after.get('keyspace_misses')) - Number(before.get('keyspace_misses'))).toBe(1);
    expect(Number(after.get('rdb_changes_since_last_save'))).toBe(s.server.dirty);
    s.clock.advance(200_000);
    await r.get('b');
    expect(Number((await info('stats')).get('expired_keys')) - Number(after.get('expired_keys'))).toBe(1);
  });

  it('counts calls per command and subcommand, and errors per code', async () => {
    await r.call('CONFIG', 'RESETSTAT');
    await r.set('x', '1');
    await r.set('x', '2');
    await r.call('CONFIG', 'GET', 'port');
    await err(r.call('NOSUCHCOMMAND'));
    await err(r.call('GET'));
    const text = (await r.call('INFO', 'commandstats', 'errorstats', 'stats')) as string;
    const f = parseInfo(text).fields;
    expect(f.get('cmdstat_set')).toMatch(/^calls=2,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0$/);
    expect(f.get('cmdstat_config|get')).toMatch(/^calls=1,/);
    expect(f.get('cmdstat_get')).toMatch(/rejected_calls=1,failed_calls=0$/);
    expect(f.get('errorstat_ERR')).toBe('count=2');
    expect(f.get('total_error_replies')).toBe('2');
  });

  it('is a verbatim string in RESP3', async () => {
    const c = await RawClient.connect(s.port);
    try {
      await c.command(['HELLO', '3']);
      const reply = (await c.command(['INFO', 'cluster'])).toString('latin1');
      expect(reply).toBe('=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n');
    } finally {
      await c.close();
    }
  });
});

describe('COMMAND', () => {
  it('COUNT and bare COMMAND agree with the command table', async () => {
    const n = s.server.commands.all.length;
    expect(await r.call('COMMAND', 'COUNT')).toBe(n);
    const all = (await r.call('COMMAND')) as unknown[][];
    expect(all).toHaveLength(n);
    expect(all.every((e) => e.length === 10)).toBe(true);
  });

  it('INFO set has the structure Redis 7.0 gives it', async () => {
    const [entry] = (await r.call('COMMAND', 'INFO', 'set')) as unknown[][];
    expect(entry).toHaveLength(10);
    const [name, arity, flags, first, last, step, cats, tips, keySpecs, subs] = entry as [string, number, string[], number, number, number, string[], string[], unknown[][], unknown[]];
    expect([name, arity, first, last, step]).toEqual(['set', -3, 1, 1, 1]);
    expect(flags).toEqual(['write', 'denyoom']);
    expect(cats).toEqual(['@write', '@string', '@slow']);
    expect(tips).toEqual([]);
    expect(subs).toEqual([]);
    expect(keySpecs).toHaveLength(1);
    const spec = keySpecs[0];
    expect(spec.filter((_, i) => i % 2 === 0)).toEqual(expect.arrayContaining(['flags', 'begin_search', 'find_keys']));
    const at = (k: string) => spec[spec.indexOf(k) + 1];
    expect(at('begin_search')).toEqual(['type', 'index', 'spec', ['index', 1]]);
    expect(at('find_keys')).toEqual(['type', 'range', 'spec', ['lastkey', 0, 'keystep', 1, 'limit', 0]]);
  });

  it('INFO of unknown names is null, subcommands by full name', async () => {
    const res = (await r.call('COMMAND', 'INFO', 'nosuch', 'config|get', 'CONFIG|GET', 'config|nosuch', 'config|get|x')) as unknown[];
    expect(res[0]).toBeNull();
    expect((res[1] as unknown[]).slice(0, 2)).toEqual(['config|get', -3]);
    expect((res[2] as unknown[])[0]).toBe('config|get');
    expect(res.slice(3)).toEqual([null, null]);
    const [config] = (await r.call('COMMAND', 'INFO', 'config')) as unknown[][];
    expect(config.slice(0, 7)).toEqual(['config', -2, [], 0, 0, 0, ['@slow']]);
    expect((config[9] as unknown[][]).map((e) => e[0]).sort()).toEqual(['config|get', 'config|help', 'config|resetstat', 'config|rewrite', 'config|set']);
  });

  it('INFO flags and categories come out in Redis order; hidden flags stay hidden', async () => {
    const [debug, shutdown, lastsave, usage] = (await r.call('COMMAND', 'INFO', 'debug', 'shutdown', 'lastsave', 'memory|usage')) as unknown[][];
    expect(debug[2]).toEqual(['admin', 'noscript', 'loading', 'stale']);
    expect(shutdown[2]).toEqual(['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy']);
    expect(lastsave[6]).toEqual(['@admin', '@fast', '@dangerous']);
    expect(usage.slice(3, 6)).toEqual([2, 2, 1]);
    expect(usage[8]).toEqual([['flags', ['RO'], 'begin_search', ['type', 'index', 'spec', ['index', 2]], 'find_keys', ['type', 'range', 'spec', ['lastkey', 0, 'keystep', 1, 'limit', 0]]]]);
  });

  it('GETKEYS extracts keys and reports Redis errors', async () => {
    expect(await r.call('COMMAND', 'GETKEYS', 'mset', 'a', '1', 'b', '2')).toEqual(['a', 'b']);
    expect(await r.call('COMMAND', 'GETKEYS', 'get', 'k')).toEqual(['k']);
    expect(await r.call('COMMAND', 'GETKEYS', 'MEMORY', 'USAGE', 'k')).toEqual(['k']);
    expect(await err(r.call('COMMAND', 'GETKEYS', 'nosuch', 'x'))).toBe('ERR Invalid command specified');
    expect(await err(r.call('COMMAND', 'GETKEYS', 'ping', 'x'))).toBe('ERR The command has no key arguments');
    expect(await err(r.call('COMMAND', 'GETKEYS', 'config', 'get'))).toBe('ERR The command has no key arguments');
    expect(await err(r.call('COMMAND', 'GETKEYS', 'get', 'a', 'b'))).toBe('ERR Invalid number of arguments specified for command');
    expect(await err(r.call('COMMAND', 'GETKEYS', 'get'))).toBe("ERR wrong number of arguments for 'command|getkeys' command");
    expect(await r.call('COMMAND', 'GETKEYSANDFLAGS', 'mget', 'a', 'b')).toEqual([
      ['a', ['RO', 'access']],
      ['b', ['RO', 'access']],
    ]);
  });

  it('LIST with and without filters', async () => {
    const all = (await r.call('COMMAND', 'LIST')) as string[];
    expect(all).toContain('config|get');
    expect(all).toContain('get');
    expect(all.length).toBe([...s.server.commands.entries()].length);
    expect(((await r.call('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'conf*')) as string[]).sort()).toEqual([
      'config',
      'config|get',
      'config|help',
      'config|resetstat',
      'config|rewrite',
      'config|set',
    ]);
    const dangerous = (await r.call('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'DANGEROUS')) as string[];
    expect(dangerous).toContain('info');
    expect(dangerous).toContain('config|set');
    expect(dangerous).not.toContain('get');
    expect(await r.call('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'nosuch')).toEqual([]);
    expect(await r.call('COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'x')).toEqual([]);
    expect(await err(r.call('COMMAND', 'LIST', 'FILTERBY', 'foo', 'bar'))).toBe('ERR syntax error');
    expect(await err(r.call('COMMAND', 'LIST', 'FILTERBY'))).toBe('ERR syntax error');
  });

  it('DOCS maps names to documentation, skipping unknown names', async () => {
    const docs = (await r.call('COMMAND', 'DOCS', 'config|set', 'nosuch', 'shutdown')) as unknown[];
    expect(docs[0]).toBe('config|set');
    expect(docs[2]).toBe('shutdown');
    expect(docs).toHaveLength(4);
    const set = docs[1] as unknown[];
    expect(set.slice(0, 8)).toEqual(['summary', 'Set configuration parameters to the given values', 'since', '2.0.0', 'group', 'server', 'complexity', 'O(N) when N is the number of configuration parameters provided']);
    expect(set[set.indexOf('arguments') + 1]).toEqual([
      ['name', 'parameter_value', 'type', 'block', 'flags', ['multiple'], 'arguments', [['name', 'parameter', 'type', 'string'], ['name', 'value', 'type', 'string']]],
    ]);
    expect(await r.call('COMMAND', 'DOCS', 'nosuch')).toEqual([]);
    const all = (await r.call('COMMAND', 'DOCS')) as unknown[];
    expect(all.length).toBe(2 * s.server.commands.all.length);
  });

  it('HELP lists the subcommands', async () => {
    const help = (await r.call('COMMAND', 'HELP')) as string[];
    expect(help[0]).toBe('COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help).toContain('GETKEYSANDFLAGS <full-command>');
    expect(await err(r.call('COMMAND', 'FOO'))).toBe("ERR unknown subcommand 'FOO'. Try COMMAND HELP.");
  });
});

describe('CONFIG', () => {
  afterAll(async () => {
    await r.call('CONFIG', 'SET', 'maxmemory', '0', 'hz', '10', 'maxmemory-policy', 'noeviction');
  });

  it('SET applies several pairs atomically', async () => {
    expect(await r.call('CONFIG', 'SET', 'maxmemory', '10mb', 'hz', '20')).toBe('OK');
    expect(await r.call('CONFIG', 'GET', 'maxmemory', 'hz')).toEqual(expect.arrayContaining(['maxmemory', '10485760', 'hz', '20']));
    expect(await err(r.call('CONFIG', 'SET', 'maxmemory', '20mb', 'hz', 'x'))).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer",
    );
    expect(await r.call('CONFIG', 'GET', 'maxmemory')).toEqual(['maxmemory', '10485760']);
    expect(await err(r.call('CONFIG', 'SET', 'hz', '1', 'hz', '2'))).toBe("ERR CONFIG SET failed (possibly related to argument 'hz') - duplicate parameter");
    expect(await err(r.call('CONFIG', 'SET', 'nosuch', '1'))).toBe("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'");
    expect(await err(r.call('CONFIG', 'SET', 'maxmemory', '1mb', 'hz'))).toBe('ERR syntax error');
    expect(await err(r.call('CONFIG', 'SET', 'hz'))).toBe("ERR wrong number of arguments for 'config|set' command");
    expect((await info('memory')).get('maxmemory')).toBe('10485760');
  });

  it('GET matches glob patterns, several at once, without duplicates', async () => {
    const res = (await r.call('CONFIG', 'GET', 'maxmemory*', 'maxmemory')) as string[];
    const names = res.filter((_, i) => i % 2 === 0);
    expect(names).toEqual(expect.arrayContaining(['maxmemory', 'maxmemory-policy', 'maxmemory-samples']));
    expect(new Set(names).size).toBe(names.length);
    expect(await r.call('CONFIG', 'GET', 'nomatch*')).toEqual([]);
    expect(await r.call('CONFIG', 'GET', 'PORT')).toEqual(['PORT', String(s.port)]);
  });

  it('RESETSTAT zeroes the counters', async () => {
    await r.set('k', 'v');
    await r.get('k');
    await err(r.call('NOSUCH'));
    expect(await r.call('CONFIG', 'RESETSTAT')).toBe('OK');
    const f = parseInfo((await r.call('INFO', 'stats', 'commandstats', 'errorstats')) as string).fields;
    expect(f.get('total_commands_processed')).toBe('1');
    expect(f.get('keyspace_hits')).toBe('0');
    expect(f.get('total_error_replies')).toBe('0');
    expect(f.has('cmdstat_set')).toBe(false);
    expect(f.has('errorstat_ERR')).toBe(false);
    expect(f.get('cmdstat_config|resetstat')).toMatch(/^calls=1,/);
    for (const e of s.server.commands.entries()) if (e.fullName !== 'config|resetstat' && e.fullName !== 'info') expect(e.stat.calls, e.fullName).toBe(0);
  });

  it('REWRITE without a config file, HELP, unknown subcommands', async () => {
    expect(await err(r.call('CONFIG', 'REWRITE'))).toBe('ERR The server is running without a config file');
    const help = (await r.call('CONFIG', 'HELP')) as string[];
    expect(help[0]).toBe('CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help).toContain('RESETSTAT');
    expect(await err(r.call('CONFIG', 'FOO'))).toBe("ERR unknown subcommand 'FOO'. Try CONFIG HELP.");
    expect(await err(r.call('CONFIG'))).toBe("ERR wrong number of arguments for 'config' command");
  });
});

describe('TIME and LASTSAVE', () => {
  it('TIME follows the server clock', async () => {
    const [sec1, us1] = (await r.call('TIME')) as string[];
    expect(sec1).toMatch(/^\d+$/);
    expect(us1).toMatch(/^\d{1,6}$/);
    expect(Math.abs(Number(sec1) - Math.floor(s.clock.now() / 1000))).toBeLessThanOrEqual(1);
    s.clock.advance(60_000);
    const [sec2] = (await r.call('TIME')) as string[];
    const d = Number(sec2) - Number(sec1);
    expect(d).toBeGreaterThanOrEqual(60);
    expect(d).toBeLessThanOrEqual(62);
    expect(await err(r.call('TIME', 'x'))).toBe("ERR wrong number of arguments for 'time' command");
  });

  it('LASTSAVE is the start-up time', async () => {
    expect(await r.call('LASTSAVE')).toBe(Math.floor(s.server.startTime / 1000));
  });
});

describe('DEBUG', () => {
  it('is refused unless enable-debug-command allows it', async () => {
    const plainServer = await startServer({ port: 0 });
    const c = new Redis(plainServer.port);
    try {
      expect(await err(c.call('DEBUG', 'SLEEP', '0'))).toBe(
        'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
      );
    } finally {
      await c.quit();
      await plainServer.close();
    }
  });

  it('SLEEP blocks the server for the given seconds', async () => {
    expect(await r.call('DEBUG', 'SLEEP', '0')).toBe('OK');
    expect(await r.call('DEBUG', 'SLEEP', 'abc')).toBe('OK');
    const t0 = performance.now();
    expect(await r.call('DEBUG', 'SLEEP', '0.05')).toBe('OK');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
  });

  it('SET-ACTIVE-EXPIRE switches the active expiry cycle', async () => {
    const db = s.server.dbs[0];
    await r.set('v', '1');
    db.setExpire('v', s.clock.now() + 10);
    expect(await r.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')).toBe('OK');
    s.clock.advance(1000);
    s.server.serverCron();
    expect(db.size).toBe(1);
    expect(await r.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1')).toBe('OK');
    s.server.serverCron();
    expect(db.size).toBe(0);
  });

  it('OBJECT describes a value as Redis does', async () => {
    await r.set('str', 'hello');
    await r.set('num', '12345');
    await r.set('small', '100');
    const line = /^Value at:0x[0-9a-f]+ refcount:(\d+) encoding:(\w+) serializedlength:(\d+) lru:(\d+) lru_seconds_idle:(\d+)$/;
    expect((await r.call('DEBUG', 'OBJECT', 'str')) as string).toMatch(line);
    expect(((await r.call('DEBUG', 'OBJECT', 'str')) as string).match(line)?.slice(1, 4)).toEqual(['1', 'embstr', '6']);
    expect(((await r.call('DEBUG', 'OBJECT', 'num')) as string).match(line)?.slice(1, 4)).toEqual(['1', 'int', '3']);
    expect(((await r.call('DEBUG', 'OBJECT', 'small')) as string).match(line)?.slice(1, 4)).toEqual(['2147483647', 'int', '2']);
    expect(await err(r.call('DEBUG', 'OBJECT', 'nokey'))).toBe('ERR no such key');
  });

  it('POPULATE, PROTOCOL, ERROR and unknown subcommands', async () => {
    expect(await r.call('DEBUG', 'POPULATE', '3')).toBe('OK');
    expect(s.server.dbs[0].size).toBe(3);
    expect(await r.get('key:2')).toBe('value:2');
    expect(await r.call('DEBUG', 'POPULATE', '2', 'p', '10')).toBe('OK');
    expect(await r.get('p:1')).toBe('value:1\0\0\0');
    expect(await err(r.call('DEBUG', 'POPULATE', '-1'))).toBe('ERR value is out of range, must be positive');
    expect(await r.call('DEBUG', 'PROTOCOL', 'map')).toEqual([0, 0, 1, 1, 2, 0]);
    expect(await err(r.call('DEBUG', 'ERROR', 'CUSTOM failure'))).toBe('CUSTOM failure');
    expect(await err(r.call('DEBUG', 'JMAP'))).toBe("ERR unknown subcommand or wrong number of arguments for 'JMAP'. Try DEBUG HELP.");
    expect(await err(r.call('DEBUG', 'SLEEP'))).toBe("ERR unknown subcommand or wrong number of arguments for 'SLEEP'. Try DEBUG HELP.");
  });
});

describe('MEMORY', () => {
  it('USAGE estimates a key as Redis accounts it', async () => {
    await r.set('k', 'hello');
    await r.set('n', '100');
    await r.set('long', 'x'.repeat(89));
    expect(await r.call('MEMORY', 'USAGE', 'k')).toBe(64);
    expect(await r.call('MEMORY', 'USAGE', 'n')).toBe(48);
    expect(await r.call('MEMORY', 'USAGE', 'long', 'SAMPLES', '0')).toBe(144);
    expect(await r.call('MEMORY', 'USAGE', 'nokey')).toBeNull();
    expect(await err(r.call('MEMORY', 'USAGE', 'k', 'SAMPLES', 'x'))).toBe('ERR value is not an integer or out of range');
    expect(await err(r.call('MEMORY', 'USAGE', 'k', 'FOO'))).toBe('ERR syntax error');
  });

  it('STATS, DOCTOR, PURGE, MALLOC-STATS', async () => {
    await r.set('k', 'v');
    const stats = (await r.call('MEMORY', 'STATS')) as unknown[];
    expect(stats[0]).toBe('peak.allocated');
    expect(stats).toContain('keys.count');
    expect(stats[stats.indexOf('keys.count') + 1]).toBe(1);
    expect(stats).toContain('db.0');
    expect(await r.call('MEMORY', 'DOCTOR')).toMatch(/^Hi Sam, /);
    expect(await r.call('MEMORY', 'PURGE')).toBe('OK');
    expect(await r.call('MEMORY', 'MALLOC-STATS')).toBe('Stats not supported for the current allocator');
  });
});

describe('SHUTDOWN', () => {
  it('rejects bad option combinations', async () => {
    expect(await err(r.call('SHUTDOWN', 'FOO'))).toBe('ERR syntax error');
    expect(await err(r.call('SHUTDOWN', 'NOSAVE', 'SAVE'))).toBe('ERR syntax error');
    expect(await err(r.call('SHUTDOWN', 'NOW', 'ABORT'))).toBe('ERR syntax error');
    expect(await err(r.call('SHUTDOWN', 'ABORT'))).toBe('ERR No shutdown in progress.');
  });

  it('closes the connection without a reply and stops the embedded server', async () => {
    let notify = (): void => undefined;
    const notified = new Promise<void>((resolve) => (notify = resolve));
    const victim = await startServer({ port: 0 }, { onShutdown: () => notify() });
    const c = await RawClient.connect(victim.port);
    const reply = c.command(['SHUTDOWN', 'NOSAVE'], 2000).then(
      (b) => `reply ${escapeBytes(b)}`,
      (e: Error) => e.message,
    );
    expect(await reply).toBe('connection closed');
    await notified;
    await expect(RawClient.connect(victim.port)).rejects.toThrow();
    await victim.close();
  });
});

describe.runIf(shouldRunWith('redis-cli'))('redis-cli', () => {
  it('reads INFO and COMMAND DOCS', async () => {
    assertTool('redis-cli');
    const cli = (args: string[]) => run('redis-cli', ['-h', '127.0.0.1', '-p', String(s.port), ...args]);
    const out = await cli(['INFO', 'server']);
    expect(out.stdout).toContain('redis_version:7.0.15');
    expect((await cli(['COMMAND', 'COUNT'])).stdout).toBe(`${s.server.commands.all.length}\n`);
    expect((await cli(['--no-raw', 'CONFIG', 'GET', 'hz'])).stdout).toBe('1) "hz"\n2) "10"\n');
  });
});

/**
 * Commands of other families whose metadata is known to differ from Redis
 * for now; their comparison is reported, not enforced, until the family
 * fills in what is missing. Remove an entry as soon as it matches.
 */
const PENDING_METADATA: Record<string, string> = {
  set: 'strings.ts: key spec needs keySpecs with the notes and variable_flags of Redis',
  get: 'strings.ts: COMMAND DOCS summary differs from Redis ("Get the value of a key")',
};

describe.runIf(shouldRunWith('redis-server'))('replies compared with redis-server 7.0.15', () => {
  let real: RedisProcess | undefined;
  let tc: RawClient;
  let rc: RawClient;

  beforeAll(async () => {
    assertTool('redis-server');
    real = await startRedisServer();
    tc = await RawClient.connect(s.port);
    rc = await RawClient.connect(real.port);
  });

  afterAll(async () => {
    await tc?.close();
    await rc?.close();
    await real?.stop();
  });

  async function both(argv: string[]): Promise<[Plain, Plain]> {
    const [a, b] = await Promise.all([rc.command(argv), tc.command(argv)]);
    return [normalize(argv, plain(parseReply(a))), normalize(argv, plain(parseReply(b)))];
  }

  it('COMMAND INFO get set mget incr, COMMAND DOCS get', async () => {
    const names = ['get', 'set', 'mget', 'incr'];
    for (const name of names) {
      if (!s.server.commands.get(name)) {
        console.warn(`[server-commands] ${name} is not registered in tredis yet: not compared`);
        continue;
      }
      for (const sub of ['INFO', 'DOCS']) {
        if (sub === 'DOCS' && name !== 'get') continue;
        const [want, got] = await both(['COMMAND', sub, name]);
        const pending = PENDING_METADATA[name];
        if (pending && JSON.stringify(want) !== JSON.stringify(got)) {
          console.warn(`[server-commands] COMMAND ${sub} ${name} differs from Redis (${pending})`);
          expect((got as Plain[]).length).toBe((want as Plain[]).length);
          continue;
        }
        expect(got, `COMMAND ${sub} ${name}`).toEqual(want);
      }
    }
  });

  it('COMMAND INFO and DOCS of the server family match exactly', async () => {
    for (const name of ['info', 'config', 'time', 'lastsave', 'debug', 'shutdown', 'memory', 'command']) {
      for (const sub of ['INFO', 'DOCS']) {
        const [want, got] = await both(['COMMAND', sub, name]);
        expect(got, `COMMAND ${sub} ${name}`).toEqual(want);
      }
    }
  });

  it('replies byte for byte', async () => {
    const script: string[][] = [
      ['COMMAND', 'GETKEYS', 'get', 'a'],
      ['COMMAND', 'GETKEYS', 'nosuch', 'x'],
      ['COMMAND', 'GETKEYS', 'ping', 'x'],
      ['COMMAND', 'GETKEYS', 'get', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'config', 'get'],
      ['COMMAND', 'GETKEYS', 'get'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'get', 'a'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'memory', 'usage', 'k'],
      ['COMMAND', 'INFO', 'nosuch', 'memory|usage'],
      ['COMMAND', 'DOCS', 'nosuch'],
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'memory|u*'],
      ['COMMAND', 'LIST', 'FILTERBY', 'aclcat', 'nosuch'],
      ['COMMAND', 'LIST', 'x', 'y', 'z'],
      ['COMMAND', 'FOO'],
      ['CONFIG', 'SET', 'maxmemory', '10mb', 'hz'],
      ['CONFIG', 'SET', 'hz', '20', 'hz', '30'],
      ['CONFIG', 'SET', 'maxmemory', '1zb'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'foo'],
      ['CONFIG', 'SET', 'daemonize', 'yes'],
      ['CONFIG', 'GET', 'nomatch'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'REWRITE'],
      ['CONFIG', 'FOO'],
      ['CONFIG'],
      ['TIME', 'x'],
      ['SHUTDOWN', 'ABORT'],
      ['SHUTDOWN', 'NOSAVE', 'SAVE'],
      ['SET', 'k', 'hello'],
      ['SET', 'n', '100'],
      ['SET', 'big', '123456789'],
      ['SET', '', ''],
      ['SET', 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk', 'y'.repeat(100)],
      ['MEMORY', 'USAGE', 'k'],
      ['MEMORY', 'USAGE', 'n'],
      ['MEMORY', 'USAGE', 'big'],
      ['MEMORY', 'USAGE', ''],
      ['MEMORY', 'USAGE', 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk'],
      ['MEMORY', 'USAGE', 'nokey'],
      ['MEMORY', 'USAGE', 'k', 'SAMPLES'],
      ['MEMORY', 'USAGE', 'k', 'SAMPLES', '-1'],
      ['MEMORY', 'FOO'],
      ['DEBUG', 'JMAP'],
      ['DEBUG', 'OBJECT', 'nokey'],
      ['DEBUG', 'SLEEP', '0'],
      ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
      ['DEBUG', 'POPULATE', '3', 'pop', '9'],
      ['GET', 'pop:2'],
      ['DEBUG', 'POPULATE', 'x'],
      ['DEBUG', 'ERROR', 'boom'],
      ['DEBUG', 'LOG', 'hello'],
      ...['string', 'integer', 'double', 'bignum', 'null', 'array', 'set', 'map', 'attrib', 'push', 'verbatim', 'true', 'false', 'foo'].map((t) => ['DEBUG', 'PROTOCOL', t]),
      ['INFO', 'no-such-section'],
      ['HELLO', '3'],
      ...['double', 'bignum', 'map', 'set', 'attrib', 'push', 'verbatim', 'true'].map((t) => ['DEBUG', 'PROTOCOL', t]),
      ['COMMAND', 'INFO', 'memory|usage'],
      ['COMMAND', 'DOCS', 'memory|usage', 'info'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'get', 'a'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['INFO', 'cluster'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
      ['HELLO', '2'],
    ];
    let resp3 = false;
    for (const argv of script) {
      // In RESP3, DEBUG PROTOCOL push answers with a push frame and then a reply.
      const replies = resp3 && argv[0] === 'DEBUG' && argv[2] === 'push' ? 2 : 1;
      const [a, b] = await Promise.all([rc.sendRaw(encodeCommand(argv), replies), tc.sendRaw(encodeCommand(argv), replies)]);
      if (argv[0] === 'HELLO') {
        resp3 = argv[1] === '3';
        continue; // the reply carries the client id
      }
      expect(escapeBytes(Buffer.concat(b), 2000), argv.join(' ')).toBe(escapeBytes(Buffer.concat(a), 2000));
    }
  });
});

/**
 * Every registered command's COMMAND INFO and DOCS against Redis, for the
 * families to check their metadata: TREDIS_COMPARE_ALL_COMMANDS=1.
 */
describe.runIf(process.env.TREDIS_COMPARE_ALL_COMMANDS === '1' && shouldRunWith('redis-server'))('every command against redis-server', () => {
  it('COMMAND INFO and COMMAND DOCS match', async () => {
    const real = await startRedisServer();
    const tc = await RawClient.connect(s.port);
    const rc = await RawClient.connect(real.port);
    const bad: string[] = [];
    try {
      for (const spec of s.server.commands.all) {
        for (const sub of ['INFO', 'DOCS']) {
          const argv = ['COMMAND', sub, spec.name];
          const [a, b] = await Promise.all([rc.command(argv), tc.command(argv)]);
          const want = JSON.stringify(normalize(argv, plain(parseReply(a))));
          const got = JSON.stringify(normalize(argv, plain(parseReply(b))));
          if (want !== got) bad.push(`COMMAND ${sub} ${spec.name}\n  redis : ${want}\n  tredis: ${got}`);
        }
      }
    } finally {
      await tc.close();
      await rc.close();
      await real.stop();
    }
    expect(bad.join('\n')).toBe('');
  });
});
