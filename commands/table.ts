/**
 * The command table: every CommandSpec of every family, indexed for
 * dispatch. It is the single source for lookup, arity, COMMAND output, ACL
 * categories and key extraction.
 */
import type { CommandFlag, CommandSpec, KeyRange } from './types.js';

/** What dispatch needs about a command, resolved once when the table is built. */
export interface ResolvedCommand {
  readonly spec: CommandSpec;
  /** "get", or "config|get" for a subcommand. */
  readonly fullName: string;
  readonly parent: CommandSpec | undefined;
  /** Call counters for INFO commandstats, owned by the table so dispatch needs no map lookup. */
  readonly stat: { calls: number; usec: number; rejectedCalls: number; failedCalls: number };
  /** Flags dispatch tests on every call, precomputed. */
  readonly isProtected: boolean;
  readonly noAuth: boolean;
  /** Runs at once inside MULTI (EXEC, DISCARD, MULTI, WATCH, QUIT, RESET). */
  readonly runsInMulti: boolean;
  /** Allowed to a RESP2 client that has subscriptions. */
  readonly allowedInPubSub: boolean;
  has(flag: CommandFlag): boolean;
}

const RUNS_IN_MULTI = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);
const PUBSUB_CONTEXT = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset']);

function resolve(spec: CommandSpec, parent: CommandSpec | undefined): ResolvedCommand {
  const flags = new Set(spec.flags);
  const topName = (parent ?? spec).name;
  return {
    spec,
    parent,
    fullName: parent ? `${parent.name}|${spec.name}` : spec.name,
    stat: { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0 },
    isProtected: flags.has('protected'),
    noAuth: flags.has('no_auth'),
    runsInMulti: RUNS_IN_MULTI.has(topName),
    allowedInPubSub: PUBSUB_CONTEXT.has(topName),
    has: (f) => flags.has(f),
  };
}

export class CommandTable {
  /** Lowercase name → spec, plus the uppercase spelling so most lookups skip toLowerCase. */
  private readonly byName = new Map<string, CommandSpec>();
  private readonly subs = new Map<CommandSpec, Map<string, CommandSpec>>();
  private readonly resolved = new Map<CommandSpec, ResolvedCommand>();
  /** Lowercase and uppercase names of commands without subcommands → entry: the hot path. */
  private readonly fast = new Map<string, ResolvedCommand>();
  readonly all: readonly CommandSpec[];

  constructor(specs: readonly CommandSpec[]) {
    this.all = specs;
    for (const spec of specs) {
      if (this.byName.has(spec.name)) throw new Error(`duplicate command ${spec.name}`);
      this.byName.set(spec.name, spec);
      this.byName.set(spec.name.toUpperCase(), spec);
      const entry = resolve(spec, undefined);
      this.resolved.set(spec, entry);
      if (!spec.subcommands) {
        this.fast.set(spec.name, entry);
        this.fast.set(spec.name.toUpperCase(), entry);
      }
      if (spec.subcommands) {
        const m = new Map<string, CommandSpec>();
        for (const sub of spec.subcommands) {
          m.set(sub.name, sub);
          this.resolved.set(sub, resolve(sub, spec));
        }
        this.subs.set(spec, m);
      }
    }
  }

  /** Redis's lookupCommand, returning the resolved entry (one map lookup for plain commands). */
  resolveArgv(argv: readonly string[]): ResolvedCommand | undefined {
    const direct = this.fast.get(argv[0]);
    if (direct !== undefined) return direct;
    const spec = this.lookup(argv);
    return spec && this.resolved.get(spec);
  }

  entry(spec: CommandSpec): ResolvedCommand {
    return this.resolved.get(spec) as ResolvedCommand;
  }

  /** Every resolved command and subcommand (INFO commandstats). */
  entries(): IterableIterator<ResolvedCommand> {
    return this.resolved.values();
  }

  /** The top-level spec for a command name in any letter case. */
  get(name: string): CommandSpec | undefined {
    return this.byName.get(name) ?? this.byName.get(name.toLowerCase());
  }

  /**
   * Redis's lookupCommand: the subcommand when the name is a container and
   * a second word exists, the container itself when it is alone.
   */
  lookup(argv: readonly string[]): CommandSpec | undefined {
    const spec = this.get(argv[0]);
    if (!spec || !spec.subcommands || argv.length === 1) return spec;
    return this.subs.get(spec)?.get(argv[1].toLowerCase());
  }

  subcommand(parent: CommandSpec, name: string): CommandSpec | undefined {
    return this.subs.get(parent)?.get(name.toLowerCase());
  }

  /** "config|get" for subcommands, the plain name otherwise. */
  fullName(spec: CommandSpec): string {
    return this.entry(spec).fullName;
  }
}

/** Key positions of argv for a spec (COMMAND GETKEYS, cluster checks, ACL). */
export function keyPositions(spec: CommandSpec, argv: readonly string[]): number[] {
  if (spec.getKeys) return spec.getKeys(argv as string[]);
  return rangePositions(spec.keys, argv.length);
}

export function rangePositions(keys: KeyRange | undefined, argc: number): number[] {
  if (!keys || keys.first === 0) return [];
  const last = keys.last < 0 ? argc + keys.last : keys.last;
  const out: number[] = [];
  for (let i = keys.first; i <= last && i < argc; i += keys.step) out.push(i);
  return out;
}

/**
 * ACL categories as Redis derives them (setImplicitACLCategories): from the
 * flags, plus the spec's own.
 */
export function aclCategories(spec: CommandSpec): string[] {
  const cats = new Set<string>();
  const f = new Set(spec.flags);
  if (f.has('write')) cats.add('write');
  if (f.has('readonly') && !(spec.acl ?? []).includes('scripting')) cats.add('read');
  if (f.has('admin')) {
    cats.add('admin');
    cats.add('dangerous');
  }
  if (f.has('pubsub')) cats.add('pubsub');
  if (f.has('fast')) cats.add('fast');
  if (f.has('blocking')) cats.add('blocking');
  for (const c of spec.acl ?? []) cats.add(c);
  if (!cats.has('fast')) cats.add('slow');
  return [...cats];
}
