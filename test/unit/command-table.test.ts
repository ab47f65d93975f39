/**
 * Meta-tests over the whole command table: every registered command and
 * subcommand carries the metadata COMMAND INFO / COMMAND DOCS need, key
 * ranges and key specs are consistent, names are unique; then COMMAND COUNT
 * and COMMAND INFO over the wire agree with the table. Also the key-spec
 * arithmetic of commands/command-docs.ts on the shapes Redis uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../commands/index.js';
import type { ArgDoc, CommandSpec, KeySpec } from '../../commands/types.js';
import { ACL_CATEGORY_ORDER, COMMAND_GROUPS, infoFlags, keySpecsOf, keysFromSpecs, legacyRange } from '../../commands/command-docs.js';
import { aclCategories } from '../../commands/table.js';
import { startServer, type TredisServer } from '../../server/index.js';
import { RawClient, parseReply, replyText } from '../helpers/resp.js';

/** Every spec with its full name ("config|get" for subcommands). */
function everySpec(): [string, CommandSpec, CommandSpec | undefined][] {
  const out: [string, CommandSpec, CommandSpec | undefined][] = [];
  for (const spec of ALL_COMMANDS) {
    out.push([spec.name, spec, undefined]);
    for (const sub of spec.subcommands ?? []) out.push([`${spec.name}|${sub.name}`, sub, spec]);
  }
  return out;
}

const HIDDEN_FLAGS = new Set(['may_replicate', 'sentinel', 'only_sentinel', 'protected']);
const ACCESS_FLAGS = ['RO', 'RW', 'OW', 'RM'];

function checkArgs(where: string, args: readonly ArgDoc[], keySpecCount: number): void {
  for (const a of args) {
    const at = `${where} arg ${a.name}`;
    expect(a.name, at).toMatch(/\S/);
    if (a.type === 'oneof' || a.type === 'block') expect(a.arguments?.length ?? 0, `${at}: needs nested arguments`).toBeGreaterThan(0);
    else expect(a.arguments, `${at}: only oneof/block nest`).toBeUndefined();
    if (a.type === 'pure-token') expect(a.token, `${at}: a pure token needs its token`).toBeDefined();
    if (a.type === 'key' && keySpecCount > 0) expect(a.keySpecIndex ?? 0, `${at}: key_spec_index out of range`).toBeLessThan(keySpecCount);
    if (a.since !== undefined) expect(a.since, at).toMatch(/^\d+\.\d+\.\d+$/);
    if (a.arguments) checkArgs(where, a.arguments, keySpecCount);
  }
}

describe('every command and subcommand', () => {
  const all = everySpec();

  it.each(all.map(([full, spec, parent]) => [full, spec, parent] as const))('%s has complete metadata', (full, spec, parent) => {
    expect(spec.name, full).toMatch(/^[a-z][a-z0-9_-]*$/);
    expect(Number.isInteger(spec.arity) && spec.arity !== 0, `${full}: arity`).toBe(true);
    if (parent) expect(Math.abs(spec.arity), `${full}: a subcommand's arity counts its own word`).toBeGreaterThanOrEqual(2);
    expect(Array.isArray(spec.flags), `${full}: flags`).toBe(true);
    expect(COMMAND_GROUPS, `${full}: group`).toContain(spec.group);
    expect(spec.since, `${full}: since`).toMatch(/^\d+\.\d+\.\d+$/);
    expect(spec.summary, `${full}: summary`).toMatch(/\S/);
    expect(spec.complexity ?? '', `${full}: complexity`).toMatch(/\S/);
    for (const c of aclCategories(spec)) expect(ACL_CATEGORY_ORDER, `${full}: ACL category`).toContain(c);
    for (const f of spec.docFlags ?? []) expect(['deprecated', 'syscmd'], `${full}: doc flag`).toContain(f);
    if (spec.deprecatedSince !== undefined) expect(spec.docFlags ?? [], `${full}: deprecated needs the doc flag`).toContain('deprecated');
    for (const [version, text] of spec.history ?? []) {
      expect(version, full).toMatch(/^\d+\.\d+\.\d+$/);
      expect(text, full).toMatch(/\S/);
    }
    if (spec.subcommands) {
      expect(parent, `${full}: subcommands nest one level only`).toBeUndefined();
      expect(spec.subcommands.length, full).toBeGreaterThan(0);
    } else {
      expect(typeof spec.handler, `${full}: handler`).toBe('function');
    }
    // Every declared flag is shown by COMMAND INFO, except the ones Redis hides.
    const shown = new Set(infoFlags(spec));
    for (const f of spec.flags) if (!HIDDEN_FLAGS.has(f)) expect(shown.has(f), `${full}: flag ${f}`).toBe(true);
    // key_spec_index can only be checked against explicit key specs: one derived
    // from a legacy range stands for all of them.
    checkArgs(full, spec.args ?? [], spec.keySpecs?.length ?? 0);
  });

  it.each(all.filter(([, spec]) => spec.keys !== undefined).map(([full, spec]) => [full, spec] as const))('%s has a valid key range', (full, spec) => {
    const k = spec.keys!;
    expect(k.first, full).toBeGreaterThanOrEqual(1);
    expect(k.step, full).toBeGreaterThanOrEqual(1);
    expect(k.last >= k.first || k.last < 0, `${full}: last`).toBe(true);
    if (spec.arity > 0) {
      // A fixed-arity command's keys lie inside its arguments.
      const lastAbs = k.last < 0 ? spec.arity + k.last : k.last;
      expect(lastAbs, full).toBeLessThan(spec.arity);
      expect(lastAbs, full).toBeGreaterThanOrEqual(k.first);
    } else if (!spec.keyFlags?.includes('not_key')) {
      // (SUNSUBSCRIBE's channels are optional "not_key" keys: arity -1, first 1, as in Redis.)
      expect(k.first, full).toBeLessThan(-spec.arity);
    }
  });

  it.each(all.filter(([, spec]) => keySpecsOf(spec).length > 0).map(([full, spec]) => [full, spec] as const))('%s has consistent key specs', (full, spec) => {
    for (const ks of keySpecsOf(spec)) {
      // Shard channels are "not_key" specs with no access flag, as in Redis.
      const expected = ks.flags.includes('not_key') ? 0 : 1;
      expect(ks.flags.filter((f) => ACCESS_FLAGS.includes(f)), `${full}: exactly one of RO/RW/OW/RM`).toHaveLength(expected);
      if (typeof ks.beginSearch === 'object' && 'index' in ks.beginSearch) expect(ks.beginSearch.index, full).toBeGreaterThanOrEqual(1);
      if (typeof ks.findKeys === 'object' && 'keyStep' in ks.findKeys) expect(ks.findKeys.keyStep, full).toBeGreaterThanOrEqual(1);
    }
    // The legacy triple dispatch uses must be the one COMMAND INFO derives from the key specs.
    if (!spec.getKeys) {
      const r = legacyRange(spec);
      const k = spec.keys ?? { first: 0, last: 0, step: 0 };
      expect({ first: k.first, last: k.last, step: k.step }, full).toEqual({ first: r.first, last: r.last, step: r.step });
    }
  });

  it('has no duplicate names', () => {
    const top = ALL_COMMANDS.map((s) => s.name);
    expect(top.filter((n, i) => top.indexOf(n) !== i)).toEqual([]);
    for (const spec of ALL_COMMANDS) {
      const subs = (spec.subcommands ?? []).map((s) => s.name);
      expect(subs.filter((n, i) => subs.indexOf(n) !== i), spec.name).toEqual([]);
    }
  });
});

describe('COMMAND over the wire', () => {
  let s: TredisServer;
  let c: RawClient;

  beforeAll(async () => {
    s = await startServer({ port: 0 });
    c = await RawClient.connect(s.port);
  });

  afterAll(async () => {
    await c.close();
    await s.close();
  });

  it('COMMAND COUNT equals the table size', async () => {
    expect((await c.command(['COMMAND', 'COUNT'])).toString('latin1')).toBe(`:${ALL_COMMANDS.length}\r\n`);
  });

  it('COMMAND INFO gives a 10-element entry for every command and subcommand', async () => {
    const all = everySpec();
    const reply = parseReply(await c.command(['COMMAND', 'INFO', ...all.map(([full]) => full)]));
    expect(reply.children).toHaveLength(all.length);
    reply.children.forEach((entry, i) => {
      const [full, spec] = all[i];
      expect(entry.type, full).toBe('*');
      expect(entry.children, full).toHaveLength(10);
      expect(replyText(entry.children[0].raw), full).toBe(full);
      expect(entry.children[1].raw.toString('latin1'), full).toBe(`:${spec.arity}\r\n`);
      expect(entry.children[9].children, full).toHaveLength(spec.subcommands?.length ?? 0);
    });
  });

  it('COMMAND DOCS documents every command', async () => {
    const reply = parseReply(await c.command(['COMMAND', 'DOCS']));
    expect(reply.children).toHaveLength(2 * ALL_COMMANDS.length);
    for (let i = 0; i < reply.children.length; i += 2) {
      const doc = reply.children[i + 1].children.map((n) => (n.type === '$' ? replyText(n.raw) : ''));
      expect(doc.slice(0, 6).filter((_, j) => j % 2 === 0), replyText(reply.children[i].raw)).toEqual(['summary', 'since', 'group']);
    }
  });
});

/** Minimal specs with the key layouts of real Redis commands. */
function specWith(keySpecs: KeySpec[], extra: Partial<CommandSpec> = {}): CommandSpec {
  return { name: 'x', arity: -2, flags: ['write'], group: 'generic', since: '1.0.0', summary: 's', keySpecs, ...extra };
}

const range = (index: number, lastKey: number, keyStep = 1, limit = 0): Pick<KeySpec, 'beginSearch' | 'findKeys'> => ({
  beginSearch: { index },
  findKeys: { lastKey, keyStep, limit },
});

describe('key specs → legacy range and movable keys (populateCommandLegacyRangeSpec)', () => {
  it('one range spec is taken as is (MSET: 1 -1 2)', () => {
    expect(legacyRange(specWith([{ flags: ['OW', 'update'], ...range(1, -1, 2) }]))).toEqual({ first: 1, last: -1, step: 2, movable: false });
  });

  it('consecutive single-key specs are glued (LMOVE: 1 2 1)', () => {
    const lmove = specWith([
      { flags: ['RW', 'access', 'delete'], ...range(1, 0) },
      { flags: ['RW', 'insert'], ...range(2, 0) },
    ]);
    expect(legacyRange(lmove)).toEqual({ first: 1, last: 2, step: 1, movable: false });
    expect(infoFlags(lmove)).toEqual(['write']);
  });

  it('a keynum spec makes keys movable (ZUNIONSTORE: 1 1 1)', () => {
    const z = specWith([
      { flags: ['OW', 'update'], ...range(1, 0) },
      { flags: ['RO', 'access'], beginSearch: { index: 2 }, findKeys: { keyNumIdx: 0, firstKey: 1, keyStep: 1 } },
    ]);
    expect(legacyRange(z)).toEqual({ first: 1, last: 1, step: 1, movable: true });
    expect(infoFlags(z)).toEqual(['write', 'movablekeys']);
    expect(keysFromSpecs(z, ['zunionstore', 'dst', '2', 'a', 'b', 'WEIGHTS', '1', '2']).map((k) => k.pos)).toEqual([1, 3, 4]);
    expect(keysFromSpecs(z, ['zunionstore', 'dst', 'x', 'a'])).toEqual([{ pos: 1, flags: ['OW', 'update'] }]);
  });

  it('only keyword specs leave 0 0 0 (XREAD)', () => {
    const xread = specWith([{ flags: ['RO', 'access'], beginSearch: { keyword: 'STREAMS', startFrom: 1 }, findKeys: { lastKey: -1, keyStep: 1, limit: 2 } }]);
    expect(legacyRange(xread)).toEqual({ first: 0, last: 0, step: 0, movable: true });
    expect(keysFromSpecs(xread, ['xread', 'COUNT', '2', 'streams', 'a', 'b', '0', '0']).map((k) => k.pos)).toEqual([4, 5]);
  });

  it('an incomplete keyword spec next to a range (MIGRATE: 3 3 1)', () => {
    const migrate = specWith([
      { flags: ['RW', 'access', 'delete'], ...range(3, 0) },
      { flags: ['RW', 'access', 'delete', 'incomplete'], beginSearch: { keyword: 'KEYS', startFrom: -2 }, findKeys: { lastKey: -1, keyStep: 1, limit: 0 } },
    ]);
    expect(legacyRange(migrate)).toEqual({ first: 3, last: 3, step: 1, movable: true });
    const argv = ['migrate', 'h', '1', '', '0', '5000', 'KEYS', 'a', 'b'];
    expect(keysFromSpecs(migrate, argv).map((k) => k.pos)).toEqual([3, 7, 8]);
  });

  it('unknown specs (SORT: 1 1 1, movable)', () => {
    const sort = specWith([
      { flags: ['RO', 'access'], ...range(1, 0) },
      { flags: ['RO', 'access'], beginSearch: 'unknown', findKeys: 'unknown' },
    ]);
    expect(legacyRange(sort)).toEqual({ first: 1, last: 1, step: 1, movable: true });
  });

  it('a spec derived from the legacy range, with default or given flags', () => {
    const get: CommandSpec = { name: 'get', arity: 2, flags: ['readonly', 'fast'], keys: { first: 1, last: 1, step: 1 }, group: 'string', since: '1.0.0', summary: 's' };
    expect(keySpecsOf(get)).toEqual([{ flags: ['RO', 'access'], beginSearch: { index: 1 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } }]);
    const del: CommandSpec = { ...get, name: 'del', arity: -2, flags: ['write'], keys: { first: 1, last: -1, step: 1 }, keyFlags: ['RM', 'delete'] };
    expect(keySpecsOf(del)).toEqual([{ flags: ['RM', 'delete'], beginSearch: { index: 1 }, findKeys: { lastKey: -1, keyStep: 1, limit: 0 } }]);
    expect(legacyRange(del)).toEqual({ first: 1, last: -1, step: 1, movable: false });
    const eval_: CommandSpec = { ...get, name: 'eval', arity: -3, keys: undefined, getKeys: () => [] };
    expect(legacyRange(eval_)).toEqual({ first: 0, last: 0, step: 0, movable: true });
  });
});
