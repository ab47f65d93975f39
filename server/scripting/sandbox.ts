/**
 * A Lua state set up as Redis 7.0.15 sets up its scripting states:
 *
 * - libraries: base (with coroutine, as in 5.1), table, string, math, and
 *   Redis's cjson, struct, cmsgpack, bit; no os, io, package, require,
 *   dofile, loadfile, print; debug only while the error handler is built;
 * - the Lua 5.1 names scripts rely on (unpack, loadstring, table.getn,
 *   math.pow, math.mod, string.gfind, ...), and 5.1's math.floor/ceil
 *   returning doubles;
 * - math.random / math.randomseed on Redis's portable lrand48;
 * - the `redis` API table (its functions are supplied by the caller);
 * - protected globals: reading an unknown global raises "Script attempted
 *   to access nonexistent global variable 'x'", and every table reachable
 *   from the globals is read-only ("Attempt to modify a readonly table").
 */
import { lua, lauxlib, lualib, bytesOf, latin1Of, pushString, raise, setReadonly, isReadonly, toLatin1, type LuaState, type LuaCFunction } from './lua.js';
import { openCjson } from './libs/cjson.js';
import { openBit } from './libs/bit.js';
import { openStruct } from './libs/struct.js';
import { openCmsgpack } from './libs/cmsgpack.js';
import { REDIS_VERSION_STRING } from '../../commands/version.js';

/** Globals Redis keeps (script_lua.c allow lists); everything else is removed. */
const ALLOWED_GLOBALS = new Set([
  'string', 'cjson', 'bit', 'cmsgpack', 'math', 'table', 'struct', 'redis', '__redis__err__handler',
  'xpcall', 'tostring', 'getfenv', 'setmetatable', 'next', 'assert', 'tonumber', 'rawequal', 'collectgarbage',
  'getmetatable', 'rawset', 'pcall', 'coroutine', 'type', '_G', 'select', 'unpack', 'gcinfo', 'pairs', 'rawget',
  'loadstring', 'ipairs', '_VERSION', 'setfenv', 'load', 'error', 'newproxy',
]);

export function redisVersionNum(): number {
  const [a, b, c] = REDIS_VERSION_STRING.split('.').map(Number);
  return (a << 16) | (b << 8) | c;
}

/** Redis's redisLrand48 (rand.c): a 48-bit LCG, one per server (eval and functions share it). */
export class Lrand48 {
  private x = 0x1234abcd330en;
  seed(s: number): void {
    this.x = ((BigInt(s >>> 0) << 16n) | 0x330en) & 0xffffffffffffn;
  }
  next(): number {
    this.x = (this.x * 0x5deece66dn + 0xbn) & 0xffffffffffffn;
    return Number(this.x >> 17n);
  }
}

const INT32_MAX = 2147483647;

/** The functions behind `redis.*` that need the server. */
export interface RedisApiFunctions {
  call: LuaCFunction;
  pcall: LuaCFunction;
  setresp: LuaCFunction;
  set_repl: LuaCFunction;
  log: LuaCFunction;
  acl_check_cmd: LuaCFunction;
  /** Is a script running right now (math.random refuses otherwise). */
  running(): boolean;
}

function setFn(L: LuaState, name: string, f: LuaCFunction): void {
  lua.lua_pushcfunction(L, f);
  lua.lua_setfield(L, -2, name);
}

function setNum(L: LuaState, name: string, n: number): void {
  lua.lua_pushnumber(L, n);
  lua.lua_setfield(L, -2, name);
}

/** Push an error table {err = "CODE msg"} as Redis's luaPushError builds it. */
export function pushErrorTable(L: LuaState, text: string): void {
  let code: string;
  let msg: string;
  if (text.charCodeAt(0) === 45 /* - */) {
    const sp = text.indexOf(' ');
    if (sp < 0) {
      code = 'ERR';
      msg = text.slice(1);
    } else {
      code = text.slice(1, sp);
      msg = text.slice(sp + 1);
    }
  } else {
    code = 'ERR';
    msg = text;
  }
  msg = msg.replace(/^[\r\n]+|[\r\n]+$/g, '');
  lua.lua_createtable(L, 0, 1);
  pushString(L, code + ' ' + msg);
  lua.lua_setfield(L, -2, 'err');
}

/** Raise an error table (luaPushError + lua_error). */
export function raiseErrorTable(L: LuaState, text: string): never {
  pushErrorTable(L, text);
  return lua.lua_error(L);
}

const redisSha1hex: LuaCFunction = (L) => {
  if (lua.lua_gettop(L) !== 1) raiseErrorTable(L, 'wrong number of arguments');
  const s = lua.lua_tolstring(L, 1);
  pushString(L, sha1hex(s === null ? '' : latin1Of(s)));
  return 1;
};

import { createHash } from 'node:crypto';
export function sha1hex(s: string): string {
  return createHash('sha1').update(s, 'latin1').digest('hex');
}

const redisErrorReply: LuaCFunction = (L) => {
  if (lua.lua_gettop(L) !== 1 || lua.lua_type(L, -1) !== lua.LUA_TSTRING) {
    pushErrorTable(L, 'wrong number or type of arguments');
    return 1;
  }
  const s = toLatin1(L, -1) ?? '';
  pushErrorTable(L, s.startsWith('-') ? s : '-' + s);
  return 1;
};

const redisStatusReply: LuaCFunction = (L) => {
  if (lua.lua_gettop(L) !== 1 || lua.lua_type(L, -1) !== lua.LUA_TSTRING) {
    pushErrorTable(L, 'wrong number or type of arguments');
    return 1;
  }
  lua.lua_createtable(L, 0, 1);
  lua.lua_pushvalue(L, -2);
  lua.lua_setfield(L, -2, 'ok');
  return 1;
};

/**
 * Redis's pcall: like Lua's, but an error table {err=...} raised inside
 * comes back as its message string (what scripts written for Redis 6 see).
 */
const redisPcall: LuaCFunction = (L) => {
  const argc = lua.lua_gettop(L);
  lauxlib.luaL_checkany(L, 1);
  lua.lua_pushboolean(L, true);
  lua.lua_insert(L, 1);
  const status = lua.lua_pcall(L, argc - 1, lua.LUA_MULTRET, 0);
  if (status !== lua.LUA_OK) {
    lua.lua_remove(L, 1);
    if (lua.lua_type(L, -1) === lua.LUA_TTABLE) {
      lua.lua_getfield(L, -1, 'err');
      if (lua.lua_isstring(L, -1)) lua.lua_replace(L, -2);
      else lua.lua_pop(L, 1);
    }
    lua.lua_pushboolean(L, false);
    lua.lua_insert(L, 1);
  }
  return lua.lua_gettop(L);
};

/** Lua 5.1's math.floor / math.ceil return doubles, never 5.3 integers. */
const mathFloor: LuaCFunction = (L) => {
  lua.lua_pushnumber(L, Math.floor(lauxlib.luaL_checknumber(L, 1)));
  return 1;
};
const mathCeil: LuaCFunction = (L) => {
  lua.lua_pushnumber(L, Math.ceil(lauxlib.luaL_checknumber(L, 1)));
  return 1;
};

/** Lua 5.1 compatibility, written in Lua over the 5.3 libraries. */
const COMPAT_51 = `
local table, math, string, select, type, error, pairs, load, getmetatable = table, math, string, select, type, error, pairs, load, getmetatable
unpack = table.unpack
loadstring = function(s, chunkname) return load(s, chunkname, 't') end
table.getn = function(t) return #t end
table.setn = function() error("'setn' is obsolete") end
table.maxn = function(t)
  local m = 0
  for k in pairs(t) do if type(k) == 'number' and k > m then m = k end end
  return m
end
table.foreach = function(t, f)
  for k, v in pairs(t) do local r = f(k, v) if r ~= nil then return r end end
end
table.foreachi = function(t, f)
  for i = 1, #t do local r = f(i, t[i]) if r ~= nil then return r end end
end
math.pow = function(x, y) return x ^ y end
math.mod = math.fmod
math.log10 = function(x) return math.log(x, 10) end
math.ldexp = function(m, e) return m * 2.0 ^ e end
math.frexp = function(x)
  if x == 0 or x ~= x or x == math.huge or x == -math.huge then return x, 0 end
  local e = 0
  local a = math.abs(x)
  while a >= 1 do a = a / 2 e = e + 1 end
  while a < 0.5 do a = a * 2 e = e - 1 end
  return (x < 0 and -a or a), e
end
math.cosh = function(x) return (math.exp(x) + math.exp(-x)) / 2 end
math.sinh = function(x) return (math.exp(x) - math.exp(-x)) / 2 end
math.tanh = function(x) local a, b = math.exp(x), math.exp(-x) return (a - b) / (a + b) end
string.gfind = string.gmatch
gcinfo = function() return math.floor(collectgarbage('count')) end
getfenv = function() return _G end
setfenv = function(f) return f end
newproxy = function() return setmetatable({}, {}) end
`;

/** Redis 7.0's error handler: an error table carrying the failing source and line. */
const ERROR_HANDLER = `
local dbg = debug
__redis__err__handler = function(err)
  local i = dbg.getinfo(2, 'nSl')
  -- (fengari names functions written in JavaScript 'J' where C Lua says 'C')
  if i and (i.what == 'C' or i.what == 'J') then i = dbg.getinfo(3, 'nSl') end
  if type(err) ~= 'table' then err = {err = 'ERR ' .. tostring(err)} end
  if i then
    err['source'] = i.source
    err['line'] = i.currentline
  end
  return err
end
`;

/** Run trusted set-up code in the state. */
export function runChunk(L: LuaState, code: string, name: string): void {
  const status = lauxlib.luaL_loadbufferx(L, bytesOf(code), code.length, bytesOf('=' + name), null);
  if (status !== lua.LUA_OK || lua.lua_pcall(L, 0, 0, 0) !== lua.LUA_OK) {
    throw new Error(`Lua set-up chunk ${name} failed: ${toLatin1(L, -1)}`);
  }
}

function openLib(L: LuaState, name: string, open: LuaCFunction, global: boolean): void {
  lauxlib.luaL_requiref(L, bytesOf(name), open, global ? 1 : 0);
  lua.lua_pop(L, 1);
}

/** Build the `redis` table at the top of the stack. */
function pushRedisTable(L: LuaState, api: RedisApiFunctions): void {
  lua.lua_newtable(L);
  setFn(L, 'call', api.call);
  setFn(L, 'pcall', api.pcall);
  setFn(L, 'log', api.log);
  setNum(L, 'LOG_DEBUG', 0);
  setNum(L, 'LOG_VERBOSE', 1);
  setNum(L, 'LOG_NOTICE', 2);
  setNum(L, 'LOG_WARNING', 3);
  setNum(L, 'REDIS_VERSION_NUM', redisVersionNum());
  pushString(L, REDIS_VERSION_STRING);
  lua.lua_setfield(L, -2, 'REDIS_VERSION');
  setFn(L, 'setresp', api.setresp);
  setFn(L, 'sha1hex', redisSha1hex);
  setFn(L, 'error_reply', redisErrorReply);
  setFn(L, 'status_reply', redisStatusReply);
  setFn(L, 'set_repl', api.set_repl);
  setNum(L, 'REPL_NONE', 0);
  setNum(L, 'REPL_AOF', 1);
  setNum(L, 'REPL_SLAVE', 2);
  setNum(L, 'REPL_REPLICA', 2);
  setNum(L, 'REPL_ALL', 3);
  setFn(L, 'acl_check_cmd', api.acl_check_cmd);
  // Redis 7 always replicates effects; kept for old scripts.
  setFn(L, 'replicate_commands', (l) => {
    lua.lua_pushboolean(l, true);
    return 1;
  });
  // The debugger (SCRIPT DEBUG) is not implemented: these do nothing, as outside a debugging session.
  setFn(L, 'breakpoint', (l) => {
    lua.lua_pushboolean(l, false);
    return 1;
  });
  setFn(L, 'debug', () => 0);
}

/** The table the load-time `redis` of FUNCTION LOAD sees (see functions.ts). */
export function pushLoadRedisTable(L: LuaState, registerFunction: LuaCFunction, api: RedisApiFunctions): void {
  lua.lua_newtable(L);
  setFn(L, 'register_function', registerFunction);
  setFn(L, 'log', api.log);
  setNum(L, 'LOG_DEBUG', 0);
  setNum(L, 'LOG_VERBOSE', 1);
  setNum(L, 'LOG_NOTICE', 2);
  setNum(L, 'LOG_WARNING', 3);
  setNum(L, 'REDIS_VERSION_NUM', redisVersionNum());
  pushString(L, REDIS_VERSION_STRING);
  lua.lua_setfield(L, -2, 'REDIS_VERSION');
  pushErrorMetatable(L);
}

/** "Script attempted to access nonexistent global variable 'x'" (luaProtectedTableError). */
export const nonexistentGlobal: LuaCFunction = (L) => {
  const name = lua.lua_isstring(L, 2) ? toLatin1(L, 2) : '?';
  return lauxlib.luaL_error(L, `Script attempted to access nonexistent global variable '%s'`, bytesOf(name ?? ''));
};

/** Give the table at the top of the stack a metatable raising on unknown keys. */
function pushErrorMetatable(L: LuaState): void {
  lua.lua_newtable(L);
  lua.lua_pushcfunction(L, nonexistentGlobal);
  lua.lua_setfield(L, -2, '__index');
  lua.lua_setmetatable(L, -2);
}

/** Mark the table at the top of the stack, and every table reachable from it, read-only. */
export function protectRecursively(L: LuaState): void {
  if (isReadonly(L, -1)) return;
  setReadonly(L, -1, true);
  lua.lua_checkstack(L, 3);
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2)) {
    if (lua.lua_type(L, -1) === lua.LUA_TTABLE) protectRecursively(L);
    lua.lua_pop(L, 1);
  }
  if (lua.lua_getmetatable(L, -1)) {
    protectRecursively(L);
    lua.lua_pop(L, 1);
  }
}

export interface Sandbox {
  L: LuaState;
  rng: Lrand48;
}

/**
 * A new scripting state. `globalIndex`, when given, replaces the plain
 * "nonexistent global" error as the globals' __index (the function engine
 * resolves `redis` through it).
 */
export function createSandbox(api: RedisApiFunctions, rng: Lrand48, withRedisGlobal: boolean, globalIndex?: LuaCFunction): Sandbox {
  const L = lauxlib.luaL_newstate();
  openLib(L, '_G', lualib.luaopen_base, true);
  openLib(L, 'coroutine', lualib.luaopen_coroutine, true);
  openLib(L, 'table', lualib.luaopen_table, true);
  openLib(L, 'string', lualib.luaopen_string, true);
  openLib(L, 'math', lualib.luaopen_math, true);
  openLib(L, 'debug', lualib.luaopen_debug, true);
  openLib(L, 'cjson', openCjson, true);
  openLib(L, 'struct', openStruct, true);
  openLib(L, 'cmsgpack', openCmsgpack, true);
  openLib(L, 'bit', openBit, true);
  runChunk(L, COMPAT_51, 'compat');
  pushString(L, 'Lua 5.1');
  lua.lua_setglobal(L, '_VERSION');
  lua.lua_pushcfunction(L, redisPcall);
  lua.lua_setglobal(L, 'pcall');

  lua.lua_getglobal(L, 'math');
  setFn(L, 'floor', mathFloor);
  setFn(L, 'ceil', mathCeil);
  setFn(L, 'random', (l) => {
    if (!api.running()) return lauxlib.luaL_error(l, 'math.random can only be called inside a script invocation');
    const r = (rng.next() % INT32_MAX) / INT32_MAX;
    switch (lua.lua_gettop(l)) {
      case 0:
        lua.lua_pushnumber(l, r);
        break;
      case 1: {
        const u = Math.trunc(lauxlib.luaL_checknumber(l, 1));
        if (!(1 <= u)) lauxlib.luaL_argerror(l, 1, 'interval is empty');
        lua.lua_pushnumber(l, Math.floor(r * u) + 1);
        break;
      }
      case 2: {
        const lo = Math.trunc(lauxlib.luaL_checknumber(l, 1));
        const u = Math.trunc(lauxlib.luaL_checknumber(l, 2));
        if (!(lo <= u)) lauxlib.luaL_argerror(l, 2, 'interval is empty');
        lua.lua_pushnumber(l, Math.floor(r * (u - lo + 1)) + lo);
        break;
      }
      default:
        return lauxlib.luaL_error(l, 'wrong number of arguments');
    }
    return 1;
  });
  setFn(L, 'randomseed', (l) => {
    if (!api.running()) return lauxlib.luaL_error(l, 'math.randomseed can only be called inside a script invocation');
    rng.seed(Math.trunc(lauxlib.luaL_checknumber(l, 1)));
    return 0;
  });
  lua.lua_pop(L, 1);

  if (withRedisGlobal) {
    pushRedisTable(L, api);
    lua.lua_setglobal(L, 'redis');
  } else {
    // The function engine keeps the runtime `redis` out of the globals.
    pushRedisTable(L, api);
    lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, 'tredis_runtime_redis');
  }
  runChunk(L, ERROR_HANDLER, 'error_handler');
  if (!withRedisGlobal) {
    // Functions get errors through the same handler, kept in the registry.
    lua.lua_getglobal(L, '__redis__err__handler');
    lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, 'tredis_err_handler');
    lua.lua_pushnil(L);
    lua.lua_setglobal(L, '__redis__err__handler');
  }

  // Drop every global Redis does not offer (debug goes once the handler holds it).
  lua.lua_pushglobaltable(L);
  const drop: string[] = [];
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2)) {
    lua.lua_pop(L, 1);
    const k = lua.lua_type(L, -1) === lua.LUA_TSTRING ? toLatin1(L, -1) : null;
    if (k !== null && !ALLOWED_GLOBALS.has(k)) drop.push(k);
  }
  for (const k of drop) {
    lua.lua_pushnil(L);
    lua.lua_setfield(L, -2, k);
  }
  // Unknown globals raise; then everything reachable becomes read-only.
  lua.lua_newtable(L);
  lua.lua_pushcfunction(L, globalIndex ?? nonexistentGlobal);
  lua.lua_setfield(L, -2, '__index');
  lua.lua_setmetatable(L, -2);
  protectRecursively(L);
  lua.lua_pop(L, 1);
  if (!withRedisGlobal) {
    lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, 'tredis_runtime_redis');
    protectRecursively(L);
    lua.lua_pop(L, 1);
  }
  return { L, rng };
}

export { raise };
