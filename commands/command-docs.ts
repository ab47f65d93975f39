/**
 * COMMAND and its subcommands: the server describing its own command table
 * (Redis's commandCommand family in server.c). Everything here is derived
 * from the CommandSpecs, so a family only writes its metadata once.
 *
 * What Redis 7.0 prints, and how tredis derives it:
 *  - COMMAND INFO: [name, arity, flags, first key, last key, step, ACL
 *    categories, tips, key specs, subcommands]. Flags and categories come
 *    out in Redis's table order, whatever order a spec lists them in; a few
 *    flags (may_replicate, sentinel, only_sentinel, protected) are internal
 *    and never shown; `movablekeys` is computed from the key specs.
 *  - Key specs are the spec's `keySpecs`, or one spec derived from its
 *    legacy `keys` range and `keyFlags`. The (first, last, step) triple is
 *    computed from the key specs as Redis's populateCommandLegacyRangeSpec
 *    does, so the two can never disagree.
 *  - COMMAND DOCS: a map per command of summary, since, group, complexity,
 *    doc flags, deprecation, history, the argument tree and subcommands.
 */
import type { ArgDoc, CommandContext, CommandFlag, CommandSpec, KeySpec, KeySpecFlag } from './types.js';
import { aclCategories, keyPositions, type CommandTable } from './table.js';
import { SYNTAX } from './errors.js';
import { addHelp } from './help.js';
import { stringMatch } from '../datatypes/glob.js';
import { parseInt64 } from '../datatypes/numbers.js';

/** Command flags in the order COMMAND INFO prints them (hidden ones left out). */
const FLAG_ORDER: readonly CommandFlag[] = [
  'write',
  'readonly',
  'denyoom',
  'module',
  'admin',
  'pubsub',
  'noscript',
  'blocking',
  'loading',
  'stale',
  'skip_monitor',
  'skip_slowlog',
  'asking',
  'fast',
  'no_auth',
  'no_mandatory_keys',
  'no_async_loading',
  'no_multi',
  'movablekeys',
  'allow_busy',
];

/** ACL categories in Redis's table order (ACL CAT, COMMAND INFO). */
export const ACL_CATEGORY_ORDER: readonly string[] = [
  'keyspace',
  'read',
  'write',
  'set',
  'sortedset',
  'list',
  'hash',
  'string',
  'bitmap',
  'hyperloglog',
  'geo',
  'stream',
  'pubsub',
  'admin',
  'fast',
  'slow',
  'blocking',
  'dangerous',
  'connection',
  'transaction',
  'scripting',
];

const KEY_FLAG_ORDER: readonly KeySpecFlag[] = [
  'RO',
  'RW',
  'OW',
  'RM',
  'access',
  'update',
  'insert',
  'delete',
  'not_key',
  'incomplete',
  'variable_flags',
];

/** Command groups as COMMAND DOCS names them. */
export const COMMAND_GROUPS: readonly string[] = [
  'generic',
  'string',
  'list',
  'set',
  'sorted-set',
  'hash',
  'pubsub',
  'transactions',
  'connection',
  'server',
  'scripting',
  'hyperloglog',
  'cluster',
  'sentinel',
  'geo',
  'stream',
  'bitmap',
  'module',
];

// --- metadata derived from a spec ---------------------------------------------

/** Flags of the key spec derived from `keys` when a spec says nothing more. */
function defaultKeyFlags(spec: CommandSpec): readonly KeySpecFlag[] {
  if (spec.keyFlags) return spec.keyFlags;
  return spec.flags.includes('write') ? ['RW', 'access', 'update'] : ['RO', 'access'];
}

/** The key specs COMMAND INFO shows: explicit ones, or one from the legacy range. */
export function keySpecsOf(spec: CommandSpec): readonly KeySpec[] {
  if (spec.keySpecs) return spec.keySpecs;
  const k = spec.keys;
  if (!k || k.first <= 0) return [];
  return [
    {
      flags: defaultKeyFlags(spec),
      beginSearch: { index: k.first },
      findKeys: { lastKey: k.last < 0 ? k.last : k.last - k.first, keyStep: k.step, limit: 0 },
    },
  ];
}

function isPlainRange(ks: KeySpec): ks is KeySpec & { beginSearch: { index: number }; findKeys: { lastKey: number; keyStep: number; limit: number } } {
  return typeof ks.beginSearch === 'object' && 'index' in ks.beginSearch && typeof ks.findKeys === 'object' && 'lastKey' in ks.findKeys;
}

/**
 * Redis's populateCommandLegacyRangeSpec: the (first, last, step) triple
 * glued from consecutive step-1 range specs, and whether the keys are
 * "movable" (some spec is not a plain range, or is incomplete).
 */
export function legacyRange(spec: CommandSpec): { first: number; last: number; step: number; movable: boolean } {
  const specs = keySpecsOf(spec);
  // A command whose keys only a function can find, with no key specs to say more.
  const movableByFunction = spec.getKeys !== undefined && spec.keySpecs === undefined && specs.length === 0;
  if (specs.length === 0) return { first: 0, last: 0, step: 0, movable: movableByFunction };
  if (specs.length === 1 && isPlainRange(specs[0])) {
    const s = specs[0];
    const lastRel = s.findKeys.lastKey;
    const first = s.beginSearch.index;
    return { first, last: lastRel >= 0 ? first + lastRel : lastRel, step: s.findKeys.keyStep, movable: s.flags.includes('incomplete') };
  }
  let movable = false;
  let first = Number.MAX_SAFE_INTEGER;
  let last = 0;
  let prevLast = 0;
  for (const s of specs) {
    if (!isPlainRange(s)) {
      movable = true;
      continue;
    }
    if (s.findKeys.keyStep !== 1 || (prevLast !== 0 && prevLast !== s.beginSearch.index - 1)) {
      movable = true;
      continue;
    }
    if (s.flags.includes('incomplete')) movable = true;
    first = Math.min(first, s.beginSearch.index);
    const absLast = s.findKeys.lastKey >= 0 ? s.findKeys.lastKey + s.beginSearch.index : s.findKeys.lastKey;
    // Redis compares as unsigned, so a negative (until-the-end) last wins.
    last = (absLast >>> 0) > (last >>> 0) ? absLast : last;
    prevLast = last;
  }
  if (first === Number.MAX_SAFE_INTEGER) return { first: 0, last: 0, step: 0, movable: true };
  return { first, last, step: 1, movable };
}

/** Flags as COMMAND INFO prints them, in Redis's order. */
export function infoFlags(spec: CommandSpec): CommandFlag[] {
  const have = new Set<CommandFlag>(spec.flags);
  if (legacyRange(spec).movable) have.add('movablekeys');
  return FLAG_ORDER.filter((f) => have.has(f));
}

/** ACL categories ("@read", ...) in Redis's order. */
export function infoCategories(spec: CommandSpec): string[] {
  const cats = new Set(aclCategories(spec));
  const out = ACL_CATEGORY_ORDER.filter((c) => cats.has(c));
  // Categories Redis does not know would be a bug in a spec; keep them visible.
  for (const c of cats) if (!ACL_CATEGORY_ORDER.includes(c)) out.push(c);
  return out.map((c) => '@' + c);
}

function orderedKeyFlags(flags: readonly KeySpecFlag[]): KeySpecFlag[] {
  return KEY_FLAG_ORDER.filter((f) => flags.includes(f));
}

/**
 * Redis's getKeysUsingKeySpecs in its "partial" mode: the key positions
 * each key spec finds in argv, with that spec's flags. Specs that cannot
 * be resolved (unknown, keyword absent, bad count) contribute nothing.
 */
export function keysFromSpecs(spec: CommandSpec, argv: readonly string[]): { pos: number; flags: readonly KeySpecFlag[] }[] {
  const out: { pos: number; flags: readonly KeySpecFlag[] }[] = [];
  const argc = argv.length;
  for (const ks of keySpecsOf(spec)) {
    let first = 0;
    const bs = ks.beginSearch;
    if (bs === 'unknown') continue;
    if ('index' in bs) {
      first = bs.index;
    } else {
      const start = bs.startFrom > 0 ? bs.startFrom : argc + bs.startFrom;
      const end = bs.startFrom > 0 ? argc - 1 : 1;
      const word = bs.keyword.toLowerCase();
      // As in Redis, the end position itself is never looked at.
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i].toLowerCase() === word) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue;
    }
    const fk = ks.findKeys;
    if (fk === 'unknown') continue;
    let last: number;
    let step: number;
    if ('lastKey' in fk) {
      if (fk.lastKey >= 0) last = first + fk.lastKey;
      else if (fk.limit === 0) last = argc + fk.lastKey;
      else last = first + (Math.floor((argc - first) / fk.limit) + fk.lastKey);
      step = fk.keyStep;
    } else {
      if (first + fk.keyNumIdx >= argc) continue;
      const n = parseInt64(argv[first + fk.keyNumIdx]);
      if (n === null || n < 0n) continue;
      first += fk.firstKey;
      last = first + Number(n) - 1;
      step = fk.keyStep;
    }
    if (last >= argc || last < first || first >= argc) continue;
    for (let i = first; i <= last; i += step) out.push({ pos: i, flags: ks.flags });
  }
  return out;
}

// --- replies ------------------------------------------------------------------------

function addStatusSet(c: CommandContext, items: readonly string[]): void {
  c.addSetLen(items.length);
  for (const s of items) c.addStatus(s);
}

function addKeySpec(c: CommandContext, ks: KeySpec): void {
  c.addMapLen(ks.notes !== undefined ? 4 : 3);
  if (ks.notes !== undefined) {
    c.addBulk('notes');
    c.addBulk(ks.notes);
  }
  c.addBulk('flags');
  addStatusSet(c, orderedKeyFlags(ks.flags));
  c.addBulk('begin_search');
  c.addMapLen(2);
  c.addBulk('type');
  const bs = ks.beginSearch;
  if (bs === 'unknown') {
    c.addBulk('unknown');
    c.addBulk('spec');
    c.addMapLen(0);
  } else if ('index' in bs) {
    c.addBulk('index');
    c.addBulk('spec');
    c.addMapLen(1);
    c.addBulk('index');
    c.addInt(bs.index);
  } else {
    c.addBulk('keyword');
    c.addBulk('spec');
    c.addMapLen(2);
    c.addBulk('keyword');
    c.addBulk(bs.keyword);
    c.addBulk('startfrom');
    c.addInt(bs.startFrom);
  }
  c.addBulk('find_keys');
  c.addMapLen(2);
  c.addBulk('type');
  const fk = ks.findKeys;
  if (fk === 'unknown') {
    c.addBulk('unknown');
    c.addBulk('spec');
    c.addMapLen(0);
  } else if ('lastKey' in fk) {
    c.addBulk('range');
    c.addBulk('spec');
    c.addMapLen(3);
    c.addBulk('lastkey');
    c.addInt(fk.lastKey);
    c.addBulk('keystep');
    c.addInt(fk.keyStep);
    c.addBulk('limit');
    c.addInt(fk.limit);
  } else {
    c.addBulk('keynum');
    c.addBulk('spec');
    c.addMapLen(3);
    c.addBulk('keynumidx');
    c.addInt(fk.keyNumIdx);
    c.addBulk('firstkey');
    c.addInt(fk.firstKey);
    c.addBulk('keystep');
    c.addInt(fk.keyStep);
  }
}

/** Redis's addReplyCommandInfo: the 10-element entry. */
export function addCommandInfo(c: CommandContext, table: CommandTable, spec: CommandSpec): void {
  const range = legacyRange(spec);
  c.addArrayLen(10);
  c.addBulk(table.fullName(spec));
  c.addInt(spec.arity);
  addStatusSet(c, infoFlags(spec));
  c.addInt(range.first);
  c.addInt(range.last);
  c.addInt(range.step);
  addStatusSet(c, infoCategories(spec));
  const tips = spec.tips ?? [];
  c.addSetLen(tips.length);
  for (const t of tips) c.addBulk(t);
  const specs = keySpecsOf(spec);
  c.addSetLen(specs.length);
  for (const ks of specs) addKeySpec(c, ks);
  if (spec.subcommands) {
    c.addArrayLen(spec.subcommands.length);
    for (const sub of spec.subcommands) addCommandInfo(c, table, sub);
  } else {
    c.addSetLen(0);
  }
}

function argFlags(a: ArgDoc): string[] {
  const f: string[] = [];
  if (a.optional) f.push('optional');
  if (a.multiple) f.push('multiple');
  if (a.multipleToken) f.push('multiple_token');
  return f;
}

/** Redis's addReplyCommandArgList: one map per argument, nested for oneof/block. */
function addArgs(c: CommandContext, args: readonly ArgDoc[]): void {
  c.addArrayLen(args.length);
  for (const a of args) {
    const flags = argFlags(a);
    const nested = a.type === 'oneof' || a.type === 'block';
    // Redis prints key_spec_index whenever it is set (keys, and patterns such as SORT's BY/GET).
    const isKey = a.type === 'key' || a.keySpecIndex !== undefined;
    const len =
      2 +
      (isKey ? 1 : 0) +
      (a.token !== undefined ? 1 : 0) +
      (a.summary !== undefined ? 1 : 0) +
      (a.since !== undefined ? 1 : 0) +
      (a.deprecatedSince !== undefined ? 1 : 0) +
      (flags.length > 0 ? 1 : 0) +
      (nested ? 1 : 0);
    c.addMapLen(len);
    c.addBulk('name');
    c.addBulk(a.name);
    c.addBulk('type');
    c.addBulk(a.type);
    if (isKey) {
      c.addBulk('key_spec_index');
      c.addInt(a.keySpecIndex ?? 0);
    }
    if (a.token !== undefined) {
      c.addBulk('token');
      c.addBulk(a.token);
    }
    if (a.summary !== undefined) {
      c.addBulk('summary');
      c.addBulk(a.summary);
    }
    if (a.since !== undefined) {
      c.addBulk('since');
      c.addBulk(a.since);
    }
    if (a.deprecatedSince !== undefined) {
      c.addBulk('deprecated_since');
      c.addBulk(a.deprecatedSince);
    }
    if (flags.length > 0) {
      c.addBulk('flags');
      addStatusSet(c, flags);
    }
    if (nested) {
      c.addBulk('arguments');
      addArgs(c, a.arguments ?? []);
    }
  }
}

/** Redis's addReplyCommandDocs: the documentation map of one command. */
export function addCommandDocs(c: CommandContext, table: CommandTable, spec: CommandSpec): void {
  const history = spec.history ?? [];
  const args = spec.args ?? [];
  const docFlags = spec.docFlags ?? [];
  const len =
    3 +
    (spec.complexity !== undefined ? 1 : 0) +
    (docFlags.length > 0 ? 1 : 0) +
    (spec.deprecatedSince !== undefined ? 1 : 0) +
    (spec.replacedBy !== undefined ? 1 : 0) +
    (history.length > 0 ? 1 : 0) +
    (args.length > 0 ? 1 : 0) +
    (spec.subcommands ? 1 : 0);
  c.addMapLen(len);
  c.addBulk('summary');
  c.addBulk(spec.summary);
  c.addBulk('since');
  c.addBulk(spec.since);
  c.addBulk('group');
  c.addBulk(spec.group);
  if (spec.complexity !== undefined) {
    c.addBulk('complexity');
    c.addBulk(spec.complexity);
  }
  if (docFlags.length > 0) {
    c.addBulk('doc_flags');
    addStatusSet(c, docFlags);
  }
  if (spec.deprecatedSince !== undefined) {
    c.addBulk('deprecated_since');
    c.addBulk(spec.deprecatedSince);
  }
  if (spec.replacedBy !== undefined) {
    c.addBulk('replaced_by');
    c.addBulk(spec.replacedBy);
  }
  if (history.length > 0) {
    c.addBulk('history');
    c.addSetLen(history.length);
    for (const [version, change] of history) {
      c.addArrayLen(2);
      c.addBulk(version);
      c.addBulk(change);
    }
  }
  if (args.length > 0) {
    c.addBulk('arguments');
    addArgs(c, args);
  }
  if (spec.subcommands) {
    c.addBulk('subcommands');
    c.addMapLen(spec.subcommands.length);
    for (const sub of spec.subcommands) {
      c.addBulk(table.fullName(sub));
      addCommandDocs(c, table, sub);
    }
  }
}

/** Redis's lookupCommandBySds: "get", or "config|get" for a subcommand. */
export function lookupByFullName(table: CommandTable, name: string): CommandSpec | undefined {
  const bar = name.indexOf('|');
  if (bar < 0) return table.get(name);
  const rest = name.slice(bar + 1);
  if (rest.includes('|')) return undefined;
  const parent = table.get(name.slice(0, bar));
  return parent?.subcommands ? table.subcommand(parent, rest) : undefined;
}

// --- handlers -------------------------------------------------------------------------

function commandAll(c: CommandContext): void {
  const table = c.server.commands;
  c.addArrayLen(table.all.length);
  for (const spec of table.all) addCommandInfo(c, table, spec);
}

function commandInfo(c: CommandContext, argv: string[]): void {
  if (argv.length === 2) {
    commandAll(c);
    return;
  }
  const table = c.server.commands;
  c.addArrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const spec = lookupByFullName(table, argv[i]);
    if (spec) addCommandInfo(c, table, spec);
    else c.addNull();
  }
}

function commandDocs(c: CommandContext, argv: string[]): void {
  const table = c.server.commands;
  if (argv.length === 2) {
    c.addMapLen(table.all.length);
    for (const spec of table.all) {
      c.addBulk(spec.name);
      addCommandDocs(c, table, spec);
    }
    return;
  }
  // Unknown names are skipped, so the map length is known only after the lookups.
  const found: CommandSpec[] = [];
  for (let i = 2; i < argv.length; i++) {
    const spec = lookupByFullName(table, argv[i]);
    if (spec) found.push(spec);
  }
  c.addMapLen(found.length);
  for (const spec of found) {
    c.addBulk(table.fullName(spec));
    addCommandDocs(c, table, spec);
  }
}

type ListFilter = { kind: 'module' | 'aclcat' | 'pattern'; arg: string } | null;

function passesFilter(spec: CommandSpec, fullName: string, filter: ListFilter): boolean {
  if (filter === null) return true;
  switch (filter.kind) {
    case 'module':
      return false; // tredis loads no modules
    case 'aclcat':
      return aclCategories(spec).includes(filter.arg.toLowerCase());
    case 'pattern':
      return stringMatch(filter.arg, fullName, true);
  }
}

function commandList(c: CommandContext, argv: string[]): void {
  let filter: ListFilter = null;
  for (let i = 2; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    if (argv[i].toLowerCase() === 'filterby' && more === 2) {
      const kind = argv[i + 1].toLowerCase();
      if (kind !== 'module' && kind !== 'aclcat' && kind !== 'pattern') {
        c.addError(SYNTAX);
        return;
      }
      filter = { kind, arg: argv[i + 2] };
      i += 2;
    } else {
      c.addError(SYNTAX);
      return;
    }
  }
  const table = c.server.commands;
  const names: string[] = [];
  const visit = (spec: CommandSpec): void => {
    const full = table.fullName(spec);
    if (passesFilter(spec, full, filter)) names.push(full);
    for (const sub of spec.subcommands ?? []) visit(sub);
  };
  for (const spec of table.all) visit(spec);
  c.addBulks(names);
}

/** COMMAND GETKEYS / GETKEYSANDFLAGS (Redis's getKeysSubcommandImpl). */
function commandGetKeys(c: CommandContext, argv: string[], withFlags: boolean): void {
  const table = c.server.commands;
  const cmdArgv = argv.slice(2);
  const spec = table.lookup(cmdArgv);
  if (!spec) {
    c.addError('ERR Invalid command specified');
    return;
  }
  if (!spec.getKeys && keySpecsOf(spec).length === 0) {
    c.addError('ERR The command has no key arguments');
    return;
  }
  const argc = cmdArgv.length;
  if (spec.arity > 0 ? spec.arity !== argc : argc < -spec.arity) {
    c.addError('ERR Invalid number of arguments specified for command');
    return;
  }
  const positions = keyPositions(spec, cmdArgv);
  if (positions.length === 0) {
    if (spec.flags.includes('no_mandatory_keys')) c.addArrayLen(0);
    else c.addError('ERR Invalid arguments specified for command');
    return;
  }
  if (!withFlags) {
    c.addArrayLen(positions.length);
    for (const p of positions) c.addBulk(cmdArgv[p]);
    return;
  }
  const bySpec = new Map<number, readonly KeySpecFlag[]>();
  for (const k of keysFromSpecs(spec, cmdArgv)) if (!bySpec.has(k.pos)) bySpec.set(k.pos, k.flags);
  const fallback = keySpecsOf(spec)[0]?.flags ?? defaultKeyFlags(spec);
  c.addArrayLen(positions.length);
  for (const p of positions) {
    c.addArrayLen(2);
    c.addBulk(cmdArgv[p]);
    addStatusSet(c, orderedKeyFlags(bySpec.get(p) ?? fallback));
  }
}

const COMMAND_HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

const COMMAND_NAME_ARG: ArgDoc = { name: 'command-name', type: 'string', optional: true, multiple: true };

/** COMMAND subcommands: group "server", ACL "@slow @connection", flags loading+stale. */
const sub = (spec: Omit<CommandSpec, 'group' | 'flags' | 'acl'>): CommandSpec => ({
  group: 'server',
  flags: ['loading', 'stale'],
  acl: ['connection'],
  ...spec,
});

export const commandCommands: CommandSpec[] = [
  {
    name: 'command',
    arity: -1,
    flags: ['loading', 'stale'],
    acl: ['connection'],
    group: 'server',
    since: '2.8.13',
    summary: 'Get array of Redis command details',
    complexity: 'O(N) where N is the total number of Redis commands',
    tips: ['nondeterministic_output_order'],
    handler: (c) => commandAll(c),
    subcommands: [
      sub({
        name: 'count',
        arity: 2,
        since: '2.8.13',
        summary: 'Get total number of Redis commands',
        complexity: 'O(1)',
        handler: (c) => c.addInt(c.server.commands.all.length),
      }),
      sub({
        name: 'docs',
        arity: -2,
        since: '7.0.0',
        summary: 'Get array of specific Redis command documentation',
        complexity: 'O(N) where N is the number of commands to look up',
        tips: ['nondeterministic_output_order'],
        args: [COMMAND_NAME_ARG],
        handler: commandDocs,
      }),
      sub({
        name: 'getkeys',
        arity: -4,
        since: '2.8.13',
        summary: 'Extract keys given a full Redis command',
        complexity: 'O(N) where N is the number of arguments to the command',
        handler: (c, argv) => commandGetKeys(c, argv, false),
      }),
      sub({
        name: 'getkeysandflags',
        arity: -4,
        since: '7.0.0',
        summary: 'Extract keys and access flags given a full Redis command',
        complexity: 'O(N) where N is the number of arguments to the command',
        handler: (c, argv) => commandGetKeys(c, argv, true),
      }),
      sub({
        name: 'help',
        arity: 2,
        since: '5.0.0',
        summary: 'Show helpful text about the different subcommands',
        complexity: 'O(1)',
        handler: (c) => addHelp(c, 'COMMAND', COMMAND_HELP),
      }),
      sub({
        name: 'info',
        arity: -2,
        since: '2.8.13',
        summary: 'Get array of specific Redis command details, or all when no argument is given.',
        complexity: 'O(N) where N is the number of commands to look up',
        history: [['7.0.0', 'Allowed to be called with no argument to get info on all commands.']],
        tips: ['nondeterministic_output_order'],
        args: [COMMAND_NAME_ARG],
        handler: commandInfo,
      }),
      sub({
        name: 'list',
        arity: -2,
        since: '7.0.0',
        summary: 'Get an array of Redis command names',
        complexity: 'O(N) where N is the total number of Redis commands',
        tips: ['nondeterministic_output_order'],
        args: [
          {
            name: 'filterby',
            type: 'oneof',
            token: 'FILTERBY',
            optional: true,
            arguments: [
              { name: 'module-name', type: 'string', token: 'MODULE' },
              { name: 'category', type: 'string', token: 'ACLCAT' },
              { name: 'pattern', type: 'pattern', token: 'PATTERN' },
            ],
          },
        ],
        handler: commandList,
      }),
    ],
  },
];
