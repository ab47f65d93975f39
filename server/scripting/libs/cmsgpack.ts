/**
 * The `cmsgpack` library (lua_cmsgpack 0.4.0 as bundled with Redis):
 * cmsgpack.pack(...), unpack(s), unpack_one(s [, offset]) and
 * unpack_limit(s, limit [, offset]).
 *
 * Encoding follows lua_cmsgpack: a number equal to its int64 truncation
 * takes the smallest integer form, any other a float32 when that is exact
 * and a float64 otherwise; strings are fixstr/str8/16/32; a table whose
 * keys are exactly 1..n is an array, any other a map; nesting deeper
 * than 16 tables, functions and userdata encode as nil.
 */
import { lua, lauxlib, latin1Of, pushString, toLatin1, type LuaState, type LuaCFunction } from '../lua.js';

/** lua_cmsgpack's LUACMSGPACK_MAX_NESTING. */
const MAX_NESTING = 16;

const be16 = (n: number): string => String.fromCharCode((n >>> 8) & 0xff, n & 0xff);
const be32 = (n: number): string => String.fromCharCode((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const be64 = (n: bigint): string => {
  const u = BigInt.asUintN(64, n);
  return be32(Number(u >> 32n)) + be32(Number(u & 0xffffffffn));
};

function encodeInt(n: number): string {
  if (n >= 0) {
    if (n <= 127) return String.fromCharCode(n);
    if (n <= 0xff) return '\xcc' + String.fromCharCode(n);
    if (n <= 0xffff) return '\xcd' + be16(n);
    if (n <= 0xffffffff) return '\xce' + be32(n);
    return '\xcf' + be64(BigInt(n));
  }
  if (n >= -32) return String.fromCharCode(n & 0xff);
  if (n >= -128) return '\xd0' + String.fromCharCode(n & 0xff);
  if (n >= -32768) return '\xd1' + be16(n);
  if (n >= -2147483648) return '\xd2' + be32(n);
  return '\xd3' + be64(BigInt(n));
}

const f32 = new Float32Array(1);
const f32Bytes = new Uint8Array(f32.buffer);
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

/** Big-endian bytes of a typed array's little-endian memory. */
function reversed(u: Uint8Array): string {
  let s = '';
  for (let i = u.length - 1; i >= 0; i--) s += String.fromCharCode(u[i]);
  return s;
}

function encodeNumber(n: number): string {
  // IS_INT64_EQUIVALENT: finite and equal to its int64 conversion (2^63 is not).
  if (Number.isFinite(n) && Number.isInteger(n) && n >= -9223372036854775808 && n < 9223372036854775808) return encodeInt(n === 0 ? 0 : n);
  f32[0] = n;
  if (f32[0] === n) return '\xca' + reversed(f32Bytes);
  f64[0] = n;
  return '\xcb' + reversed(f64Bytes);
}

function encodeString(s: string): string {
  const len = s.length;
  if (len < 32) return String.fromCharCode(0xa0 | len) + s;
  if (len <= 0xff) return '\xd9' + String.fromCharCode(len) + s;
  if (len <= 0xffff) return '\xda' + be16(len) + s;
  return '\xdb' + be32(len) + s;
}

/** Array length if the table at the top has exactly the keys 1..n, -1 otherwise. */
function arrayLength(L: LuaState): number {
  let count = 0;
  let max = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2)) {
    lua.lua_pop(L, 1);
    if (lua.lua_type(L, -1) !== lua.LUA_TNUMBER) { lua.lua_pop(L, 1); return -1; }
    const k = lua.lua_tonumber(L, -1);
    if (!Number.isInteger(k) || k < 1) { lua.lua_pop(L, 1); return -1; }
    count++;
    if (k > max) max = k;
  }
  return max === count ? count : -1;
}

/** Encode the value at the top of the stack (left in place). */
function encodeValue(L: LuaState, level: number, out: string[]): void {
  let t = lua.lua_type(L, -1);
  if (t === lua.LUA_TTABLE && level === MAX_NESTING) t = lua.LUA_TNIL;
  switch (t) {
    case lua.LUA_TSTRING:
      out.push(encodeString(toLatin1(L, -1) ?? ''));
      return;
    case lua.LUA_TBOOLEAN:
      out.push(lua.lua_toboolean(L, -1) ? '\xc3' : '\xc2');
      return;
    case lua.LUA_TNUMBER:
      out.push(encodeNumber(lua.lua_tonumber(L, -1)));
      return;
    case lua.LUA_TTABLE: {
      lua.lua_checkstack(L, 3);
      const n = arrayLength(L);
      if (n >= 0) {
        out.push(n < 16 ? String.fromCharCode(0x90 | n) : n <= 0xffff ? '\xdc' + be16(n) : '\xdd' + be32(n));
        for (let i = 1; i <= n; i++) {
          lua.lua_rawgeti(L, -1, i);
          encodeValue(L, level + 1, out);
          lua.lua_pop(L, 1);
        }
        return;
      }
      let count = 0;
      lua.lua_pushnil(L);
      while (lua.lua_next(L, -2)) { lua.lua_pop(L, 1); count++; }
      out.push(count < 16 ? String.fromCharCode(0x80 | count) : count <= 0xffff ? '\xde' + be16(count) : '\xdf' + be32(count));
      lua.lua_pushnil(L);
      while (lua.lua_next(L, -2)) {
        lua.lua_pushvalue(L, -2);
        encodeValue(L, level + 1, out);
        lua.lua_pop(L, 1);
        encodeValue(L, level + 1, out);
        lua.lua_pop(L, 1);
      }
      return;
    }
    default:
      out.push('\xc0');
  }
}

const pack: LuaCFunction = (L) => {
  const n = lua.lua_gettop(L);
  if (n === 0) return lauxlib.luaL_argerror(L, 0, 'MessagePack pack needs input.');
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    lua.lua_pushvalue(L, i);
    encodeValue(L, 0, out);
    lua.lua_pop(L, 1);
  }
  pushString(L, out.join(''));
  return 1;
};

const EOF = 1;
const BADFMT = 2;

/** A cursor over the input; `err` as lua_cmsgpack's mp_cur. */
class Cursor {
  err = 0;
  constructor(readonly s: string, public p: number) {}
  get left(): number { return this.s.length - this.p; }
  need(n: number): boolean {
    if (this.left < n) { this.err = EOF; return false; }
    return true;
  }
  u8(i: number): number { return this.s.charCodeAt(this.p + i); }
  u16(i: number): number { return (this.u8(i) << 8) | this.u8(i + 1); }
  u32(i: number): number { return this.u16(i) * 65536 + this.u16(i + 2); }
  u64(i: number): bigint { return (BigInt(this.u32(i)) << 32n) | BigInt(this.u32(i + 4)); }
}

function float32At(c: Cursor, i: number): number {
  for (let k = 0; k < 4; k++) f32Bytes[3 - k] = c.u8(i + k);
  return f32[0];
}

function float64At(c: Cursor, i: number): number {
  for (let k = 0; k < 8; k++) f64Bytes[7 - k] = c.u8(i + k);
  return f64[0];
}

/**
 * Lua 5.1's luaL_checkstack as seen from a C function: at most 8000
 * (LUAI_MAXCSTACK) slots. The decoder keeps the same values on the stack
 * as lua_cmsgpack (array index under each element), so deep nesting and
 * huge result counts fail where Redis's do.
 */
function checkStack(L: LuaState, n: number, msg: string): void {
  if (lua.lua_gettop(L) + n > 8000) lauxlib.luaL_error(L, `stack overflow (${msg})`);
  lua.lua_checkstack(L, n + 2);
}

/** An array or map being filled while decoding (an explicit stack: no JS recursion on deep nesting). */
interface Frame {
  map: boolean;
  left: number;
  index: number;
  haveKey: boolean;
}

/** Decode one object and push it (on error, pushes nothing meaningful; the caller checks c.err). */
function decodeValue(L: LuaState, c: Cursor): void {
  const open: Frame[] = [];
  for (;;) {
    if (!c.need(1)) return;
    checkStack(L, 1, 'too many return values at once; use unpack_one or unpack_limit instead.');
    const b = c.u8(0);
    let container = -1; // element count of an array or map header
    let isMap = false;
    let hdr = 1;
    const num = (n: number, size: number): void => {
      lua.lua_pushnumber(L, n);
      c.p += size;
    };
    const str = (h: number, len: number): void => {
      if (!c.need(h + len)) return;
      pushString(L, c.s.slice(c.p + h, c.p + h + len));
      c.p += h + len;
    };
    if (b <= 0x7f) num(b, 1);
    else if (b >= 0xe0) num(b - 256, 1);
    else if ((b & 0xe0) === 0xa0) str(1, b & 0x1f);
    else if ((b & 0xf0) === 0x90) container = b & 0x0f;
    else if ((b & 0xf0) === 0x80) { container = b & 0x0f; isMap = true; }
    else {
      switch (b) {
        case 0xc0: lua.lua_pushnil(L); c.p++; break;
        case 0xc2: lua.lua_pushboolean(L, false); c.p++; break;
        case 0xc3: lua.lua_pushboolean(L, true); c.p++; break;
        case 0xcc: if (c.need(2)) num(c.u8(1), 2); break;
        case 0xcd: if (c.need(3)) num(c.u16(1), 3); break;
        case 0xce: if (c.need(5)) num(c.u32(1), 5); break;
        case 0xcf: if (c.need(9)) num(Number(c.u64(1)), 9); break;
        case 0xd0: if (c.need(2)) num((c.u8(1) << 24) >> 24, 2); break;
        case 0xd1: if (c.need(3)) num((c.u16(1) << 16) >> 16, 3); break;
        case 0xd2: if (c.need(5)) num(c.u32(1) | 0, 5); break;
        case 0xd3: if (c.need(9)) num(Number(BigInt.asIntN(64, c.u64(1))), 9); break;
        case 0xca: if (c.need(5)) num(float32At(c, 1), 5); break;
        case 0xcb: if (c.need(9)) num(float64At(c, 1), 9); break;
        // bin 8/16/32 (0xc4-0xc6) are not understood by 0.4.0: bad format.
        case 0xd9: if (c.need(2)) str(2, c.u8(1)); break;
        case 0xda: if (c.need(3)) str(3, c.u16(1)); break;
        case 0xdb: if (c.need(5)) str(5, c.u32(1)); break;
        case 0xdc: if (c.need(3)) { container = c.u16(1); hdr = 3; } break;
        case 0xdd: if (c.need(5)) { container = c.u32(1); hdr = 5; } break;
        case 0xde: if (c.need(3)) { container = c.u16(1); hdr = 3; isMap = true; } break;
        case 0xdf: if (c.need(5)) { container = c.u32(1); hdr = 5; isMap = true; } break;
        default: c.err = BADFMT;
      }
    }
    if (c.err) return;
    if (container >= 0) {
      c.p += hdr;
      lua.lua_newtable(L);
      // Only arrays check the stack again after creating their table (maps do not, as in Redis).
      if (!isMap) checkStack(L, 1, 'in function mp_decode_to_lua_array');
      if (container > 0) {
        open.push({ map: isMap, left: container, index: 1, haveKey: false });
        if (!isMap) lua.lua_pushnumber(L, 1);
        continue;
      }
    }
    // A complete value is on top: store it in the enclosing containers that it completes.
    for (;;) {
      const f = open[open.length - 1];
      if (f === undefined) return;
      if (f.map && !f.haveKey) {
        f.haveKey = true;
        break;
      }
      // Maps use lua_settable as lua_cmsgpack does (a nil key raises "table index is nil").
      if (f.map) lua.lua_settable(L, -3);
      else lua.lua_rawset(L, -3);
      f.haveKey = false;
      if (--f.left > 0) {
        if (!f.map) lua.lua_pushnumber(L, ++f.index);
        break;
      }
      open.pop();
    }
  }
}

/** mp_unpack_full: limit 0 and offset 0 decode everything and return no offset. */
function unpackFull(L: LuaState, limit: number, offset: number): number {
  const s = latin1Of(lauxlib.luaL_checklstring(L, 1));
  const all = limit === 0 && offset === 0;
  if (offset < 0 || limit < 0) return lauxlib.luaL_error(L, `Invalid request to unpack with offset of ${offset} and limit of ${s.length}.`);
  if (offset > s.length) return lauxlib.luaL_error(L, `Start offset ${offset} greater than input length ${s.length}.`);
  const max = all ? 2147483647 : limit;
  const c = new Cursor(s, offset);
  let cnt = 0;
  for (; c.left > 0 && cnt < max; cnt++) {
    decodeValue(L, c);
    if (c.err === EOF) return lauxlib.luaL_error(L, 'Missing bytes in input.');
    if (c.err === BADFMT) return lauxlib.luaL_error(L, 'Bad data format in input.');
  }
  if (!all) {
    checkStack(L, 1, 'in function mp_unpack_full');
    lua.lua_pushnumber(L, c.left === 0 ? -1 : s.length - c.left);
    lua.lua_insert(L, 2);
    cnt++;
  }
  return cnt;
}

/** luaL_optinteger with Lua 5.1's truncation of non-integral numbers. */
function optInt(L: LuaState, i: number, def: number): number {
  if (lua.lua_type(L, i) <= 0) return def;
  return Math.trunc(lauxlib.luaL_checknumber(L, i));
}

export const openCmsgpack: LuaCFunction = (L) => {
  lua.lua_newtable(L);
  const fns: [string, LuaCFunction][] = [
    ['pack', pack],
    ['unpack', (l) => unpackFull(l, 0, 0)],
    ['unpack_one', (l) => {
      const offset = optInt(l, 2, 0);
      lua.lua_pop(l, lua.lua_gettop(l) - 1); // as C: with no argument at all this empties the stack
      return unpackFull(l, 1, offset);
    }],
    ['unpack_limit', (l) => {
      const limit = Math.trunc(lauxlib.luaL_checknumber(l, 2));
      const offset = optInt(l, 3, 0);
      lua.lua_pop(l, lua.lua_gettop(l) - 1); // as C: with no argument at all this empties the stack
      return unpackFull(l, limit, offset);
    }],
  ];
  for (const [name, f] of fns) {
    lua.lua_pushcfunction(L, f);
    lua.lua_setfield(L, -2, name);
  }
  pushString(L, 'cmsgpack');
  lua.lua_setfield(L, -2, '_NAME');
  pushString(L, 'lua-cmsgpack 0.4.0');
  lua.lua_setfield(L, -2, '_VERSION');
  pushString(L, 'Copyright (C) 2012, Salvatore Sanfilippo');
  lua.lua_setfield(L, -2, '_COPYRIGHT');
  pushString(L, 'MessagePack C implementation for Lua');
  lua.lua_setfield(L, -2, '_DESCRIPTION');
  return 1;
};
