/**
 * The configuration table: every parameter tredis understands, with its
 * type, default and limits. One table serves the config file, the
 * `--name value` command-line flags, CONFIG GET/SET and the embedding API.
 *
 * Values are parsed once into numbers/booleans/strings; the server reads
 * them through `Config.get*` and may register an `onChange` hook to refresh
 * anything it caches on the hot path.
 */
import { stringMatch } from '../datatypes/glob.js';
import { formatNotifyFlags, parseNotifyFlags } from './pubsub.js';

type ConfigType = 'bool' | 'int' | 'memory' | 'enum' | 'string' | 'special';

export interface ConfigDef {
  name: string;
  aliases?: readonly string[];
  type: ConfigType;
  default: string;
  min?: number;
  max?: number;
  /** Values above max are silently clamped instead of refused (Redis's hz). */
  clamp?: boolean;
  values?: readonly string[];
  /** Only settable at start-up. */
  immutable?: boolean;
  /** Extra validation/normalisation for 'special' and 'string' types: returns an error or the normal form. */
  parse?: (value: string) => { error: string } | { value: string };
}

export type ConfigValue = string | number | boolean;

const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1000,
  kb: 1024,
  m: 1000 * 1000,
  mb: 1024 * 1024,
  g: 1000 * 1000 * 1000,
  gb: 1024 * 1024 * 1024,
};

/** Redis's memtoull: "1gb", "100mb", "42" (case-insensitive unit). */
export function parseMemory(s: string): number | null {
  const m = /^(-?\d+)([a-zA-Z]*)$/.exec(s);
  if (!m) return null;
  const unit = MEMORY_UNITS[m[2].toLowerCase()];
  if (unit === undefined) return null;
  return Number(m[1]) * unit;
}

function parseSave(value: string): { error: string } | { value: string } {
  const parts = value.split(' ').filter((p) => p !== '');
  if (parts.length === 1 && parts[0] === '""') return { value: '' };
  if (parts.length % 2 !== 0) return { error: 'Invalid save parameters' };
  for (const p of parts) if (!/^\d+$/.test(p)) return { error: 'Invalid save parameters' };
  return { value: parts.join(' ') };
}

function parseOutputBufferLimit(value: string): { error: string } | { value: string } {
  const parts = value.split(' ').filter((p) => p !== '');
  if (parts.length % 4 !== 0) return { error: 'Wrong number of arguments in buffer limit configuration.' };
  const classes: Record<string, string[]> = {
    normal: ['0', '0', '0'],
    slave: ['268435456', '67108864', '60'],
    pubsub: ['33554432', '8388608', '60'],
  };
  for (let i = 0; i < parts.length; i += 4) {
    let cls = parts[i].toLowerCase();
    if (cls === 'replica') cls = 'slave';
    if (!(cls in classes)) return { error: 'Invalid client class specified in buffer limit configuration.' };
    const hard = parseMemory(parts[i + 1]);
    const soft = parseMemory(parts[i + 2]);
    const secs = Number(parts[i + 3]);
    if (hard === null || soft === null || !Number.isInteger(secs) || hard < 0 || soft < 0 || secs < 0) {
      return { error: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
    }
    classes[cls] = [String(hard), String(soft), String(secs)];
  }
  return { value: Object.entries(classes).map(([k, v]) => `${k} ${v.join(' ')}`).join(' ') };
}

function parseNotifyKeyspaceEvents(value: string): { error: string } | { value: string } {
  const flags = parseNotifyFlags(value);
  if (flags === null) return { error: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." };
  return { value: formatNotifyFlags(flags) };
}

const POLICIES = [
  'volatile-lru',
  'volatile-lfu',
  'volatile-random',
  'volatile-ttl',
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
  'noeviction',
] as const;

const INT_MAX = 2147483647;
const LONG_MAX = Number.MAX_SAFE_INTEGER;

/** The table. Order is irrelevant; names are lowercase. */
export const CONFIG_DEFS: readonly ConfigDef[] = [
  // Network
  { name: 'port', type: 'int', default: '6379', min: 0, max: 65535 },
  { name: 'bind', type: 'string', default: '127.0.0.1' },
  { name: 'protected-mode', type: 'bool', default: 'yes' },
  { name: 'tcp-backlog', type: 'int', default: '511', min: 0, max: INT_MAX, immutable: true },
  { name: 'tcp-keepalive', type: 'int', default: '300', min: 0, max: INT_MAX },
  { name: 'timeout', type: 'int', default: '0', min: 0, max: INT_MAX },
  { name: 'maxclients', type: 'int', default: '10000', min: 1, max: INT_MAX },
  { name: 'unixsocket', type: 'string', default: '', immutable: true },
  { name: 'unixsocketperm', type: 'int', default: '0', min: 0, max: 0o777, immutable: true },
  // Security
  { name: 'requirepass', type: 'string', default: '' },
  { name: 'enable-debug-command', type: 'enum', default: 'no', values: ['no', 'yes', 'local'], immutable: true },
  { name: 'enable-protected-configs', type: 'enum', default: 'no', values: ['no', 'yes', 'local'], immutable: true },
  // General
  { name: 'databases', type: 'int', default: '16', min: 1, max: INT_MAX, immutable: true },
  { name: 'hz', type: 'int', default: '10', min: 0, max: 500, clamp: true },
  { name: 'dynamic-hz', type: 'bool', default: 'yes' },
  { name: 'loglevel', type: 'enum', default: 'notice', values: ['debug', 'verbose', 'notice', 'warning'] },
  { name: 'logfile', type: 'string', default: '', immutable: true },
  { name: 'daemonize', type: 'bool', default: 'no', immutable: true },
  { name: 'supervised', type: 'enum', default: 'no', values: ['upstart', 'systemd', 'auto', 'no'], immutable: true },
  { name: 'pidfile', type: 'string', default: '', immutable: true },
  { name: 'syslog-enabled', type: 'bool', default: 'no', immutable: true },
  { name: 'always-show-logo', type: 'bool', default: 'no', immutable: true },
  { name: 'set-proc-title', type: 'bool', default: 'yes', immutable: true },
  { name: 'crash-log-enabled', type: 'bool', default: 'yes' },
  // Limits
  { name: 'proto-max-bulk-len', type: 'memory', default: '536870912', min: 1024 * 1024, max: LONG_MAX },
  { name: 'client-query-buffer-limit', type: 'memory', default: '1073741824', min: 1024 * 1024, max: LONG_MAX },
  { name: 'client-output-buffer-limit', type: 'special', default: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60', parse: parseOutputBufferLimit },
  // Memory
  { name: 'maxmemory', type: 'memory', default: '0', min: 0, max: LONG_MAX },
  { name: 'maxmemory-policy', type: 'enum', default: 'noeviction', values: POLICIES },
  { name: 'maxmemory-samples', type: 'int', default: '5', min: 1, max: 64 },
  { name: 'maxmemory-eviction-tenacity', type: 'int', default: '10', min: 0, max: 100 },
  { name: 'lfu-log-factor', type: 'int', default: '10', min: 0, max: INT_MAX },
  { name: 'lfu-decay-time', type: 'int', default: '1', min: 0, max: INT_MAX },
  { name: 'active-expire-effort', type: 'int', default: '1', min: 1, max: 10 },
  { name: 'lazyfree-lazy-eviction', type: 'bool', default: 'no' },
  { name: 'lazyfree-lazy-expire', type: 'bool', default: 'no' },
  { name: 'lazyfree-lazy-server-del', type: 'bool', default: 'no' },
  { name: 'lazyfree-lazy-user-del', type: 'bool', default: 'no' },
  { name: 'lazyfree-lazy-user-flush', type: 'bool', default: 'no' },
  { name: 'activedefrag', type: 'bool', default: 'no' },
  // Persistence (implemented by a later issue; accepted now so configs load)
  { name: 'dir', type: 'string', default: './' },
  { name: 'dbfilename', type: 'string', default: 'dump.rdb' },
  { name: 'save', type: 'special', default: '', parse: parseSave },
  { name: 'rdbcompression', type: 'bool', default: 'yes' },
  { name: 'rdbchecksum', type: 'bool', default: 'yes' },
  { name: 'stop-writes-on-bgsave-error', type: 'bool', default: 'yes' },
  { name: 'appendonly', type: 'bool', default: 'no' },
  { name: 'appendfilename', type: 'string', default: 'appendonly.aof', immutable: true },
  { name: 'appenddirname', type: 'string', default: 'appendonlydir', immutable: true },
  { name: 'appendfsync', type: 'enum', default: 'everysec', values: ['always', 'everysec', 'no'] },
  { name: 'no-appendfsync-on-rewrite', type: 'bool', default: 'no' },
  { name: 'auto-aof-rewrite-percentage', type: 'int', default: '100', min: 0, max: INT_MAX },
  { name: 'auto-aof-rewrite-min-size', type: 'memory', default: '67108864', min: 0, max: LONG_MAX },
  { name: 'aof-use-rdb-preamble', type: 'bool', default: 'yes' },
  { name: 'aof-timestamp-enabled', type: 'bool', default: 'no' },
  // Encodings (used by the collections issue)
  { name: 'hash-max-listpack-entries', aliases: ['hash-max-ziplist-entries'], type: 'int', default: '128', min: 0, max: LONG_MAX },
  { name: 'hash-max-listpack-value', aliases: ['hash-max-ziplist-value'], type: 'int', default: '64', min: 0, max: LONG_MAX },
  { name: 'list-max-listpack-size', aliases: ['list-max-ziplist-size'], type: 'int', default: '-2', min: -5, max: INT_MAX },
  { name: 'list-compress-depth', type: 'int', default: '0', min: 0, max: INT_MAX },
  { name: 'set-max-intset-entries', type: 'int', default: '512', min: 0, max: LONG_MAX },
  { name: 'zset-max-listpack-entries', aliases: ['zset-max-ziplist-entries'], type: 'int', default: '128', min: 0, max: LONG_MAX },
  { name: 'zset-max-listpack-value', aliases: ['zset-max-ziplist-value'], type: 'int', default: '64', min: 0, max: LONG_MAX },
  { name: 'stream-node-max-bytes', type: 'memory', default: '4096', min: 0, max: LONG_MAX },
  { name: 'stream-node-max-entries', type: 'int', default: '100', min: 0, max: LONG_MAX },
  // Scripting, events, diagnostics
  { name: 'busy-reply-threshold', aliases: ['lua-time-limit'], type: 'int', default: '5000', min: 0, max: LONG_MAX },
  { name: 'notify-keyspace-events', type: 'special', default: '', parse: parseNotifyKeyspaceEvents },
  { name: 'slowlog-log-slower-than', type: 'int', default: '10000', min: -1, max: LONG_MAX },
  { name: 'slowlog-max-len', type: 'int', default: '128', min: 0, max: LONG_MAX },
  { name: 'latency-monitor-threshold', type: 'int', default: '0', min: 0, max: LONG_MAX },
  { name: 'latency-tracking', type: 'bool', default: 'yes' },
  // Replication and cluster (later issues)
  { name: 'replicaof', aliases: ['slaveof'], type: 'string', default: '' },
  { name: 'masterauth', type: 'string', default: '' },
  { name: 'replica-read-only', aliases: ['slave-read-only'], type: 'bool', default: 'yes' },
  { name: 'replica-serve-stale-data', aliases: ['slave-serve-stale-data'], type: 'bool', default: 'yes' },
  { name: 'repl-backlog-size', type: 'memory', default: '1048576', min: 1, max: LONG_MAX },
  { name: 'repl-diskless-sync', type: 'bool', default: 'yes' },
  { name: 'repl-timeout', type: 'int', default: '60', min: 1, max: INT_MAX },
  { name: 'min-replicas-to-write', aliases: ['min-slaves-to-write'], type: 'int', default: '0', min: 0, max: INT_MAX },
  { name: 'min-replicas-max-lag', aliases: ['min-slaves-max-lag'], type: 'int', default: '10', min: 0, max: INT_MAX },
  { name: 'cluster-enabled', type: 'bool', default: 'no', immutable: true },
  { name: 'cluster-config-file', type: 'string', default: 'nodes.conf', immutable: true },
  { name: 'cluster-node-timeout', type: 'int', default: '15000', min: 0, max: LONG_MAX },
];

export class ConfigError extends Error {}

/** Parse `value` for `def`; returns the stored value or throws ConfigError with Redis's wording. */
function parseValue(def: ConfigDef, value: string): ConfigValue {
  switch (def.type) {
    case 'bool': {
      const v = value.toLowerCase();
      if (v === 'yes') return true;
      if (v === 'no') return false;
      throw new ConfigError("argument must be 'yes' or 'no'");
    }
    case 'int':
    case 'memory': {
      let n: number | null;
      if (def.type === 'memory') {
        n = parseMemory(value);
        if (n === null) throw new ConfigError('argument must be a memory value');
      } else {
        n = /^-?\d+$/.test(value) ? Number(value) : null;
        if (n === null) throw new ConfigError("argument couldn't be parsed into an integer");
      }
      const min = def.min ?? 0;
      const max = def.max ?? LONG_MAX;
      if (def.clamp && n > max) n = max;
      if (n < min || n > max) throw new ConfigError(`argument must be between ${min} and ${max} inclusive`);
      return n;
    }
    case 'enum': {
      const v = value.toLowerCase();
      const values = def.values ?? [];
      if (!values.includes(v)) throw new ConfigError(`argument(s) must be one of the following: ${values.join(', ')}`);
      return v;
    }
    default: {
      if (!def.parse) return value;
      const r = def.parse(value);
      if ('error' in r) throw new ConfigError(r.error);
      return r.value;
    }
  }
}

function formatValue(def: ConfigDef, v: ConfigValue): string {
  if (def.type === 'bool') return v ? 'yes' : 'no';
  return String(v);
}

export class Config {
  private readonly defs = new Map<string, ConfigDef>();
  private readonly values = new Map<string, ConfigValue>();
  private readonly listeners = new Map<string, ((v: ConfigValue) => void)[]>();

  constructor() {
    for (const def of CONFIG_DEFS) {
      this.defs.set(def.name, def);
      for (const a of def.aliases ?? []) this.defs.set(a, def);
      this.values.set(def.name, parseValue(def, def.default));
    }
  }

  def(name: string): ConfigDef | undefined {
    return this.defs.get(name.toLowerCase());
  }

  getNumber(name: string): number {
    return this.values.get(name) as number;
  }

  getBool(name: string): boolean {
    return this.values.get(name) as boolean;
  }

  getString(name: string): string {
    return this.values.get(name) as string;
  }

  /** Call `fn` now and whenever the value changes. */
  watch(name: string, fn: (v: ConfigValue) => void): void {
    const list = this.listeners.get(name) ?? [];
    list.push(fn);
    this.listeners.set(name, list);
    fn(this.values.get(name) as ConfigValue);
  }

  /** Set one parameter; throws ConfigError on an unknown name or bad value. */
  set(name: string, value: string, atStartup = false): void {
    const def = this.def(name);
    if (!def) throw new ConfigError('Bad directive or wrong number of arguments');
    if (def.immutable && !atStartup) throw new ConfigError("can't set immutable config");
    const parsed = parseValue(def, value);
    this.values.set(def.name, parsed);
    for (const fn of this.listeners.get(def.name) ?? []) fn(parsed);
  }

  /**
   * CONFIG SET with several pairs: validate all first, then apply all, so a
   * bad pair leaves every parameter unchanged (Redis 7.0 is atomic here).
   */
  setMany(pairs: readonly [string, string][]): string | null {
    const seen = new Set<string>();
    const parsed: [ConfigDef, ConfigValue][] = [];
    for (const [name, value] of pairs) {
      const def = this.def(name);
      if (!def) return `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`;
      const fail = (why: string) => `ERR CONFIG SET failed (possibly related to argument '${name}') - ${why}`;
      if (def.immutable) return fail("can't set immutable config");
      if (seen.has(def.name)) return fail('duplicate parameter');
      seen.add(def.name);
      try {
        parsed.push([def, parseValue(def, value)]);
      } catch (e) {
        return fail((e as Error).message);
      }
    }
    for (const [def, v] of parsed) {
      this.values.set(def.name, v);
      for (const fn of this.listeners.get(def.name) ?? []) fn(v);
    }
    return null;
  }

  /** CONFIG GET: every (name, value) whose name or alias matches one of the patterns. */
  match(patterns: readonly string[]): [string, string][] {
    const out = new Map<string, string>();
    for (const pattern of patterns) {
      for (const [name, def] of this.defs) {
        if (out.has(name)) continue;
        if (stringMatch(pattern, name, true)) {
          out.set(name, formatValue(def, this.values.get(def.name) as ConfigValue));
        }
      }
    }
    return [...out];
  }

  /** Every parameter as a name → string map (INFO, CONFIG REWRITE later). */
  entries(): [string, string][] {
    return CONFIG_DEFS.map((def) => [def.name, formatValue(def, this.values.get(def.name) as ConfigValue)]);
  }
}
