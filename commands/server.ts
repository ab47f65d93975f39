/**
 * Server introspection and administration (Redis's server.c, config.c,
 * debug.c, object.c): INFO, CONFIG, TIME, LASTSAVE, DEBUG, SHUTDOWN,
 * MEMORY, and COMMAND (in command-docs.ts).
 *
 * INFO prints Redis 7.0.15's sections, fields and layout ("# Section"
 * header, "field:value" lines, CRLF line ends, a blank line between
 * sections) so that clients parsing it (redis-cli, ioredis' version check,
 * monitoring tools) find what they expect. Fields tredis has no mechanism
 * for (forks, AOF, replication links, Lua) report the values an idle Redis
 * would. Memory figures come from the V8 heap, which is what tredis can
 * honestly measure; MEMORY USAGE estimates one key as Redis would account
 * it with jemalloc.
 */
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ArgDoc, CommandContext, CommandSpec, DbApi, ServerApi } from './types.js';
import { NOT_INTEGER, NO_SUCH_KEY, SYNTAX, truncate } from './errors.js';
import { addHelp } from './help.js';
import { REDIS_VERSION_STRING, TREDIS_VERSION } from './version.js';
import { commandCommands } from './command-docs.js';
import { RawString, isCanonicalInt64, isString, stringEncoding, type Value } from '../datatypes/values.js';
import { parseInt64 } from '../datatypes/numbers.js';

// --- small helpers ----------------------------------------------------------------

/** Redis's bytesToHuman: "895.48K", "1.28M", "0B". */
export function bytesToHuman(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let d = n / 1024;
  for (const u of units) {
    if (d < 1024) return `${d.toFixed(2)}${u}`;
    d /= 1024;
  }
  return `${n}B`;
}

/** C's "%ld.%06ld" for a duration in microseconds (INFO cpu). */
function secondsMicros(us: number): string {
  const whole = Math.floor(us / 1e6);
  return `${whole}.${String(Math.floor(us - whole * 1e6)).padStart(6, '0')}`;
}

/** Wall-clock microseconds on the server's clock (TIME, server_time_usec). */
function nowMicros(server: ServerApi): number {
  const ms = server.clock.now();
  // The server clock has millisecond resolution; the monotonic clock adds the micros.
  const sub = Math.floor(((performance.timeOrigin + performance.now()) * 1000) % 1000);
  return Math.floor(ms) * 1000 + sub;
}

/** Redis's LRU clock: seconds, kept to 24 bits. */
const LRU_CLOCK_MAX = 0xffffff;

/** A 40-hex-digit id derived from the run id, stable for the server's life (master_replid). */
function replicationId(server: ServerApi): string {
  return createHash('sha1').update('replid:' + server.runId).digest('hex');
}

/** Memory as INFO and MEMORY report it; also keeps the peak. */
function memorySnapshot(server: ServerApi): { used: number; heapTotal: number; rss: number; peak: number } {
  const m = process.memoryUsage();
  const used = m.heapUsed;
  if (used > server.stats.peakMemory) server.stats.peakMemory = used;
  return { used, heapTotal: m.heapTotal, rss: m.rss, peak: server.stats.peakMemory };
}

/** A read that neither touches the LRU clock nor counts hits (Redis's dictFind on the keyspace). */
function peekKey(db: DbApi, key: string): Value | undefined {
  const d = db as DbApi & { peek?: (key: string) => Value | undefined };
  return d.peek ? d.peek(key) : db.lookupWrite(key);
}

/** Redis's objectCommandLookup: counts hits/misses, leaves the LRU clock alone. */
function lookupNoTouch(db: DbApi, key: string): Value | undefined {
  const d = db as DbApi & { lookupReadNoTouch?: (key: string) => Value | undefined };
  return d.lookupReadNoTouch ? d.lookupReadNoTouch(key) : db.lookupRead(key);
}

// --- INFO -----------------------------------------------------------------------------

const DEFAULT_SECTIONS = [
  'server',
  'clients',
  'memory',
  'persistence',
  'stats',
  'replication',
  'cpu',
  'module_list',
  'errorstats',
  'cluster',
  'keyspace',
] as const;

/** Redis 7.0's genInfoSectionDict: which sections an INFO call asks for. */
function requestedSections(argv: readonly string[]): { sections: Set<string>; all: boolean } {
  const sections = new Set<string>();
  let all = false;
  if (argv.length === 1) {
    for (const s of DEFAULT_SECTIONS) sections.add(s);
    return { sections, all };
  }
  for (let i = 1; i < argv.length; i++) {
    const s = argv[i].toLowerCase();
    if (s === 'default') for (const d of DEFAULT_SECTIONS) sections.add(d);
    else if (s === 'all' || s === 'everything') all = true;
    else if (s === 'modules') sections.add('module_list');
    else sections.add(s);
  }
  return { sections, all };
}

type Lines = (string | number)[];

function serverSection(server: ServerApi): Lines {
  const nowMs = server.clock.now();
  const uptime = Math.max(0, Math.floor((nowMs - server.startTime) / 1000));
  const hz = server.config.getNumber('hz');
  const exe = process.argv[1] ? path.resolve(process.argv[1]) : process.execPath;
  const mux = process.platform === 'linux' ? 'epoll' : process.platform === 'darwin' ? 'kqueue' : 'libuv';
  return [
    `redis_version:${REDIS_VERSION_STRING}`,
    'redis_git_sha1:00000000',
    'redis_git_dirty:0',
    'redis_build_id:0',
    `redis_mode:${server.config.getBool('cluster-enabled') ? 'cluster' : 'standalone'}`,
    `os:${os.type()} ${os.release()} ${os.machine()}`,
    'arch_bits:64',
    'monotonic_clock:POSIX clock_gettime',
    `multiplexing_api:${mux}`,
    'atomicvar_api:c11-builtin',
    'gcc_version:0.0.0',
    `process_id:${process.pid}`,
    'process_supervised:no',
    `run_id:${server.runId}`,
    `tcp_port:${server.port}`,
    `server_time_usec:${nowMicros(server)}`,
    `uptime_in_seconds:${uptime}`,
    `uptime_in_days:${Math.floor(uptime / 86400)}`,
    `hz:${hz}`,
    `configured_hz:${hz}`,
    `lru_clock:${server.lruClock() & LRU_CLOCK_MAX}`,
    `executable:${exe}`,
    `config_file:${server.configFile}`,
    'io_threads_active:0',
    `tredis_version:${TREDIS_VERSION}`,
  ];
}

function blockedClients(server: ServerApi): number {
  let n = 0;
  for (const cl of server.clients.values()) if ((cl as CommandContext & { blocked?: boolean }).blocked) n++;
  return n;
}

function clientsSection(server: ServerApi): Lines {
  return [
    `connected_clients:${server.clients.size}`,
    'cluster_connections:0',
    `maxclients:${server.config.getNumber('maxclients')}`,
    'client_recent_max_input_buffer:0',
    'client_recent_max_output_buffer:0',
    `blocked_clients:${blockedClients(server)}`,
    'tracking_clients:0',
    'clients_in_timeout_table:0',
  ];
}

function ratio(a: number, b: number): string {
  return (b === 0 ? 0 : a / b).toFixed(2);
}

function memorySection(server: ServerApi): Lines {
  const m = memorySnapshot(server);
  const maxmemory = server.config.getNumber('maxmemory');
  const total = os.totalmem();
  // The heap is the allocator: heapUsed "allocated", heapTotal "active", rss "resident".
  return [
    `used_memory:${m.used}`,
    `used_memory_human:${bytesToHuman(m.used)}`,
    `used_memory_rss:${m.rss}`,
    `used_memory_rss_human:${bytesToHuman(m.rss)}`,
    `used_memory_peak:${m.peak}`,
    `used_memory_peak_human:${bytesToHuman(m.peak)}`,
    `used_memory_peak_perc:${((m.used * 100) / m.peak).toFixed(2)}%`,
    'used_memory_overhead:0',
    'used_memory_startup:0',
    `used_memory_dataset:${m.used}`,
    'used_memory_dataset_perc:100.00%',
    `allocator_allocated:${m.used}`,
    `allocator_active:${m.heapTotal}`,
    `allocator_resident:${m.rss}`,
    `total_system_memory:${total}`,
    `total_system_memory_human:${bytesToHuman(total)}`,
    'used_memory_lua:0',
    'used_memory_vm_eval:0',
    'used_memory_lua_human:0B',
    'used_memory_scripts_eval:0',
    'number_of_cached_scripts:0',
    'number_of_functions:0',
    'number_of_libraries:0',
    'used_memory_vm_functions:0',
    'used_memory_vm_total:0',
    'used_memory_vm_total_human:0B',
    'used_memory_functions:0',
    'used_memory_scripts:0',
    'used_memory_scripts_human:0B',
    `maxmemory:${maxmemory}`,
    `maxmemory_human:${bytesToHuman(maxmemory)}`,
    `maxmemory_policy:${server.config.getString('maxmemory-policy')}`,
    `allocator_frag_ratio:${ratio(m.heapTotal, m.used)}`,
    `allocator_frag_bytes:${m.heapTotal - m.used}`,
    `allocator_rss_ratio:${ratio(m.rss, m.heapTotal)}`,
    `allocator_rss_bytes:${m.rss - m.heapTotal}`,
    'rss_overhead_ratio:1.00',
    'rss_overhead_bytes:0',
    `mem_fragmentation_ratio:${ratio(m.rss, m.used)}`,
    `mem_fragmentation_bytes:${m.rss - m.used}`,
    'mem_not_counted_for_evict:0',
    'mem_replication_backlog:0',
    'mem_total_replication_buffers:0',
    'mem_clients_slaves:0',
    'mem_clients_normal:0',
    'mem_cluster_links:0',
    'mem_aof_buffer:0',
    'mem_allocator:libc',
    'active_defrag_running:0',
    'lazyfree_pending_objects:0',
    'lazyfreed_objects:0',
  ];
}

function lastSave(server: ServerApi): number {
  return Math.floor(server.startTime / 1000);
}

function persistenceSection(server: ServerApi): Lines {
  return [
    'loading:0',
    'async_loading:0',
    'current_cow_peak:0',
    'current_cow_size:0',
    'current_cow_size_age:0',
    'current_fork_perc:0.00',
    'current_save_keys_processed:0',
    'current_save_keys_total:0',
    `rdb_changes_since_last_save:${server.dirty}`,
    'rdb_bgsave_in_progress:0',
    `rdb_last_save_time:${lastSave(server)}`,
    'rdb_last_bgsave_status:ok',
    'rdb_last_bgsave_time_sec:-1',
    'rdb_current_bgsave_time_sec:-1',
    'rdb_saves:0',
    'rdb_last_cow_size:0',
    'rdb_last_load_keys_expired:0',
    'rdb_last_load_keys_loaded:0',
    `aof_enabled:${server.config.getBool('appendonly') ? 1 : 0}`,
    'aof_rewrite_in_progress:0',
    'aof_rewrite_scheduled:0',
    'aof_last_rewrite_time_sec:-1',
    'aof_current_rewrite_time_sec:-1',
    'aof_last_bgrewrite_status:ok',
    'aof_rewrites:0',
    'aof_rewrites_consecutive_failures:0',
    'aof_last_write_status:ok',
    'aof_last_cow_size:0',
    'module_fork_in_progress:0',
    'module_fork_last_cow_size:0',
  ];
}

function statsSection(server: ServerApi): Lines {
  const s = server.stats;
  const inst = s.instantaneous();
  return [
    `total_connections_received:${s.totalConnectionsReceived}`,
    `total_commands_processed:${s.totalCommandsProcessed}`,
    `instantaneous_ops_per_sec:${inst.ops}`,
    `total_net_input_bytes:${s.netInputBytes}`,
    `total_net_output_bytes:${s.netOutputBytes}`,
    'total_net_repl_input_bytes:0',
    'total_net_repl_output_bytes:0',
    `instantaneous_input_kbps:${inst.inKbps.toFixed(2)}`,
    `instantaneous_output_kbps:${inst.outKbps.toFixed(2)}`,
    'instantaneous_input_repl_kbps:0.00',
    'instantaneous_output_repl_kbps:0.00',
    `rejected_connections:${s.rejectedConnections}`,
    'sync_full:0',
    'sync_partial_ok:0',
    'sync_partial_err:0',
    `expired_keys:${s.expiredKeys}`,
    `expired_stale_perc:${s.expiredStaleRatio.toFixed(2)}`,
    `expired_time_cap_reached_count:${s.expiredTimeCapReachedCount}`,
    `expire_cycle_cpu_milliseconds:${Math.floor(s.expireCycleCpuMs)}`,
    `evicted_keys:${s.evictedKeys}`,
    'evicted_clients:0',
    'total_eviction_exceeded_time:0',
    'current_eviction_exceeded_time:0',
    `keyspace_hits:${s.keyspaceHits}`,
    `keyspace_misses:${s.keyspaceMisses}`,
    'pubsub_channels:0',
    'pubsub_patterns:0',
    'pubsubshard_channels:0',
    'latest_fork_usec:0',
    'total_forks:0',
    'migrate_cached_sockets:0',
    'slave_expires_tracked_keys:0',
    'active_defrag_hits:0',
    'active_defrag_misses:0',
    'active_defrag_key_hits:0',
    'active_defrag_key_misses:0',
    'total_active_defrag_time:0',
    'current_active_defrag_time:0',
    'tracking_total_keys:0',
    'tracking_total_items:0',
    'tracking_total_prefixes:0',
    'unexpected_error_replies:0',
    `total_error_replies:${s.totalErrorReplies}`,
    'dump_payload_sanitizations:0',
    `total_reads_processed:${s.totalCommandsProcessed}`,
    `total_writes_processed:${s.totalCommandsProcessed}`,
    'io_threaded_reads_processed:0',
    'io_threaded_writes_processed:0',
    'reply_buffer_shrinks:0',
    'reply_buffer_expands:0',
  ];
}

function replicationSection(server: ServerApi): Lines {
  return [
    'role:master',
    'connected_slaves:0',
    'master_failover_state:no-failover',
    `master_replid:${replicationId(server)}`,
    'master_replid2:0000000000000000000000000000000000000000',
    'master_repl_offset:0',
    'second_repl_offset:-1',
    'repl_backlog_active:0',
    `repl_backlog_size:${server.config.getNumber('repl-backlog-size')}`,
    'repl_backlog_first_byte_offset:0',
    'repl_backlog_histlen:0',
  ];
}

function cpuSection(): Lines {
  const u = process.cpuUsage();
  return [
    `used_cpu_sys:${secondsMicros(u.system)}`,
    `used_cpu_user:${secondsMicros(u.user)}`,
    'used_cpu_sys_children:0.000000',
    'used_cpu_user_children:0.000000',
    `used_cpu_sys_main_thread:${secondsMicros(u.system)}`,
    `used_cpu_user_main_thread:${secondsMicros(u.user)}`,
  ];
}

/** cmdstat_<name> for every command and subcommand that was called, failed or was rejected. */
function commandstatsSection(server: ServerApi): Lines {
  const out: Lines = [];
  const table = server.commands;
  const visit = (spec: CommandSpec): void => {
    const e = table.entry(spec);
    const st = e.stat;
    if (st.calls || st.failedCalls || st.rejectedCalls) {
      const perCall = st.calls ? st.usec / st.calls : 0;
      out.push(
        `cmdstat_${e.fullName}:calls=${st.calls},usec=${Math.round(st.usec)},usec_per_call=${perCall.toFixed(2)},` +
          `rejected_calls=${st.rejectedCalls},failed_calls=${st.failedCalls}`,
      );
    }
    for (const sub of spec.subcommands ?? []) visit(sub);
  };
  for (const spec of table.all) visit(spec);
  return out;
}

/** errorstat_<CODE>:count=N, sorted by code as Redis's radix tree yields them. */
function errorstatsSection(server: ServerApi): Lines {
  const codes = [...server.stats.errors.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return codes.map((code) => `errorstat_${code}:count=${server.stats.errors.get(code)}`);
}

function keyspaceSection(server: ServerApi): Lines {
  const out: Lines = [];
  server.dbs.forEach((db, i) => {
    if (db.size > 0) out.push(`db${i}:keys=${db.size},expires=${db.expiresCount},avg_ttl=0`);
  });
  return out;
}

const SECTIONS: readonly [name: string, title: string, build: (s: ServerApi) => Lines][] = [
  ['server', 'Server', serverSection],
  ['clients', 'Clients', clientsSection],
  ['memory', 'Memory', memorySection],
  ['persistence', 'Persistence', persistenceSection],
  ['stats', 'Stats', statsSection],
  ['replication', 'Replication', replicationSection],
  ['cpu', 'CPU', cpuSection],
  ['module_list', 'Modules', () => []],
  ['commandstats', 'Commandstats', commandstatsSection],
  ['errorstats', 'Errorstats', errorstatsSection],
  // Per-command latency histograms are not kept yet: the section is empty.
  ['latencystats', 'Latencystats', () => []],
  ['cluster', 'Cluster', (s) => [`cluster_enabled:${s.config.getBool('cluster-enabled') ? 1 : 0}`]],
  ['keyspace', 'Keyspace', keyspaceSection],
];

/** The INFO text for the given argv (Redis's genRedisInfoString). */
export function genInfo(server: ServerApi, argv: readonly string[]): string {
  const { sections, all } = requestedSections(argv);
  let info = '';
  let n = 0;
  for (const [name, title, build] of SECTIONS) {
    if (!all && !sections.has(name)) continue;
    if (n++ > 0) info += '\r\n';
    info += `# ${title}\r\n`;
    for (const line of build(server)) info += line + '\r\n';
  }
  return info;
}

// --- CONFIG -----------------------------------------------------------------------------

function hasGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

function configGet(c: CommandContext, argv: string[]): void {
  const config = c.server.config;
  const out = new Map<string, string>();
  for (let i = 2; i < argv.length; i++) {
    const p = argv[i];
    if (!hasGlob(p)) {
      // An exact name is answered under the spelling the client used.
      if (out.has(p)) continue;
      const hit = config.match([p]);
      if (hit.length > 0) out.set(p, hit[0][1]);
      continue;
    }
    for (const [name, value] of config.match([p])) if (!out.has(name)) out.set(name, value);
  }
  c.addMapLen(out.size);
  for (const [name, value] of out) {
    c.addBulk(name);
    c.addBulk(value);
  }
}

function configSet(c: CommandContext, argv: string[]): void {
  if ((argv.length - 2) % 2 !== 0) {
    c.addError(SYNTAX);
    return;
  }
  const pairs: [string, string][] = [];
  for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i], argv[i + 1]]);
  const err = c.server.config.setMany(pairs);
  if (err !== null) c.addError(err);
  else c.addOk();
}

function configResetStat(c: CommandContext): void {
  const server = c.server;
  server.stats.reset();
  for (const e of server.commands.entries()) {
    e.stat.calls = 0;
    e.stat.usec = 0;
    e.stat.rejectedCalls = 0;
    e.stat.failedCalls = 0;
  }
  c.addOk();
}

function configRewrite(c: CommandContext): void {
  if (c.server.configFile === '') {
    c.addError('ERR The server is running without a config file');
    return;
  }
  // Rewriting a redis.conf in place (keeping comments, appending changed
  // options) belongs with the config-file loader and is not there yet.
  c.server.logger.warning('CONFIG REWRITE failed: Operation not supported');
  c.addError('ERR Rewriting config file: Operation not supported');
}

const CONFIG_HELP = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

// --- DEBUG ------------------------------------------------------------------------------

const DEBUG_HELP = [
  'AOF-FLUSH-SLEEP <microsec>',
  '    Server will sleep before flushing the AOF, this is used for testing.',
  'ASSERT',
  '    Crash by assertion failed.',
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  '    Dangerous: should be used only for testing the replication subsystem.',
  'CONFIG-REWRITE-FORCE-ALL',
  '    Like CONFIG REWRITE but writes all configuration options, including',
  '    keywords not listed in original configuration file or default values.',
  'CRASH-AND-RECOVER [<milliseconds>]',
  '    Hard crash and restart after a <milliseconds> delay (default 0).',
  'DIGEST',
  '    Output a hex signature representing the current DB content.',
  'DIGEST-VALUE <key> [<key> ...]',
  '    Output a hex signature of the values of all the specified keys.',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message. Useful for clients',
  '    unit tests to simulate Redis errors.',
  'LEAK <string>',
  '    Create a memory leak of the input string.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'HTSTATS <dbid>',
  '    Return hash table statistics of the specified Redis database.',
  'HTSTATS-KEY <key>',
  "    Like HTSTATS but for the hash table stored at <key>'s value.",
  'LOADAOF',
  '    Flush the AOF buffers on disk and reload the AOF in memory.',
  'REPLICATE <string>',
  '    Replicates the provided string to replicas, allowing data divergence.',
  'MALLCTL <key> [<val>]',
  '    Get or set a malloc tuning integer.',
  'MALLCTL-STR <key> [<val>]',
  '    Get or set a malloc tuning string.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'DROP-CLUSTER-PACKET-FILTER <packet-type>',
  '    Drop all packets that match the filtered type. Set to -1 allow all packets.',
  'OOM',
  '    Crash the server simulating an out-of-memory error.',
  'PANIC',
  '    Crash the server simulating a panic.',
  'POPULATE <count> [<prefix>] [<size>]',
  "    Create <count> string keys named key:<num>. If <prefix> is specified then",
  "    it is used instead of the 'key' prefix. These are not propagated to",
  '    replicas. Cluster slots are not respected so keys not belonging to the',
  '    current node can be created in cluster mode.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'RELOAD [option ...]',
  '    Save the RDB on disk and reload it back to memory. Valid <option> values:',
  '    * MERGE: conflicting keys will be loaded from RDB.',
  '    * NOFLUSH: the existing database will not be removed before load, but',
  '      conflicting keys will generate an exception and kill the server.',
  '    * NOSAVE: the database will be loaded from an existing RDB file.',
  '    Examples:',
  '    * DEBUG RELOAD: verify that the server is able to persist, flush and reload',
  '      the database.',
  '    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an',
  '      existing RDB file.',
  '    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB',
  '      file to the database.',
  'RESTART [<milliseconds>]',
  '    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).',
  'SDSLEN <key>',
  '    Show low level SDS string info representing `key` and value.',
  'SEGFAULT',
  '    Crash the server with sigsegv.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'QUICKLIST-PACKED-THRESHOLD <size>',
  '    Sets the threshold for elements to be inserted as plain vs packed nodes',
  '    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.',
  'SET-SKIP-CHECKSUM-VALIDATION <0|1>',
  '    Enables or disables checksum checks for RDB files and RESTORE\'s payload.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
  'STRINGMATCH-TEST',
  '    Run a fuzz tester against the stringmatchlen() function.',
  'STRUCTSIZE',
  '    Return the size of different Redis core C structures.',
  'LISTPACK <key>',
  '    Show low level info about the listpack encoding of <key>.',
  'QUICKLIST <key> [<0|1>]',
  '    Show low level info about the quicklist encoding of <key>.',
  '    The optional argument (0 by default) sets the level of detail',
  'CLIENT-EVICTION',
  '    Show low level client eviction pools info (maxmemory-clients).',
  'PAUSE-CRON <0|1>',
  '    Stop periodic cron job processing.',
  'REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>',
  '    Sets the time (in milliseconds) to wait between client reply buffer peak resets.',
  '    In case NEVER is provided the last observed peak will never be reset',
  '    In case RESET is provided the peak reset time will be restored to the default value',
  'REPLYBUFFER RESIZING <0|1>',
  '    Enable or disable the reply buffer resize cron job',
  'CLUSTERLINK KILL <to|from|all> <node-id>',
  '    Kills the link based on the direction to/from (both) with the provided node.',
];

/** C's atoi: optional blanks and sign, then digits; anything else ends the number. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Number(m[1]) | 0 : 0;
}

/** C's strtod on a prefix: "0.5abc" is 0.5, "abc" is 0. */
function strtodPrefix(s: string): number {
  const v = parseFloat(s);
  return Number.isNaN(v) ? 0 : v;
}

/** Stop the whole server for `ms`, as Redis's nanosleep does (nothing else runs). */
function blockFor(ms: number): void {
  if (!(ms > 0) || !Number.isFinite(ms)) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Bytes of Redis's rdbSaveLen for a length. */
function rdbLenBytes(len: number): number {
  if (len < 1 << 6) return 1;
  if (len < 1 << 14) return 2;
  if (len <= 0xffffffff) return 5;
  return 9;
}

/**
 * RDB length of a string value (DEBUG OBJECT serializedlength): integers
 * that fit 32 bits are stored in 2, 3 or 5 bytes, the rest as length +
 * bytes. Redis LZF-compresses strings over 20 bytes when that saves space;
 * that is not modelled yet, so long compressible strings read longer here.
 */
function rdbStringLength(s: string, intEncoded: boolean): number {
  if ((intEncoded || s.length <= 11) && isCanonicalInt64(s)) {
    const n = Number(s);
    if (n >= -128 && n <= 127) return 2;
    if (n >= -32768 && n <= 32767) return 3;
    if (n >= -2147483648 && n <= 2147483647) return 5;
  }
  return rdbLenBytes(s.length) + s.length;
}

/** Redis shares the integers 0..9999 unless an LRU/LFU maxmemory policy needs per-key clocks. */
function isSharedInteger(server: ServerApi, s: string): boolean {
  if (s.length > 4 || !isCanonicalInt64(s) || s.startsWith('-')) return false;
  const policy = server.config.getString('maxmemory-policy');
  const perKeyClock = policy.includes('lru') || policy.includes('lfu');
  return server.config.getNumber('maxmemory') === 0 || !perKeyClock;
}

/** A stable, address-looking number per key, for DEBUG OBJECT's "Value at". */
function fakeAddress(dbId: number, key: string): string {
  let h = 0x811c9dc5 ^ dbId;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return '0x7f' + (h >>> 0).toString(16).padStart(8, '0') + '40';
}

function debugObject(c: CommandContext, key: string): void {
  const v = lookupNoTouch(c.db, key);
  if (v === undefined) {
    c.addError(NO_SUCH_KEY);
    return;
  }
  const server = c.server;
  let encoding: string;
  let serialized: number;
  let refcount = 1;
  let lru = (server.lruClock() - c.db.idleSeconds(key)) & LRU_CLOCK_MAX;
  let idle = c.db.idleSeconds(key);
  if (isString(v)) {
    encoding = stringEncoding(v);
    const s = typeof v === 'string' ? v : v.toString();
    serialized = rdbStringLength(s, encoding === 'int');
    if (encoding === 'int' && isSharedInteger(server, s)) {
      // A shared object: its clock is the one it was created with, at start-up.
      refcount = 2147483647;
      const born = Math.floor(server.startTime / 1000);
      lru = born & LRU_CLOCK_MAX;
      idle = Math.max(0, server.lruClock() - born);
    }
  } else {
    encoding = v.encoding();
    // RDB sizes of collections come with the RDB codec.
    serialized = 0;
  }
  c.addStatus(
    `Value at:${fakeAddress(c.db.id, key)} refcount:${refcount} encoding:${encoding} ` +
      `serializedlength:${serialized} lru:${lru} lru_seconds_idle:${idle}`,
  );
}

const POSITIVE = 'ERR value is out of range, must be positive';

function debugPopulate(c: CommandContext, argv: string[]): void {
  const count = parseInt64(argv[2]);
  if (count === null || count < 0n) {
    c.addError(POSITIVE);
    return;
  }
  const prefix = argv.length >= 4 ? argv[3] : 'key';
  let size = 0;
  if (argv.length === 5) {
    const n = parseInt64(argv[4]);
    if (n === null || n < 0n) {
      c.addError(POSITIVE);
      return;
    }
    size = Number(n);
  }
  const db = c.db;
  const n = Number(count);
  for (let j = 0; j < n; j++) {
    const key = `${prefix}:${j}`;
    if (peekKey(db, key) !== undefined) continue;
    let value = `value:${j}`;
    // A size pads with zero bytes or truncates.
    if (size > 0) value = value.length >= size ? value.slice(0, size) : value + '\0'.repeat(size - value.length);
    db.setKey(key, value);
  }
  c.addOk();
}

const PROTOCOL_TYPES = 'string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false';

function debugProtocol(c: CommandContext, type: string): void {
  switch (type.toLowerCase()) {
    case 'string':
      c.addBulk('Hello World');
      return;
    case 'integer':
      c.addInt(12345);
      return;
    case 'double':
      c.addDouble(3.141);
      return;
    case 'bignum': {
      const big = '1234567999999999999999999999999999999';
      if (c.resp === 2) c.addBulk(big);
      else c.addRaw(`(${big}\r\n`);
      return;
    }
    case 'null':
      c.addNull();
      return;
    case 'array':
      c.addArrayLen(3);
      for (let j = 0; j < 3; j++) c.addInt(j);
      return;
    case 'set':
      c.addSetLen(3);
      for (let j = 0; j < 3; j++) c.addInt(j);
      return;
    case 'map':
      c.addMapLen(3);
      for (let j = 0; j < 3; j++) {
        c.addInt(j);
        c.addBool(j === 1);
      }
      return;
    case 'attrib':
      if (c.resp >= 3) c.addRaw('|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n');
      c.addBulk('Some real reply following the attribute');
      return;
    case 'push':
      if (c.resp < 3) {
        c.addError('ERR RESP2 is not supported by this command');
        return;
      }
      c.addRaw('>2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n');
      c.addBulk('Some real reply following the push reply');
      return;
    case 'verbatim':
      c.addVerbatim('This is a verbatim\nstring');
      return;
    case 'true':
      c.addBool(true);
      return;
    case 'false':
      c.addBool(false);
      return;
    default:
      c.addError(`ERR Wrong protocol type name. Please use one of the following: ${PROTOCOL_TYPES}`);
  }
}

function debug(c: CommandContext, argv: string[]): void {
  const sub = argv[1].toLowerCase();
  const argc = argv.length;
  if (sub === 'help' && argc === 2) {
    addHelp(c, 'DEBUG', DEBUG_HELP);
  } else if (sub === 'sleep' && argc === 3) {
    blockFor(strtodPrefix(argv[2]) * 1000);
    c.addOk();
  } else if (sub === 'set-active-expire' && argc === 3) {
    c.server.setActiveExpire(atoi(argv[2]) !== 0);
    c.addOk();
  } else if (sub === 'object' && argc === 3) {
    debugObject(c, argv[2]);
  } else if (sub === 'populate' && argc >= 3 && argc <= 5) {
    debugPopulate(c, argv);
  } else if (sub === 'protocol' && argc === 3) {
    debugProtocol(c, argv[2]);
  } else if (sub === 'log' && argc === 3) {
    c.server.logger.warning(`DEBUG LOG: ${argv[2]}`);
    c.addOk();
  } else if (sub === 'error' && argc === 3) {
    c.addError(argv[2]);
  } else {
    c.addError(`ERR unknown subcommand or wrong number of arguments for '${truncate(argv[1], 128)}'. Try DEBUG HELP.`);
  }
}

// --- SHUTDOWN ---------------------------------------------------------------------------

function shutdown(c: CommandContext, argv: string[]): void {
  let nosave = false;
  let save = false;
  let now = false;
  let force = false;
  let abort = false;
  for (let i = 1; i < argv.length; i++) {
    const opt = argv[i].toLowerCase();
    if (opt === 'nosave') nosave = true;
    else if (opt === 'save') save = true;
    else if (opt === 'now') now = true;
    else if (opt === 'force') force = true;
    else if (opt === 'abort') abort = true;
    else {
      c.addError(SYNTAX);
      return;
    }
  }
  if ((abort && (nosave || save || now || force)) || (nosave && save)) {
    c.addError(SYNTAX);
    return;
  }
  if (abort) {
    // Shutdown is immediate (no replicas to wait for), so none is ever pending.
    c.addError('ERR No shutdown in progress.');
    return;
  }
  // No reply: the connection closes with the server, as in Redis.
  void c.server.shutdown();
}

// --- MEMORY -----------------------------------------------------------------------------

/** jemalloc's size class for an allocation of n bytes (what zmalloc_size reports). */
export function jemallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return Math.ceil(n / 16) * 16;
  const group = 2 ** Math.floor(Math.log2(n - 1));
  const step = group / 4;
  return Math.ceil(n / step) * step;
}

/** Header bytes of the sds type Redis picks for a string of `len` bytes. */
function sdsHeader(len: number, allowType5: boolean): number {
  if (len < 32 && allowType5 && len > 0) return 1;
  if (len < 256) return 3;
  if (len < 65536) return 5;
  if (len <= 0xffffffff) return 9;
  return 17;
}

/** Redis's MEMORY USAGE: value (objectComputeSize) + key sds + dict entry. */
function keyMemoryUsage(key: string, v: Value): number {
  let valueBytes: number;
  if (isString(v)) {
    const enc = stringEncoding(v);
    const robj = 16;
    if (enc === 'int') valueBytes = robj;
    else if (enc === 'embstr') valueBytes = jemallocSize(robj + 3 + v.length + 1);
    else {
      const capacity = v instanceof RawString ? v.buf.length : v.length;
      valueBytes = robj + jemallocSize(sdsHeader(capacity, false) + capacity + 1);
    }
  } else {
    valueBytes = v.memoryUsage();
  }
  const keyBytes = jemallocSize(sdsHeader(key.length, true) + key.length + 1);
  return valueBytes + keyBytes + 24;
}

function memoryUsage(c: CommandContext, argv: string[]): void {
  for (let j = 3; j < argv.length; j++) {
    if (argv[j].toLowerCase() === 'samples' && j + 1 < argv.length) {
      const n = parseInt64(argv[j + 1]);
      if (n === null) {
        c.addError(NOT_INTEGER);
        return;
      }
      if (n < 0n) {
        c.addError(SYNTAX);
        return;
      }
      j++;
    } else {
      c.addError(SYNTAX);
      return;
    }
  }
  const v = peekKey(c.db, argv[2]);
  if (v === undefined) c.addNull();
  else c.addInt(keyMemoryUsage(argv[2], v));
}

function memoryStats(c: CommandContext): void {
  const server = c.server;
  const m = memorySnapshot(server);
  const dbs = server.dbs.map((db, i) => [i, db.size] as const).filter(([, size]) => size > 0);
  const keys = dbs.reduce((n, [, size]) => n + size, 0);
  const f32 = (x: number) => Math.fround(Number.isFinite(x) ? x : 0);
  c.addMapLen(27 + dbs.length);
  const int = (name: string, v: number) => {
    c.addBulk(name);
    c.addInt(Math.round(v));
  };
  const dbl = (name: string, v: number) => {
    c.addBulk(name);
    c.addDouble(f32(v));
  };
  int('peak.allocated', m.peak);
  int('total.allocated', m.used);
  int('startup.allocated', 0);
  int('replication.backlog', 0);
  int('clients.slaves', 0);
  int('clients.normal', 0);
  int('cluster.links', 0);
  int('aof.buffer', 0);
  int('lua.caches', 0);
  int('functions.caches', 0);
  for (const [i] of dbs) {
    c.addBulk(`db.${i}`);
    c.addMapLen(3);
    int('overhead.hashtable.main', 0);
    int('overhead.hashtable.expires', 0);
    int('overhead.hashtable.slot-to-keys', 0);
  }
  int('overhead.total', 0);
  int('keys.count', keys);
  int('keys.bytes-per-key', keys > 0 ? Math.floor(m.used / keys) : 0);
  int('dataset.bytes', m.used);
  dbl('dataset.percentage', 100);
  dbl('peak.percentage', (m.used * 100) / m.peak);
  int('allocator.allocated', m.used);
  int('allocator.active', m.heapTotal);
  int('allocator.resident', m.rss);
  dbl('allocator-fragmentation.ratio', m.heapTotal / m.used);
  int('allocator-fragmentation.bytes', m.heapTotal - m.used);
  dbl('allocator-rss.ratio', m.rss / m.heapTotal);
  int('allocator-rss.bytes', m.rss - m.heapTotal);
  dbl('rss-overhead.ratio', 1);
  int('rss-overhead.bytes', 0);
  dbl('fragmentation', m.rss / m.used);
  int('fragmentation.bytes', m.rss - m.used);
}

function memoryDoctor(c: CommandContext): void {
  const m = memorySnapshot(c.server);
  const text =
    m.used < 5 * 1024 * 1024
      ? "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. " +
        'Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n'
      : "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
  c.addVerbatim(text);
}

const MEMORY_HELP = [
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
];

// --- the table --------------------------------------------------------------------------

const ADMIN_FLAGS = ['admin', 'noscript', 'loading', 'stale'] as const;
const HELP_SUMMARY = 'Show helpful text about the different subcommands';
const SHARDS_TIPS = ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'];

const srv = (spec: Omit<CommandSpec, 'group'>): CommandSpec => ({ group: 'server', ...spec });

const SHUTDOWN_ARGS: ArgDoc[] = [
  {
    name: 'nosave_save',
    type: 'oneof',
    optional: true,
    arguments: [
      { name: 'nosave', type: 'pure-token', token: 'NOSAVE' },
      { name: 'save', type: 'pure-token', token: 'SAVE' },
    ],
  },
  { name: 'now', type: 'pure-token', token: 'NOW', since: '7.0.0', optional: true },
  { name: 'force', type: 'pure-token', token: 'FORCE', since: '7.0.0', optional: true },
  { name: 'abort', type: 'pure-token', token: 'ABORT', since: '7.0.0', optional: true },
];

export const serverCommands: CommandSpec[] = [
  srv({
    name: 'info',
    arity: -1,
    flags: ['loading', 'stale', 'sentinel'],
    acl: ['dangerous'],
    since: '1.0.0',
    summary: 'Get information and statistics about the server',
    complexity: 'O(1)',
    history: [['7.0.0', 'Added support for taking multiple section arguments.']],
    tips: SHARDS_TIPS,
    args: [{ name: 'section', type: 'string', optional: true, multiple: true }],
    handler: (c, argv) => c.addVerbatim(genInfo(c.server, argv)),
  }),
  srv({
    name: 'config',
    arity: -2,
    flags: [],
    since: '2.0.0',
    summary: 'A container for server configuration commands',
    complexity: 'Depends on subcommand.',
    subcommands: [
      srv({
        name: 'get',
        arity: -3,
        flags: ADMIN_FLAGS,
        since: '2.0.0',
        summary: 'Get the values of configuration parameters',
        complexity: 'O(N) when N is the number of configuration parameters provided',
        history: [['7.0.0', 'Added the ability to pass multiple pattern parameters in one call']],
        args: [{ name: 'parameter', type: 'block', multiple: true, arguments: [{ name: 'parameter', type: 'string' }] }],
        handler: configGet,
      }),
      srv({
        name: 'set',
        arity: -4,
        flags: ADMIN_FLAGS,
        since: '2.0.0',
        summary: 'Set configuration parameters to the given values',
        complexity: 'O(N) when N is the number of configuration parameters provided',
        history: [['7.0.0', 'Added the ability to set multiple parameters in one call.']],
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
        args: [
          {
            name: 'parameter_value',
            type: 'block',
            multiple: true,
            arguments: [
              { name: 'parameter', type: 'string' },
              { name: 'value', type: 'string' },
            ],
          },
        ],
        handler: configSet,
      }),
      srv({
        name: 'resetstat',
        arity: 2,
        flags: ADMIN_FLAGS,
        since: '2.0.0',
        summary: 'Reset the stats returned by INFO',
        complexity: 'O(1)',
        handler: configResetStat,
      }),
      srv({
        name: 'rewrite',
        arity: 2,
        flags: ADMIN_FLAGS,
        since: '2.8.0',
        summary: 'Rewrite the configuration file with the in memory configuration',
        complexity: 'O(1)',
        handler: configRewrite,
      }),
      srv({
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        since: '5.0.0',
        summary: HELP_SUMMARY,
        complexity: 'O(1)',
        handler: (c) => addHelp(c, 'CONFIG', CONFIG_HELP),
      }),
    ],
  }),
  srv({
    name: 'time',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    since: '2.6.0',
    summary: 'Return the current server time',
    complexity: 'O(1)',
    tips: ['nondeterministic_output'],
    handler: (c) => {
      const us = nowMicros(c.server);
      c.addArrayLen(2);
      c.addBulk(String(Math.floor(us / 1e6)));
      c.addBulk(String(us % 1e6));
    },
  }),
  srv({
    name: 'lastsave',
    arity: 1,
    flags: ['loading', 'stale', 'fast'],
    acl: ['admin', 'dangerous'],
    since: '1.0.0',
    summary: 'Get the UNIX time stamp of the last successful save to disk',
    complexity: 'O(1)',
    tips: ['nondeterministic_output'],
    handler: (c) => c.addInt(lastSave(c.server)),
  }),
  srv({
    name: 'debug',
    arity: -2,
    flags: [...ADMIN_FLAGS, 'protected'],
    since: '1.0.0',
    summary: 'A container for debugging commands',
    complexity: 'Depends on subcommand.',
    docFlags: ['syscmd'],
    handler: debug,
  }),
  srv({
    name: 'shutdown',
    arity: -1,
    flags: [...ADMIN_FLAGS, 'no_multi', 'sentinel', 'allow_busy'],
    since: '1.0.0',
    summary: 'Synchronously save the dataset to disk and then shut down the server',
    complexity: 'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)',
    history: [['7.0.0', 'Added the `NOW`, `FORCE` and `ABORT` modifiers.']],
    args: SHUTDOWN_ARGS,
    handler: shutdown,
  }),
  srv({
    name: 'memory',
    arity: -2,
    flags: [],
    since: '4.0.0',
    summary: 'A container for memory diagnostics commands',
    complexity: 'Depends on subcommand.',
    subcommands: [
      srv({
        name: 'doctor',
        arity: 2,
        flags: [],
        since: '4.0.0',
        summary: 'Outputs memory problems report',
        complexity: 'O(1)',
        tips: SHARDS_TIPS,
        handler: memoryDoctor,
      }),
      srv({
        name: 'malloc-stats',
        arity: 2,
        flags: [],
        since: '4.0.0',
        summary: 'Show allocator internal stats',
        complexity: 'Depends on how much memory is allocated, could be slow',
        tips: SHARDS_TIPS,
        handler: (c) => c.addBulk('Stats not supported for the current allocator'),
      }),
      srv({
        name: 'purge',
        arity: 2,
        flags: [],
        since: '4.0.0',
        summary: 'Ask the allocator to release memory',
        complexity: 'Depends on how much memory is allocated, could be slow',
        tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
        handler: (c) => c.addOk(),
      }),
      srv({
        name: 'stats',
        arity: 2,
        flags: [],
        since: '4.0.0',
        summary: 'Show memory usage details',
        complexity: 'O(1)',
        tips: SHARDS_TIPS,
        handler: memoryStats,
      }),
      srv({
        name: 'usage',
        arity: -3,
        flags: ['readonly'],
        keys: { first: 2, last: 2, step: 1 },
        keyFlags: ['RO'],
        since: '4.0.0',
        summary: 'Estimate the memory usage of a key',
        complexity: 'O(N) where N is the number of samples.',
        args: [
          { name: 'key', type: 'key', keySpecIndex: 0 },
          { name: 'count', type: 'integer', token: 'SAMPLES', optional: true },
        ],
        handler: memoryUsage,
      }),
      srv({
        name: 'help',
        arity: 2,
        flags: ['loading', 'stale'],
        since: '4.0.0',
        summary: HELP_SUMMARY,
        complexity: 'O(1)',
        handler: (c) => addHelp(c, 'MEMORY', MEMORY_HELP),
      }),
    ],
  }),
  ...commandCommands,
];
