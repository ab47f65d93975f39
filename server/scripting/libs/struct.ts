/**
 * The `struct` library (Roberto Ierusalimschy's struct, as bundled with
 * Redis): struct.pack(fmt, ...), struct.unpack(fmt, data [, pos]) and
 * struct.size(fmt), with the x86-64 sizes Redis is built with (short 2,
 * int 4, long and size_t 8, max alignment 8, native little-endian).
 *
 * Format: `<` `>` endianness, `![n]` max alignment, `x` pad byte,
 * `b B h H l L T i[n] I[n]` integers (n up to 32 bytes), `f d` floats,
 * `c[n]` fixed chars (c0: whole string / previous number's length),
 * `s` zero-terminated string, spaces ignored.
 */
import { lua, lauxlib, latin1Of, pushString, type LuaState, type LuaCFunction } from '../lua.js';

const MAXINTSIZE = 32;
const MAXALIGN = 8;
const INT_MAX = 2147483647;

interface Header {
  little: boolean;
  align: number;
}

/** A cursor over the format string. */
interface Fmt {
  s: string;
  i: number;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isPow2 = (x: number): boolean => x > 0 && (x & (x - 1)) === 0;

function getnum(L: LuaState, f: Fmt, df: number): number {
  if (!isDigit(f.s.charCodeAt(f.i))) return df;
  let a = 0;
  do {
    const d = f.s.charCodeAt(f.i) - 48;
    if (a > Math.floor(INT_MAX / 10) || a * 10 > INT_MAX - d) lauxlib.luaL_error(L, 'integral size overflow');
    a = a * 10 + d;
    f.i++;
  } while (isDigit(f.s.charCodeAt(f.i)));
  return a;
}

function optsize(L: LuaState, opt: string, f: Fmt): number {
  switch (opt) {
    case 'B': case 'b': case 'x': return 1;
    case 'H': case 'h': return 2;
    case 'L': case 'l': case 'T': case 'd': return 8;
    case 'f': return 4;
    case 'c': return getnum(L, f, 1);
    case 's': case ' ': case '<': case '>': case '!': return 0;
    case 'i': case 'I': {
      const sz = getnum(L, f, 4);
      if (sz > MAXINTSIZE) lauxlib.luaL_error(L, `integral size ${sz} is larger than limit of ${MAXINTSIZE}`);
      return sz;
    }
    default:
      return lauxlib.luaL_argerror(L, 1, `invalid format option '${opt}'`);
  }
}

/** Padding before an item of `size` bytes at offset `len` (the C formula, also for non-power-of-2 sizes). */
function gettoalign(len: number, h: Header, opt: string, size: number): number {
  if (size === 0 || opt === 'c') return 0;
  if (size > h.align) size = h.align;
  return (size - (len & (size - 1))) & (size - 1);
}

function controloptions(L: LuaState, opt: string, f: Fmt, h: Header): void {
  switch (opt) {
    case ' ': return;
    case '>': h.little = false; return;
    case '<': h.little = true; return;
    case '!': {
      const a = getnum(L, f, MAXALIGN);
      if (!isPow2(a)) lauxlib.luaL_error(L, `alignment ${a} is not a power of 2`);
      h.align = a;
      return;
    }
    default:
      lauxlib.luaL_argerror(L, 1, `invalid format option '${opt}'`);
  }
}

const isIntOpt = (opt: string): boolean => 'bBhHlLTiI'.includes(opt);

/** A double as the uint64 a C cast gives (negatives through int64; truncation toward zero). */
function toUint64(n: number): bigint {
  if (!Number.isFinite(n)) return 0x8000000000000000n;
  const t = Math.trunc(n);
  if (t < 0) return t < -9223372036854775808 ? 0x8000000000000000n : BigInt.asUintN(64, BigInt(t));
  return t >= 18446744073709551616 ? 0n : BigInt(t);
}

function intBytes(n: number, size: number, little: boolean): string {
  let v = toUint64(n);
  const bytes: number[] = new Array<number>(size);
  for (let i = 0; i < size; i++) {
    // Only the low 8 bytes carry the value; wider integers get zeros above.
    bytes[little ? i : size - 1 - i] = i < 8 ? Number(v & 0xffn) : 0;
    if (i < 8) v >>= 8n;
  }
  return String.fromCharCode(...bytes);
}

function readInt(data: string, pos: number, size: number, little: boolean, signed: boolean): number {
  let l = 0n;
  for (let k = 0; k < size; k++) {
    const b = data.charCodeAt(little ? pos + size - 1 - k : pos + k);
    l = BigInt.asUintN(64, (l << 8n) | BigInt(b));
  }
  if (!signed) return Number(l);
  if (size < 8) {
    const mask = 1n << BigInt(size * 8 - 1);
    return Number((l ^ mask) - mask);
  }
  return Number(BigInt.asIntN(64, l));
}

const f32 = new Float32Array(1);
const f32Bytes = new Uint8Array(f32.buffer);
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

function memBytes(u: Uint8Array, little: boolean): string {
  let s = '';
  if (little) for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]);
  else for (let i = u.length - 1; i >= 0; i--) s += String.fromCharCode(u[i]);
  return s;
}

function loadMem(u: Uint8Array, data: string, pos: number, little: boolean): void {
  const n = u.length;
  for (let i = 0; i < n; i++) u[little ? i : n - 1 - i] = data.charCodeAt(pos + i);
}

const pack: LuaCFunction = (L) => {
  const f: Fmt = { s: latin1Of(lauxlib.luaL_checklstring(L, 1)), i: 0 };
  const h: Header = { little: true, align: 1 };
  // The C code pushes a nil mark after the arguments: a missing first value reads as nil.
  lua.lua_pushnil(L);
  let arg = 2;
  let total = 0;
  const out: string[] = [];
  while (f.i < f.s.length) {
    const opt = f.s[f.i++];
    let size = optsize(L, opt, f);
    const pad = gettoalign(total, h, opt, size);
    total += pad;
    if (pad > 0) out.push('\0'.repeat(pad));
    if (isIntOpt(opt)) {
      out.push(intBytes(lauxlib.luaL_checknumber(L, arg++), size, h.little));
    } else if (opt === 'x') {
      out.push('\0');
    } else if (opt === 'f') {
      f32[0] = lauxlib.luaL_checknumber(L, arg++);
      out.push(memBytes(f32Bytes, h.little));
    } else if (opt === 'd') {
      f64[0] = lauxlib.luaL_checknumber(L, arg++);
      out.push(memBytes(f64Bytes, h.little));
    } else if (opt === 'c' || opt === 's') {
      const s = latin1Of(lauxlib.luaL_checklstring(L, arg++));
      if (size === 0) size = s.length;
      // As the C code, the argument number reported is the one after the string's.
      if (s.length < size) lauxlib.luaL_argerror(L, arg, 'string too short');
      out.push(s.slice(0, size));
      if (opt === 's') {
        out.push('\0');
        size++;
      }
    } else {
      controloptions(L, opt, f, h);
    }
    total += size;
  }
  pushString(L, out.join(''));
  return 1;
};

const unpack: LuaCFunction = (L) => {
  const f: Fmt = { s: latin1Of(lauxlib.luaL_checklstring(L, 1)), i: 0 };
  const data = latin1Of(lauxlib.luaL_checklstring(L, 2));
  const ld = data.length;
  let pos = lua.lua_type(L, 3) <= 0 ? 1 : Math.trunc(lauxlib.luaL_checknumber(L, 3));
  // pos is a size_t in C: a negative offset wraps to a huge one (then "too short").
  if (pos === 0) lauxlib.luaL_argerror(L, 3, 'offset must be 1 or greater');
  if (pos < 0) pos = Number.MAX_SAFE_INTEGER;
  pos--;
  const h: Header = { little: true, align: 1 };
  let n = 0;
  while (f.i < f.s.length) {
    const opt = f.s[f.i++];
    let size = optsize(L, opt, f);
    pos += gettoalign(pos, h, opt, size);
    if (!(size <= ld && pos <= ld - size)) lauxlib.luaL_argerror(L, 2, 'data string too short');
    // Lua 5.1 gives a C function at most 8000 stack slots (LUAI_MAXCSTACK).
    if (lua.lua_gettop(L) + 2 > 8000 || !lua.lua_checkstack(L, 4)) lauxlib.luaL_error(L, 'stack overflow (too many results)');
    if (isIntOpt(opt)) {
      lua.lua_pushnumber(L, readInt(data, pos, size, h.little, opt === opt.toLowerCase()));
      n++;
    } else if (opt === 'x') {
      // padding only
    } else if (opt === 'f') {
      loadMem(f32Bytes, data, pos, h.little);
      lua.lua_pushnumber(L, f32[0]);
      n++;
    } else if (opt === 'd') {
      loadMem(f64Bytes, data, pos, h.little);
      lua.lua_pushnumber(L, f64[0]);
      n++;
    } else if (opt === 'c') {
      if (size === 0) {
        if (n === 0 || !lua.lua_isnumber(L, -1)) lauxlib.luaL_error(L, "format 'c0' needs a previous size");
        size = Math.trunc(lua.lua_tonumber(L, -1));
        lua.lua_pop(L, 1);
        n--;
        if (!(size <= ld && pos <= ld - size)) lauxlib.luaL_argerror(L, 2, 'data string too short');
      }
      pushString(L, data.slice(pos, pos + size));
      n++;
    } else if (opt === 's') {
      const e = data.indexOf('\0', pos);
      if (e < 0) lauxlib.luaL_error(L, 'unfinished string in data');
      size = e - pos + 1;
      pushString(L, data.slice(pos, e));
      n++;
    } else {
      controloptions(L, opt, f, h);
    }
    pos += size;
  }
  lua.lua_pushnumber(L, pos + 1);
  return n + 1;
};

const size: LuaCFunction = (L) => {
  const f: Fmt = { s: latin1Of(lauxlib.luaL_checklstring(L, 1)), i: 0 };
  const h: Header = { little: true, align: 1 };
  let pos = 0;
  while (f.i < f.s.length) {
    const opt = f.s[f.i++];
    const sz = optsize(L, opt, f);
    pos += gettoalign(pos, h, opt, sz);
    if (opt === 's') lauxlib.luaL_argerror(L, 1, "option 's' has no fixed size");
    else if (opt === 'c' && sz === 0) lauxlib.luaL_argerror(L, 1, "option 'c0' has no fixed size");
    if (!/[0-9A-Za-z]/.test(opt)) controloptions(L, opt, f, h);
    pos += sz;
  }
  lua.lua_pushnumber(L, pos);
  return 1;
};

export const openStruct: LuaCFunction = (L) => {
  lua.lua_newtable(L);
  const fns: [string, LuaCFunction][] = [['pack', pack], ['unpack', unpack], ['size', size]];
  for (const [name, fn] of fns) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, name);
  }
  return 1;
};
