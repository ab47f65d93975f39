/**
 * The Lua engine: fengari (Lua 5.3 written in JavaScript), loaded once per
 * process and adjusted so scripts see Redis's Lua 5.1 number semantics
 * (docs/scripting.md explains the choice and the measurements):
 *
 * - every number is a double: numeric literals and string→number
 *   conversions never produce 5.3 integers (fengari's integers are 32-bit
 *   and would wrap at 2^31, which 5.1 scripts never expect);
 * - floats print with "%.14g" and without a trailing ".0"
 *   (tostring(10/2) is "5", tostring(2^63) is "9.2233720368548e+18");
 * - tables can be marked read-only (Redis 7.0.15 protects the globals and
 *   its libraries this way): any store raises "Attempt to modify a
 *   readonly table".
 *
 * The adjustments replace a few exported functions of fengari's internal
 * modules before the rest of the engine reads them; they change fengari's
 * behaviour for the whole process, which is fine as tredis is its only
 * user. Strings cross as Uint8Array (one element per byte), so every byte
 * value 0..255 survives the trip: see bytesOf / latin1Of.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** An opaque Lua thread (lua_State). */
export interface LuaState {
  readonly __luaState: unique symbol;
}
/** A fengari table object, as lua_topointer returns it. */
export interface LuaTable {
  readonly?: boolean;
}
export type LuaCFunction = (L: LuaState) => number;
export type LuaHook = (L: LuaState, ar: unknown) => void;

/** The part of fengari's lua.h / lauxlib.h / lualib.h API that tredis uses. */
export interface LuaApi {
  LUA_OK: number;
  LUA_YIELD: number;
  LUA_ERRRUN: number;
  LUA_ERRSYNTAX: number;
  LUA_MULTRET: number;
  LUA_REGISTRYINDEX: number;
  LUA_TNIL: number;
  LUA_TBOOLEAN: number;
  LUA_TNUMBER: number;
  LUA_TSTRING: number;
  LUA_TTABLE: number;
  LUA_TFUNCTION: number;
  LUA_MASKCOUNT: number;
  LUA_MASKLINE: number;
  lua_absindex(L: LuaState, idx: number): number;
  lua_gettop(L: LuaState): number;
  lua_settop(L: LuaState, idx: number): void;
  lua_pop(L: LuaState, n: number): void;
  lua_pushvalue(L: LuaState, idx: number): void;
  lua_insert(L: LuaState, idx: number): void;
  lua_remove(L: LuaState, idx: number): void;
  lua_replace(L: LuaState, idx: number): void;
  lua_checkstack(L: LuaState, n: number): boolean;
  lua_type(L: LuaState, idx: number): number;
  lua_typename(L: LuaState, t: number): Uint8Array;
  lua_isstring(L: LuaState, idx: number): boolean;
  lua_isnumber(L: LuaState, idx: number): boolean;
  lua_toboolean(L: LuaState, idx: number): boolean;
  lua_tonumber(L: LuaState, idx: number): number;
  lua_tolstring(L: LuaState, idx: number): Uint8Array | null;
  lua_topointer(L: LuaState, idx: number): unknown;
  lua_tothread(L: LuaState, idx: number): LuaState;
  lua_pushnil(L: LuaState): void;
  lua_pushnumber(L: LuaState, n: number): void;
  lua_pushinteger(L: LuaState, n: number): void;
  lua_pushstring(L: LuaState, s: Uint8Array): void;
  lua_pushliteral(L: LuaState, s: string): void;
  lua_pushboolean(L: LuaState, b: boolean): void;
  lua_pushcfunction(L: LuaState, f: LuaCFunction): void;
  lua_pushjsfunction(L: LuaState, f: LuaCFunction): void;
  lua_pushlightuserdata(L: LuaState, p: unknown): void;
  lua_pushglobaltable(L: LuaState): void;
  lua_newtable(L: LuaState): void;
  lua_createtable(L: LuaState, narr: number, nrec: number): void;
  lua_newthread(L: LuaState): LuaState;
  lua_gettable(L: LuaState, idx: number): number;
  lua_getfield(L: LuaState, idx: number, k: Uint8Array | string): number;
  lua_getglobal(L: LuaState, name: Uint8Array | string): number;
  lua_rawget(L: LuaState, idx: number): number;
  lua_rawgeti(L: LuaState, idx: number, n: number): number;
  lua_rawset(L: LuaState, idx: number): void;
  lua_rawseti(L: LuaState, idx: number, n: number): void;
  lua_setfield(L: LuaState, idx: number, k: Uint8Array | string): void;
  lua_setglobal(L: LuaState, name: Uint8Array | string): void;
  lua_settable(L: LuaState, idx: number): void;
  lua_getmetatable(L: LuaState, idx: number): boolean;
  lua_setmetatable(L: LuaState, idx: number): void;
  lua_next(L: LuaState, idx: number): boolean;
  lua_rawlen(L: LuaState, idx: number): number;
  lua_call(L: LuaState, nargs: number, nresults: number): void;
  lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
  lua_resume(L: LuaState, from: LuaState | null, nargs: number): number;
  lua_yield(L: LuaState, n: number): number;
  lua_isyieldable(L: LuaState): boolean;
  lua_error(L: LuaState): never;
  lua_load(L: LuaState, reader: unknown, data: unknown, chunkname: Uint8Array, mode: Uint8Array | null): number;
  lua_sethook(L: LuaState, f: LuaHook | null, mask: number, count: number): void;
  lua_gc(L: LuaState, what: number, data: number): number;
  lua_getstack(L: LuaState, level: number, ar: LuaDebug): boolean;
  lua_getinfo(L: LuaState, what: Uint8Array, ar: LuaDebug): boolean;
  lua_concat(L: LuaState, n: number): void;
  lua_status(L: LuaState): number;
  lua_xmove(from: LuaState, to: LuaState, n: number): void;
  lua_closethread?: (L: LuaState) => void;
}
export interface LuaDebug {
  currentline: number;
  source: Uint8Array | null;
  short_src: Uint8Array | null;
  what: Uint8Array | null;
}
export interface LauxApi {
  luaL_newstate(): LuaState;
  luaL_loadbufferx(L: LuaState, buff: Uint8Array, size: number, name: Uint8Array, mode: Uint8Array | null): number;
  luaL_requiref(L: LuaState, modname: Uint8Array, openf: LuaCFunction, glb: number): void;
  luaL_ref(L: LuaState, t: number): number;
  luaL_unref(L: LuaState, t: number, ref: number): void;
  luaL_error(L: LuaState, fmt: string, ...args: unknown[]): never;
  luaL_checkinteger(L: LuaState, arg: number): number;
  luaL_checknumber(L: LuaState, arg: number): number;
  luaL_checklstring(L: LuaState, arg: number): Uint8Array;
  luaL_checkstring(L: LuaState, arg: number): Uint8Array;
  luaL_optinteger(L: LuaState, arg: number, def: number): number;
  luaL_optnumber(L: LuaState, arg: number, def: number): number;
  luaL_checktype(L: LuaState, arg: number, t: number): void;
  luaL_checkany(L: LuaState, arg: number): void;
  luaL_argerror(L: LuaState, arg: number, extramsg: string): never;
  luaL_tolstring(L: LuaState, idx: number): Uint8Array;
  luaL_len(L: LuaState, idx: number): number;
  luaL_traceback(L: LuaState, L1: LuaState, msg: Uint8Array | null, level: number): void;
}
export interface LualibApi {
  luaopen_base: LuaCFunction;
  luaopen_coroutine: LuaCFunction;
  luaopen_table: LuaCFunction;
  luaopen_string: LuaCFunction;
  luaopen_math: LuaCFunction;
  luaopen_debug: LuaCFunction;
}

interface TValue {
  ttisinteger(): boolean;
  ttisfloat(): boolean;
  value: number;
  setfltvalue(x: number): void;
}

/** C's "%.14g" (Lua 5.1's LUA_NUMBER_FMT), as glibc prints it. */
export function formatG14(n: number): string {
  // x86 produces NaN with the sign bit set (0/0, inf-inf): glibc prints "-nan".
  if (n !== n) return '-nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const neg = n < 0;
  let { digits, exp } = digits14(Math.abs(n));
  const sign = neg ? '-' : '';
  const trim = (s: string) => s.replace(/0+$/, '');
  if (exp < -4 || exp >= 14) {
    const frac = trim(digits.slice(1));
    const e = Math.abs(exp);
    return `${sign}${digits[0]}${frac ? '.' + frac : ''}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  if (exp >= 0) {
    const frac = trim(digits.slice(exp + 1));
    return `${sign}${digits.slice(0, exp + 1)}${frac ? '.' + frac : ''}`;
  }
  return `${sign}0.${trim('0'.repeat(-exp - 1) + digits)}`;
}

/**
 * 14 significant digits of a positive finite double, rounded as glibc does
 * (exact ties go to even; JS toExponential sends them up).
 */
function digits14(a: number): { digits: string; exp: number } {
  const t = a.toExponential(13);
  const e = t.indexOf('e');
  let digits = t[0] + t.slice(2, e);
  let exp = Number(t.slice(e + 1));
  const wide = a.toExponential(99); // exact enough to see a tie
  const we = wide.indexOf('e');
  const all = wide[0] + wide.slice(2, we);
  if (all[14] === '5' && /^0*$/.test(all.slice(15)) && (all.charCodeAt(13) & 1) === 0) {
    // A tie whose 14th digit is even: keep it (truncate) instead of rounding up.
    digits = all.slice(0, 14);
    exp = Number(wide.slice(we + 1));
  }
  return { digits, exp };
}

interface Engine {
  lua: LuaApi;
  lauxlib: LauxApi;
  lualib: LualibApi;
  luaG_runerror: (L: LuaState, msg: Uint8Array) => never;
}

function loadEngine(): Engine {
  // 1. Number formatting, read by lobject when it loads. (fengaricore
  // loads defs and luaconf in the order fengari itself expects.)
  require('fengari/src/fengaricore.js');
  const luaconf = require('fengari/src/luaconf.js') as { lua_number2str: (n: number) => string; LUA_COMPAT_FLOATSTRING: boolean };
  luaconf.lua_number2str = formatG14;
  luaconf.LUA_COMPAT_FLOATSTRING = true;
  const fengari = require('fengari') as { lua: LuaApi; lauxlib: LauxApi; lualib: LualibApi };
  // The others are called through their module objects: patch after loading.
  // 2. Every parsed number is a float (Lua 5.1 has no integer subtype).
  const lobject = require('fengari/src/lobject.js') as { luaO_str2num: (s: Uint8Array, o: TValue) => number };
  const str2num = lobject.luaO_str2num;
  lobject.luaO_str2num = (s, o) => {
    const r = str2num(s, o);
    if (r !== 0 && o.ttisinteger()) o.setfltvalue(o.value);
    return r;
  };
  // 3. Read-only tables.
  const ldebug = require('fengari/src/ldebug.js') as { luaG_runerror: (L: LuaState, msg: Uint8Array) => never };
  const ltable = require('fengari/src/ltable.js') as {
    luaH_setfrom: (L: LuaState, t: LuaTable, k: unknown, v: unknown) => void;
  };
  const setfrom = ltable.luaH_setfrom;
  const READONLY = bytesOf('Attempt to modify a readonly table');
  ltable.luaH_setfrom = (L, t, k, v) => {
    if (t.readonly) ldebug.luaG_runerror(L, READONLY);
    setfrom(L, t, k, v);
  };
  return { lua: fengari.lua, lauxlib: fengari.lauxlib, lualib: fengari.lualib, luaG_runerror: ldebug.luaG_runerror };
}

/** The process-wide engine (immutable once loaded: a module cache, not server state). */
export const engine: Engine = loadEngine();
export const lua = engine.lua;
export const lauxlib = engine.lauxlib;
export const lualib = engine.lualib;

/** A latin1 JS string (one char per byte) as Lua string bytes. */
export function bytesOf(s: string): Uint8Array {
  const n = s.length;
  const u = new Uint8Array(n);
  if (n > 64) {
    Buffer.from(u.buffer, 0, n).write(s, 0, n, 'latin1');
  } else {
    for (let i = 0; i < n; i++) u[i] = s.charCodeAt(i);
  }
  return u;
}

/** Lua string bytes as a latin1 JS string. */
export function latin1Of(u: Uint8Array): string {
  const n = u.length;
  if (n > 64) return Buffer.from(u.buffer, u.byteOffset, n).toString('latin1');
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(u[i]);
  return s;
}

/** Push a latin1 JS string. */
export function pushString(L: LuaState, s: string): void {
  lua.lua_pushstring(L, bytesOf(s));
}

/** The string at idx (numbers converted as lua_tolstring does), or null. */
export function toLatin1(L: LuaState, idx: number): string | null {
  const u = lua.lua_tolstring(L, idx);
  return u === null ? null : latin1Of(u);
}

/** Raise a Lua error whose value is the given JS string. */
export function raise(L: LuaState, msg: string): never {
  pushString(L, msg);
  return lua.lua_error(L);
}

/** Mark the table at idx read-only. */
export function setReadonly(L: LuaState, idx: number, on: boolean): void {
  (lua.lua_topointer(L, idx) as LuaTable).readonly = on;
}

export function isReadonly(L: LuaState, idx: number): boolean {
  return (lua.lua_topointer(L, idx) as LuaTable).readonly === true;
}

/**
 * Lua 5.3 reports a statement that is neither a call nor an assignment
 * ("ret urn") as "syntax error near 'urn'"; Lua 5.1, which Redis embeds,
 * says "'=' expected near 'urn'" (it parses the start as an assignment).
 * (5.3's other "syntax error", `a, f() = 1`, is rare enough to share it.)
 */
export function compileErrorAs51(msg: string): string {
  return msg.replace(/: syntax error near /, ": '=' expected near ");
}
