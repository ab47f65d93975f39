/**
 * Redis 7.0 functions: libraries loaded with FUNCTION LOAD from
 * `#!lua name=<lib>` code that calls redis.register_function, called with
 * FCALL / FCALL_RO.
 *
 * Libraries live in their own Lua state. While a library's code runs
 * (load time), the global `redis` is a small table holding
 * register_function, log and the version fields; at run time it is the
 * full redis API. The globals resolve `redis` through their __index, which
 * picks one or the other; every other unknown global raises.
 */
import { lua, lauxlib, bytesOf, pushString, toLatin1, compileErrorAs51, type LuaState, type LuaCFunction } from './lua.js';
import { createSandbox, nonexistentGlobal, type Lrand48, pushLoadRedisTable, raiseErrorTable, protectRecursively, type RedisApiFunctions, type Sandbox } from './sandbox.js';
import { FLAG_NAMES, makeRunner, noFlags, parseNumKeys, pushArray, type ScriptFlags, type Scripting } from './engine.js';
import { encodeFunctionsPayload, decodeFunctionsPayload } from './dump.js';
import { stringMatch } from '../../datatypes/glob.js';
import type { Client } from '../client.js';

export interface FunctionDef {
  name: string;
  ref: number;
  flags: ScriptFlags;
  description: string | null;
  library: Library;
}

export interface Library {
  name: string;
  code: string;
  functions: Map<string, FunctionDef>;
}

/** Longest time library code may run while loading (Redis's load timeout). */
const LOAD_TIMEOUT_MS = 500;

const NAME_RE = /^[A-Za-z0-9_]+$/;
const BAD_NAME_MSG = 'Library names can only contain letters, numbers, or underscores(_) and must be at least one character long';
const BAD_NAME = 'ERR ' + BAD_NAME_MSG;

export class FunctionLibraries {
  private readonly box: Sandbox;
  private readonly runner: number;
  private readonly loadRedisRef: number;
  private readonly runtimeRedisRef: number;
  readonly libraries = new Map<string, Library>();
  readonly functions = new Map<string, FunctionDef>();
  /** Functions registered by the library being loaded, or null outside FUNCTION LOAD. */
  private pending: Library | null = null;

  constructor(
    private readonly scripting: Scripting,
    api: RedisApiFunctions,
    rng: Lrand48,
  ) {
    const index: LuaCFunction = (L) => {
      if (lua.lua_type(L, 2) === lua.LUA_TSTRING && toLatin1(L, 2) === 'redis') {
        lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, this.pending !== null ? this.loadRedisRef : this.runtimeRedisRef);
        return 1;
      }
      return nonexistentGlobal(L);
    };
    this.box = createSandbox(api, rng, false, index);
    const L = this.box.L;
    this.runner = makeRunner(L, true);
    pushLoadRedisTable(L, (l) => this.registerFunction(l), api);
    protectRecursively(L);
    this.loadRedisRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, 'tredis_runtime_redis');
    this.runtimeRedisRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
  }

  // --- FUNCTION LOAD ----------------------------------------------------

  /** Load a library; returns its name or an error reply text. */
  load(code: string, replace: boolean): string | { error: string } {
    if (!code.startsWith('#!')) return { error: 'ERR Missing library metadata' };
    const nl = code.indexOf('\n');
    if (nl < 0) return { error: 'ERR Invalid library metadata' };
    const first = code.slice(0, nl);
    const parts = first.slice(2).split(' ').filter((p) => p !== '');
    const engine = parts[0] ?? '';
    if (engine.toLowerCase() !== 'lua') return { error: `ERR Engine '${engine}' not found` };
    let name: string | null = null;
    for (const p of parts.slice(1)) {
      if (p.slice(0, 5).toLowerCase() !== 'name=') return { error: `ERR Invalid metadata value given: ${p}` };
      name = p.slice(5);
    }
    if (name === null) return { error: 'ERR Library name was not given' };
    if (!NAME_RE.test(name)) return { error: BAD_NAME };
    const old = this.libraries.get(name);
    if (old && !replace) return { error: `ERR Library '${name}' already exists` };

    const L = this.box.L;
    const body = code.slice(nl);
    if (lauxlib.luaL_loadbufferx(L, bytesOf(body), body.length, bytesOf('@user_function'), null) !== lua.LUA_OK) {
      const msg = toLatin1(L, -1) ?? '';
      lua.lua_pop(L, 1);
      return { error: `ERR Error compiling function: ${compileErrorAs51(msg)}` };
    }
    const lib: Library = { name, code, functions: new Map() };
    const err = this.runLoad(L, lib);
    if (err !== null) {
      this.drop(lib);
      return { error: `ERR Error registering functions: ${err}` };
    }
    if (lib.functions.size === 0) return { error: 'ERR No functions registered' };
    for (const f of lib.functions.keys()) {
      const owner = this.functions.get(f);
      if (owner && owner.library !== old) {
        this.drop(lib);
        return { error: `ERR Function ${f} already exists` };
      }
    }
    if (old) this.deleteLibrary(old);
    this.libraries.set(name, lib);
    for (const [f, def] of lib.functions) this.functions.set(f, def);
    return name;
  }

  /** Run the compiled chunk (on the stack) with the load-time API; returns an error text or null. */
  private runLoad(L: LuaState, lib: Library): string | null {
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, this.runner);
    lua.lua_insert(L, -2);
    const start = performance.now();
    lua.lua_sethook(
      L,
      (l) => {
        if (performance.now() - start > LOAD_TIMEOUT_MS) raiseErrorTable(l, 'FUNCTION LOAD timeout');
      },
      lua.LUA_MASKCOUNT,
      10000,
    );
    this.pending = lib;
    try {
      lua.lua_call(L, 1, 2);
    } finally {
      this.pending = null;
      lua.lua_sethook(L, null, 0, 0);
    }
    const ok = lua.lua_toboolean(L, -2);
    let err: string | null = null;
    if (!ok) {
      if (lua.lua_type(L, -1) === lua.LUA_TTABLE) {
        lua.lua_getfield(L, -1, 'err');
        err = toLatin1(L, -1) ?? '';
        lua.lua_pop(L, 1);
      } else {
        err = toLatin1(L, -1) ?? 'unknown error';
      }
    }
    lua.lua_pop(L, 2);
    return err;
  }

  private registerFunction(L: LuaState): number {
    const lib = this.pending;
    if (lib === null) return raiseErrorTable(L, 'redis.register_function can only be called on FUNCTION LOAD command');
    const argc = lua.lua_gettop(L);
    let name: string | null = null;
    let cbRef: number | null = null;
    const flags = noFlags();
    let description: string | null = null;
    if (argc === 1 && lua.lua_type(L, 1) === lua.LUA_TTABLE) {
      lua.lua_pushnil(L);
      while (lua.lua_next(L, 1)) {
        const key = lua.lua_type(L, -2) === lua.LUA_TSTRING ? toLatin1(L, -2) : null;
        if (key === 'function_name') {
          if (lua.lua_type(L, -1) !== lua.LUA_TSTRING) return raiseErrorTable(L, 'function_name argument given to redis.register_function must be a string');
          name = toLatin1(L, -1);
        } else if (key === 'description') {
          if (lua.lua_type(L, -1) !== lua.LUA_TSTRING) return raiseErrorTable(L, 'description argument given to redis.register_function must be a string');
          description = toLatin1(L, -1);
        } else if (key === 'callback') {
          if (lua.lua_type(L, -1) !== lua.LUA_TFUNCTION) return raiseErrorTable(L, 'callback argument given to redis.register_function must be a function');
          lua.lua_pushvalue(L, -1);
          cbRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
        } else if (key === 'flags') {
          if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) return raiseErrorTable(L, 'flags argument to redis.register_function must be a table representing function flags');
          for (let j = 1; ; j++) {
            const t = lua.lua_rawgeti(L, -1, j);
            if (t === lua.LUA_TNIL) {
              lua.lua_pop(L, 1);
              break;
            }
            const f = t === lua.LUA_TSTRING ? toLatin1(L, -1) : null;
            lua.lua_pop(L, 1);
            const known = FLAG_NAMES.find(([n]) => n === f);
            if (!known) return raiseErrorTable(L, 'unknown flag given');
            flags[known[1]] = true;
          }
        } else {
          return raiseErrorTable(L, 'unknown argument given to redis.register_function');
        }
        lua.lua_pop(L, 1);
      }
      if (name === null) return raiseErrorTable(L, 'redis.register_function must get a function name argument');
      if (cbRef === null) return raiseErrorTable(L, 'redis.register_function must get a callback argument');
    } else if (argc === 2) {
      if (lua.lua_type(L, 1) !== lua.LUA_TSTRING) return raiseErrorTable(L, 'first argument to redis.register_function must be a string');
      if (lua.lua_type(L, 2) !== lua.LUA_TFUNCTION) return raiseErrorTable(L, 'second argument to redis.register_function must be a function');
      name = toLatin1(L, 1);
      lua.lua_pushvalue(L, 2);
      cbRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
    } else {
      return raiseErrorTable(L, 'wrong number of arguments to redis.register_function');
    }
    const ref = cbRef as number;
    if (name === null || !NAME_RE.test(name) || lib.functions.has(name)) {
      lauxlib.luaL_unref(L, lua.LUA_REGISTRYINDEX, ref);
      return raiseErrorTable(L, name !== null && lib.functions.has(name) ? 'Function already exists in the library' : BAD_NAME_MSG);
    }
    lib.functions.set(name, { name, ref, flags, description, library: lib });
    return 0;
  }

  private drop(lib: Library): void {
    for (const f of lib.functions.values()) lauxlib.luaL_unref(this.box.L, lua.LUA_REGISTRYINDEX, f.ref);
    lib.functions.clear();
  }

  private deleteLibrary(lib: Library): void {
    for (const f of lib.functions.keys()) this.functions.delete(f);
    this.drop(lib);
    this.libraries.delete(lib.name);
  }

  // --- commands ---------------------------------------------------------

  fcall(c: Client, argv: string[], readOnlyCommand: boolean): void {
    c.rewritePropagation([]);
    const fn = this.functions.get(argv[1]);
    if (!fn) return c.addError('ERR Function not found');
    const numkeys = parseNumKeys(c, argv);
    if (numkeys === null) return;
    if (readOnlyCommand && !fn.flags.noWrites) return c.addError('ERR Can not execute a script with write flag using *_ro command.');
    const keys = argv.slice(3, 3 + numkeys);
    const args = argv.slice(3 + numkeys);
    const ref = fn.ref;
    this.scripting.run(c, argv, this.box.L, this.runner, fn.name, false, readOnlyCommand || fn.flags.noWrites, (co) => {
      lua.lua_rawgeti(co, lua.LUA_REGISTRYINDEX, ref);
      pushArray(co, keys);
      pushArray(co, args);
      return 3;
    });
  }

  functionLoad(c: Client, argv: string[]): void {
    let replace = false;
    let i = 2;
    for (; i < argv.length - 1; i++) {
      if (argv[i].toLowerCase() === 'replace') replace = true;
      else return c.addError(`ERR Unknown option given: ${argv[i]}`);
    }
    if (i >= argv.length) return c.addError("ERR wrong number of arguments for 'function|load' command");
    const r = this.load(argv[i], replace);
    if (typeof r === 'string') {
      c.server.dirty++;
      c.addBulk(r);
    } else c.addError(r.error);
  }

  functionDelete(c: Client, name: string): void {
    const lib = this.libraries.get(name);
    if (!lib) return c.addError('ERR Library not found');
    this.deleteLibrary(lib);
    c.server.dirty++;
    c.addOk();
  }

  flush(): void {
    for (const lib of [...this.libraries.values()]) this.deleteLibrary(lib);
  }

  list(c: Client, argv: string[]): void {
    let withCode = false;
    let pattern: string | null = null;
    for (let i = 2; i < argv.length; i++) {
      const a = argv[i].toLowerCase();
      if (a === 'withcode' && !withCode) withCode = true;
      else if (a === 'libraryname' && pattern === null) {
        if (i + 1 >= argv.length) return c.addError('ERR library name argument was not given');
        pattern = argv[++i];
      } else return c.addError(`ERR Unknown argument ${argv[i]}`);
    }
    const libs = [...this.libraries.values()].filter((l) => pattern === null || stringMatch(pattern, l.name, false));
    c.addArrayLen(libs.length);
    for (const lib of libs) {
      c.addMapLen(withCode ? 4 : 3);
      c.addBulk('library_name');
      c.addBulk(lib.name);
      c.addBulk('engine');
      c.addBulk('LUA');
      c.addBulk('functions');
      c.addArrayLen(lib.functions.size);
      for (const f of lib.functions.values()) {
        c.addMapLen(3);
        c.addBulk('name');
        c.addBulk(f.name);
        c.addBulk('description');
        if (f.description === null) c.addNull();
        else c.addBulk(f.description);
        c.addBulk('flags');
        const names = FLAG_NAMES.filter(([, k]) => f.flags[k]).map(([n]) => n);
        c.addSetLen(names.length);
        for (const n of names) c.addStatus(n);
      }
      if (withCode) {
        c.addBulk('library_code');
        c.addBulk(lib.code);
      }
    }
  }

  stats(c: Client): void {
    c.addMapLen(2);
    c.addBulk('running_script');
    const run = this.scripting.current;
    if (run === null || run.isEval) c.addNull();
    else {
      c.addMapLen(3);
      c.addBulk('name');
      c.addBulk(run.name);
      c.addBulk('command');
      c.addBulks(run.argv);
      c.addBulk('duration_ms');
      c.addInt(Math.floor(performance.now() - run.start));
    }
    c.addBulk('engines');
    c.addMapLen(1);
    c.addBulk('LUA');
    c.addMapLen(2);
    c.addBulk('libraries_count');
    c.addInt(this.libraries.size);
    c.addBulk('functions_count');
    c.addInt(this.functions.size);
  }

  dump(c: Client): void {
    c.addBulk(encodeFunctionsPayload([...this.libraries.values()].map((l) => l.code)));
  }

  restore(c: Client, argv: string[]): void {
    let policy = 'append';
    if (argv.length > 3) {
      policy = argv[3].toLowerCase();
      if (argv.length > 4 || (policy !== 'flush' && policy !== 'append' && policy !== 'replace')) {
        return c.addError('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
      }
    }
    const codes = decodeFunctionsPayload(argv[2]);
    if (typeof codes === 'string') return c.addError(codes);
    // Load into a scratch set first, so a failure leaves the libraries as they were.
    const saved = new Map(this.libraries);
    const savedFns = new Map(this.functions);
    if (policy === 'flush') {
      this.libraries.clear();
      this.functions.clear();
    }
    for (const code of codes) {
      const r = this.load(code, policy === 'replace');
      if (typeof r !== 'string') {
        this.libraries.clear();
        this.functions.clear();
        for (const [k, v] of saved) this.libraries.set(k, v);
        for (const [k, v] of savedFns) this.functions.set(k, v);
        return c.addError(r.error);
      }
    }
    c.server.dirty++;
    c.addOk();
  }
}

export { pushString };
