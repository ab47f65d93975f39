/**
 * Lua scripting for one server: EVAL scripts and FUNCTION libraries, each
 * in its own Lua state (as Redis keeps an eval state and a function
 * state), the redis.* API, and the run machinery that keeps scripts atomic
 * while still answering -BUSY and SCRIPT KILL.
 *
 * How a long script stays killable (docs/scripting.md has the design and
 * the measurements): a script runs as a Lua coroutine. A count hook fires
 * every HOOK_COUNT VM instructions; once the script has run longer than
 * busy-reply-threshold, the hook yields the coroutine every SLICE_MS. The
 * handler returns to the event loop with the caller paused, other clients
 * get -BUSY (dispatch asks busyRejection()), SCRIPT KILL / FUNCTION KILL
 * set a flag, and a setImmediate resumes the coroutine where it stopped.
 * Nothing else can change the data meanwhile (every data command is
 * refused and the expiry cycles skip their work), so the script is still
 * atomic.
 *
 *   EVAL ─► run() ─► resume(co) ── returns ──► reply, propagate effects
 *                        │ hook yields (busy)
 *                        ▼
 *            loop: others get -BUSY; SCRIPT KILL sets run.killed
 *                        │ setImmediate
 *                        └──► resume(co) ...
 */
import { performance } from 'node:perf_hooks';
import { lua, lauxlib, bytesOf, latin1Of, pushString, toLatin1, setReadonly, compileErrorAs51, type LuaState, type LuaCFunction, type LuaHook } from './lua.js';
import { createSandbox, pushErrorTable, raiseErrorTable, sha1hex, runChunk, Lrand48, type Sandbox, type RedisApiFunctions } from './sandbox.js';
import { argFromLua, extractErrorInfo, pushReply, replyError, replyFromLua } from './convert.js';
import { FunctionLibraries } from './functions.js';
import { Client } from '../client.js';
import { call } from '../dispatch.js';
import type { Server } from '../server.js';
import type { ResolvedCommand } from '../../commands/table.js';
import type { LogLevel } from '../logger.js';

/** VM instructions between two hook calls (the time check is cheap; fengari runs ~10M instr/s). */
const HOOK_COUNT = 10000;
/** Once busy, how long the script runs between two turns of the event loop. */
const SLICE_MS = 10;

export const SLOW_EVAL = 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.';
export const SLOW_SCRIPT = 'BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.';
const NOTBUSY = 'NOTBUSY No scripts in execution right now.';
const UNKILLABLE =
  'UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.';
const KILLED = 'Script killed by user with SCRIPT KILL...';

/** Script flags (shebang `flags=` or register_function flags). */
export interface ScriptFlags {
  noWrites: boolean;
  allowOom: boolean;
  allowStale: boolean;
  noCluster: boolean;
  allowCrossSlot: boolean;
}

export const FLAG_NAMES: readonly [string, keyof ScriptFlags][] = [
  ['no-writes', 'noWrites'],
  ['allow-oom', 'allowOom'],
  ['allow-stale', 'allowStale'],
  ['no-cluster', 'noCluster'],
  ['allow-cross-slot-keys', 'allowCrossSlot'],
];

export function noFlags(): ScriptFlags {
  return { noWrites: false, allowOom: false, allowStale: false, noCluster: false, allowCrossSlot: false };
}

interface EvalScript {
  body: string;
  ref: number;
  /** Flags from a `#!lua` shebang, or null for a script without one (Redis's compatibility mode). */
  flags: ScriptFlags | null;
}

/** One script invocation. */
export interface ScriptRun {
  readonly L: LuaState;
  co: LuaState;
  coRef: number;
  readonly caller: Client;
  readonly name: string;
  readonly isEval: boolean;
  readonly readOnly: boolean;
  readonly start: number;
  sliceStart: number;
  busy: boolean;
  killed: boolean;
  wroteData: boolean;
  suspended: boolean;
  readonly canSuspend: boolean;
  resp: number;
  repl: number;
  readonly propagated: [number, string[]][];
  restoreCapture: (() => void) | null;
  /** The command being run (FUNCTION STATS running_script). */
  readonly argv: string[];
}

export class Scripting {
  readonly server: Server;
  private readonly evalBox: Sandbox;
  private readonly evalRunner: number;
  private readonly scripts = new Map<string, EvalScript>();
  readonly functions: FunctionLibraries;
  /** The script client (Redis's lua client): runs the commands of redis.call. */
  private readonly fake: Client;
  current: ScriptRun | null = null;
  private readonly hook: LuaHook;
  private readonly api: RedisApiFunctions;
  /** math.random's generator (process-wide in Redis, per server here). */
  private readonly rng = new Lrand48();

  constructor(server: Server) {
    this.server = server;
    this.fake = new Client(server, null);
    this.fake.inTransaction = true;
    this.fake.authenticated = true;
    this.fake.name = '';
    this.hook = (L) => this.onHook(L);
    this.api = {
      call: (L) => this.redisCall(L, true),
      pcall: (L) => this.redisCall(L, false),
      setresp: (L) => this.setResp(L),
      set_repl: (L) => this.setRepl(L),
      log: (L) => this.log(L),
      acl_check_cmd: (L) => this.aclCheck(L),
      running: () => this.current !== null,
    };
    this.evalBox = createSandbox(this.api, this.rng, true);
    this.evalRunner = makeRunner(this.evalBox.L, false);
    this.functions = new FunctionLibraries(this, this.api, this.rng);
  }

  // --- busy state -------------------------------------------------------

  get busy(): boolean {
    return this.current !== null && this.current.busy;
  }

  /** The error for a command sent while a script is busy, or null when it may run. */
  busyRejection(cmd: ResolvedCommand, argv: string[]): string | null {
    const run = this.current;
    if (run === null || !run.busy) return null;
    const slow = run.isEval ? SLOW_EVAL : SLOW_SCRIPT;
    if (!cmd.has('allow_busy')) return slow;
    if (cmd.spec.name === 'shutdown' && !argv.some((a, i) => i > 0 && a.toLowerCase() === 'nosave')) return slow;
    return null;
  }

  /** SCRIPT KILL (isEval) / FUNCTION KILL. */
  kill(c: Client, isEval: boolean): void {
    const run = this.current;
    if (run === null || !run.busy) return c.addError(NOTBUSY);
    if (run.wroteData) return c.addError(UNKILLABLE);
    if (isEval && !run.isEval) return c.addError(SLOW_SCRIPT);
    if (!isEval && run.isEval) return c.addError(SLOW_EVAL);
    run.killed = true;
    c.addOk();
  }

  // --- EVAL / EVALSHA / SCRIPT ------------------------------------------

  /** Compile (or find) a script; replies an error and returns null on failure. */
  private loadScript(c: Client, body: string): [string, EvalScript] | null {
    const sha = sha1hex(body);
    const known = this.scripts.get(sha);
    if (known) return [sha, known];
    const parsed = parseShebang(body);
    if (typeof parsed === 'string') {
      c.addError(parsed);
      return null;
    }
    const L = this.evalBox.L;
    const code = parsed.code;
    if (lauxlib.luaL_loadbufferx(L, bytesOf(code), code.length, bytesOf('@user_script'), null) !== lua.LUA_OK) {
      const msg = toLatin1(L, -1) ?? '';
      lua.lua_pop(L, 1);
      c.addError(`ERR Error compiling script (new function): ${compileErrorAs51(msg)}`);
      return null;
    }
    const script: EvalScript = { body, ref: lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX), flags: parsed.flags };
    this.scripts.set(sha, script);
    return [sha, script];
  }

  scriptLoad(c: Client, body: string): void {
    const r = this.loadScript(c, body);
    if (r) c.addBulk(r[0]);
  }

  scriptExists(c: Client, shas: string[]): void {
    c.addArrayLen(shas.length);
    for (const s of shas) c.addInt(this.scripts.has(s.toLowerCase()) ? 1 : 0);
  }

  scriptFlush(): void {
    const L = this.evalBox.L;
    for (const s of this.scripts.values()) lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, s.ref);
    this.scripts.clear();
  }

  get scriptsCount(): number {
    return this.scripts.size;
  }

  /** EVAL / EVAL_RO (bySha false) and EVALSHA / EVALSHA_RO. */
  eval(c: Client, argv: string[], readOnlyCommand: boolean, bySha: boolean): void {
    c.rewritePropagation([]);
    const numkeys = parseNumKeys(c, argv);
    if (numkeys === null) return;
    let sha: string;
    let script: EvalScript | undefined;
    if (bySha) {
      sha = argv[1].toLowerCase();
      script = this.scripts.get(sha);
      if (!script) return c.addError('NOSCRIPT No matching script. Please use EVAL.');
    } else {
      const r = this.loadScript(c, argv[1]);
      if (!r) return;
      [sha, script] = r;
    }
    let readOnly = readOnlyCommand;
    if (script.flags !== null) {
      if (readOnlyCommand && !script.flags.noWrites) return c.addError('ERR Can not execute a script with write flag using *_ro command.');
      if (script.flags.noWrites) readOnly = true;
    }
    const keys = argv.slice(3, 3 + numkeys);
    const args = argv.slice(3 + numkeys);
    const L = this.evalBox.L;
    // KEYS and ARGV are globals: open the protection just to set them.
    lua.lua_pushglobaltable(L);
    setReadonly(L, -1, false);
    pushArray(L, keys);
    lua.lua_setfield(L, -2, 'KEYS');
    pushArray(L, args);
    lua.lua_setfield(L, -2, 'ARGV');
    setReadonly(L, -1, true);
    lua.lua_pop(L, 1);
    const ref = script.ref;
    this.run(c, argv, L, this.evalRunner, sha, true, readOnly, (co) => {
      lua.lua_rawgeti(co, lua.LUA_REGISTRYINDEX, ref);
      return 1;
    });
  }

  // --- running ----------------------------------------------------------

  /**
   * Run a compiled function as a script invocation. `push` pushes the
   * function and its arguments on the new coroutine and returns how many
   * values it pushed.
   */
  run(c: Client, argv: string[], L: LuaState, runnerRef: number, name: string, isEval: boolean, readOnly: boolean, push: (co: LuaState) => number): void {
    const co = lua.lua_newthread(L);
    const coRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    const now = performance.now();
    const run: ScriptRun = {
      L,
      co,
      coRef,
      caller: c,
      name,
      isEval,
      readOnly,
      start: now,
      sliceStart: now,
      busy: false,
      killed: false,
      wroteData: false,
      suspended: false,
      canSuspend: !c.inTransaction && c.socket !== null,
      resp: 2,
      repl: 3,
      propagated: [],
      restoreCapture: null,
      argv,
    };
    if (this.server.config.getNumber('busy-reply-threshold') > 0) lua.lua_sethook(co, this.hook, lua.LUA_MASKCOUNT, HOOK_COUNT);
    lua.lua_rawgeti(co, lua.LUA_REGISTRYINDEX, runnerRef);
    const n = push(co);
    this.fake.db = c.db;
    this.current = run;
    this.resume(run, n);
  }

  private resume(run: ScriptRun, nargs: number): void {
    if (this.server.shuttingDown) {
      // SHUTDOWN NOSAVE while the script was suspended: drop it.
      this.finish(run);
      return;
    }
    run.restoreCapture = this.server.capturePropagation(run.propagated);
    run.sliceStart = performance.now();
    let status: number;
    try {
      status = lua.lua_resume(run.co, run.L, nargs);
    } finally {
      run.restoreCapture();
      run.restoreCapture = null;
    }
    if (status === lua.LUA_YIELD) {
      if (!run.suspended) {
        run.suspended = true;
        run.caller.blocked = true;
      }
      setImmediate(() => this.resume(run, 0));
      return;
    }
    const c = run.caller;
    const co = run.co;
    if (status === lua.LUA_OK) {
      // The runner returned xpcall's results: ok, value.
      const ok = lua.lua_toboolean(co, 1);
      lua.lua_settop(co, 2);
      if (ok) replyFromLua(c, co, run.resp);
      else this.replyScriptError(run, co);
    } else {
      this.replyScriptError(run, co);
    }
    this.finish(run);
    // Effects: wrapped in MULTI/EXEC when there are several.
    const p = run.propagated;
    if (p.length > 1) this.server.propagate(p[0][0], ['MULTI']);
    for (const [dbId, argv] of p) this.server.propagate(dbId, argv);
    if (p.length > 1) this.server.propagate(p[p.length - 1][0], ['EXEC']);
    if (this.server.blocking.hasReady()) this.server.blocking.serveReady();
    if (run.suspended) {
      c.blocked = false;
      c.queueFlush();
      if (!c.closed) setImmediate(() => c.processInput());
    }
  }

  private finish(run: ScriptRun): void {
    lua.lua_settop(run.co, 0);
    lauxlib.luaL_unref(run.L, lua.LUA_REGISTRYINDEX, run.coRef);
    if (this.current === run) this.current = null;
    this.fake.out = '';
  }

  private replyScriptError(run: ScriptRun, co: LuaState): void {
    const c = run.caller;
    if (lua.lua_type(co, -1) !== lua.LUA_TTABLE) {
      const msg = lua.lua_isstring(co, -1) ? (toLatin1(co, -1) ?? '') : 'execution failure';
      c.addError(`ERR Error running script ${run.name}, ${msg.slice(0, 100)}`);
      return;
    }
    const info = extractErrorInfo(co);
    let text = info.msg ?? '';
    if (info.line !== null && info.source !== null) text += ` script: ${run.name}, on ${info.source}:${info.line}.`;
    replyError(c, text, info.ignoreStats);
  }

  private onHook(L: LuaState): void {
    const run = this.current;
    if (run === null) return;
    if (run.killed) {
      this.server.logger.warning('Lua script killed by user with SCRIPT KILL.');
      // Every line from now on raises again, so pcall cannot swallow the kill.
      lua.lua_sethook(L, this.hook, lua.LUA_MASKLINE, 0);
      raiseErrorTable(L, KILLED);
    }
    const now = performance.now();
    if (!run.busy) {
      if (now - run.start < this.server.config.getNumber('busy-reply-threshold')) return;
      run.busy = true;
      this.server.logger.warning(
        `Slow script detected: still in execution after ${Math.round(now - run.start)} milliseconds. ` +
          `You can try killing the script using the ${run.isEval ? 'SCRIPT KILL' : 'FUNCTION KILL'} command. Script name is: ${run.name}.`,
      );
      run.sliceStart = -Infinity;
    }
    if (run.canSuspend && L === run.co && now - run.sliceStart >= SLICE_MS && lua.lua_isyieldable(L)) lua.lua_yield(L, 0);
  }

  // --- redis.* ----------------------------------------------------------

  private redisCall(L: LuaState, raise: boolean): number {
    const run = this.current;
    if (run === null) return raiseErrorTable(L, 'redis.call/pcall can only be called inside a script invocation');
    const argc = lua.lua_gettop(L);
    const fail = (msg: string): number => {
      lua.lua_settop(L, 0);
      pushErrorTable(L, msg);
      return raise ? lua.lua_error(L) : 1;
    };
    if (argc === 0) return fail('Please specify at least one argument for this redis lib call');
    const argv: string[] = new Array(argc);
    for (let j = 0; j < argc; j++) {
      const a = argFromLua(L, j + 1);
      if (a === null) return fail('Lua redis lib command arguments must be strings or integers');
      argv[j] = a;
    }
    lua.lua_settop(L, 0);
    const server = this.server;
    const cmd = server.commands.resolveArgv(argv);
    if (cmd === undefined) return fail('Unknown Redis command called from script');
    const arity = cmd.spec.arity;
    if (arity > 0 ? arity !== argc : argc < -arity) return fail('Wrong number of args calling Redis command from script');
    if (cmd.has('noscript')) return fail('This Redis command is not allowed from script');
    if (cmd.has('write') || cmd.has('may_replicate')) {
      if (run.readOnly) return fail('Write commands are not allowed from read-only scripts.');
    }
    if (cmd.has('write')) run.wroteData = true;
    const fake = this.fake;
    fake.resp = run.resp;
    fake.out = '';
    const before = run.propagated.length;
    call(server, fake, cmd, argv);
    if (run.repl === 0) run.propagated.length = before;
    const reply = fake.out;
    fake.out = '';
    if (raise && reply.charCodeAt(0) === 45 /* - */) {
      pushReply(L, { s: reply, i: 0 });
      return lua.lua_error(L);
    }
    pushReply(L, { s: reply, i: 0 });
    return 1;
  }

  private setResp(L: LuaState): number {
    const run = this.current;
    if (run === null) return raiseErrorTable(L, 'redis.setresp can only be called inside a script invocation');
    if (lua.lua_gettop(L) !== 1) return raiseErrorTable(L, 'redis.setresp() requires one argument.');
    const resp = Math.trunc(lua.lua_tonumber(L, 1));
    if (resp !== 2 && resp !== 3) return raiseErrorTable(L, 'RESP version must be 2 or 3.');
    run.resp = resp;
    return 0;
  }

  private setRepl(L: LuaState): number {
    const run = this.current;
    if (run === null) return raiseErrorTable(L, 'redis.set_repl can only be called inside a script invocation');
    if (lua.lua_gettop(L) !== 1) return raiseErrorTable(L, 'redis.set_repl() requires two arguments.');
    const flags = Math.trunc(lua.lua_tonumber(L, 1));
    if ((flags & ~3) !== 0) return raiseErrorTable(L, 'Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.');
    run.repl = flags;
    return 0;
  }

  private log(L: LuaState): number {
    const argc = lua.lua_gettop(L);
    if (argc < 2) return raiseErrorTable(L, 'redis.log() requires two arguments or more.');
    if (!lua.lua_isnumber(L, 1)) return raiseErrorTable(L, 'First argument must be a number (log level).');
    const level = Math.trunc(lua.lua_tonumber(L, 1));
    if (level < 0 || level > 3) return raiseErrorTable(L, 'Invalid debug level.');
    const parts: string[] = [];
    for (let j = 2; j <= argc; j++) {
      const s = lua.lua_isstring(L, j) ? toLatin1(L, j) : null;
      if (s !== null) parts.push(s);
    }
    const levels: LogLevel[] = ['debug', 'verbose', 'notice', 'warning'];
    this.server.logger[levels[level]](parts.join(' '));
    return 0;
  }

  private aclCheck(L: LuaState): number {
    if (this.current === null) return raiseErrorTable(L, 'redis.acl_check_cmd can only be called inside a script invocation');
    const argc = lua.lua_gettop(L);
    if (argc === 0) return raiseErrorTable(L, 'Please specify at least one argument for this redis lib call');
    const argv: string[] = [];
    for (let j = 1; j <= argc; j++) {
      const a = argFromLua(L, j);
      if (a === null) return raiseErrorTable(L, 'Lua redis lib command arguments must be strings or integers');
      argv.push(a);
    }
    if (this.server.commands.resolveArgv(argv) === undefined) return raiseErrorTable(L, 'Invalid command passed to redis.acl_check_cmd()');
    // Every client is the default user with every permission (no ACL yet).
    lua.lua_pushboolean(L, true);
    return 1;
  }
}

/** A function(f, ...) that runs f under xpcall with Redis's error handler. */
export function makeRunner(L: LuaState, handlerInRegistry: boolean): number {
  const code = handlerInRegistry
    ? 'local xpcall, h = xpcall, ... return function(f, ...) return xpcall(f, h, ...) end'
    : 'local xpcall, h = xpcall, __redis__err__handler return function(f, ...) return xpcall(f, h, ...) end';
  if (lauxlib.luaL_loadbufferx(L, bytesOf(code), code.length, bytesOf('=runner'), null) !== lua.LUA_OK) throw new Error('runner');
  let nargs = 0;
  if (handlerInRegistry) {
    lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, 'tredis_err_handler');
    nargs = 1;
  }
  if (lua.lua_pcall(L, nargs, 1, 0) !== lua.LUA_OK) throw new Error(`runner: ${toLatin1(L, -1)}`);
  return lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
}

export function pushArray(L: LuaState, items: readonly string[]): void {
  lua.lua_createtable(L, items.length, 0);
  for (let j = 0; j < items.length; j++) {
    pushString(L, items[j]);
    lua.lua_rawseti(L, -2, j + 1);
  }
}

/** EVAL / FCALL numkeys: replies the error and returns null when invalid. */
export function parseNumKeys(c: Client, argv: string[]): number | null {
  const s = argv[2];
  const n = /^-?[0-9]+$/.test(s) && !/^-?0[0-9]/.test(s) && s !== '-0' ? Number(s) : NaN;
  if (!Number.isSafeInteger(n)) {
    c.addError('ERR value is not an integer or out of range');
    return null;
  }
  if (n > argv.length - 3) {
    c.addError("ERR Number of keys can't be greater than number of args");
    return null;
  }
  if (n < 0) {
    c.addError("ERR Number of keys can't be negative");
    return null;
  }
  return n;
}

/**
 * An EVAL script's `#!lua flags=...` first line: the flags, and the code
 * with that line blanked (line numbers stay those of the script).
 */
function parseShebang(body: string): { code: string; flags: ScriptFlags | null } | string {
  if (!body.startsWith('#!')) return { code: body, flags: null };
  const nl = body.indexOf('\n');
  const first = nl < 0 ? body : body.slice(0, nl);
  const parts = first.split(' ').filter((p) => p !== '');
  if (parts[0] !== '#!lua') return `ERR Unexpected engine in script shebang: ${parts[0]}`;
  const flags = noFlags();
  for (const p of parts.slice(1)) {
    if (!p.startsWith('flags=')) return `ERR Unknown lua shebang option: ${p}`;
    for (const f of p.slice(6).split(',')) {
      if (f === '') continue;
      const known = FLAG_NAMES.find(([n]) => n === f);
      if (!known) return `ERR Unexpected flag in script shebang: ${f}`;
      flags[known[1]] = true;
    }
  }
  return { code: nl < 0 ? '' : body.slice(nl), flags };
}

export { latin1Of, runChunk };
export type { LuaCFunction };
