/**
 * The `bit` library (LuaBitOp 1.0.2, as bundled with Redis): 32-bit
 * operations on numbers. Arguments are reduced modulo 2^32 (rounding
 * non-integers as LuaBitOp's "2^52+2^51" trick does) and results are
 * signed 32-bit numbers.
 */
import { lua, lauxlib, pushString, type LuaState, type LuaCFunction } from '../lua.js';

/** LuaBitOp's barg(): number → int32, rounding to nearest-even then wrapping. */
function barg(L: LuaState, i: number): number {
  const n = lauxlib.luaL_checknumber(L, i);
  // Round half to even, as adding 2^52+2^51 in double arithmetic does.
  let r = Math.round(n);
  if (Math.abs(n % 1) === 0.5 && r % 2 !== 0) r -= 1;
  if (!Number.isFinite(r)) return 0;
  return Number(BigInt.asIntN(32, BigInt(r)));
}

function ret(L: LuaState, v: number): number {
  lua.lua_pushnumber(L, v | 0);
  return 1;
}

const fold = (op: (a: number, b: number) => number): LuaCFunction => (L) => {
  let v = barg(L, 1);
  const n = lua.lua_gettop(L);
  for (let i = 2; i <= n; i++) v = op(v, barg(L, i));
  return ret(L, v);
};

export const openBit: LuaCFunction = (L) => {
  lua.lua_newtable(L);
  const fns: [string, LuaCFunction][] = [
    ['tobit', (l) => ret(l, barg(l, 1))],
    ['bnot', (l) => ret(l, ~barg(l, 1))],
    ['band', fold((a, b) => a & b)],
    ['bor', fold((a, b) => a | b)],
    ['bxor', fold((a, b) => a ^ b)],
    ['lshift', (l) => ret(l, barg(l, 1) << (barg(l, 2) & 31))],
    ['rshift', (l) => ret(l, barg(l, 1) >>> (barg(l, 2) & 31))],
    ['arshift', (l) => ret(l, barg(l, 1) >> (barg(l, 2) & 31))],
    ['rol', (l) => { const b = barg(l, 1); const n = barg(l, 2) & 31; return ret(l, (b << n) | (b >>> ((32 - n) & 31))); }],
    ['ror', (l) => { const b = barg(l, 1); const n = barg(l, 2) & 31; return ret(l, (b >>> n) | (b << ((32 - n) & 31))); }],
    ['bswap', (l) => { const b = barg(l, 1); return ret(l, ((b >>> 24) | ((b >>> 8) & 0xff00) | ((b & 0xff00) << 8) | (b << 24))); }],
    ['tohex', (l) => {
      let b = barg(l, 1);
      let n = lua.lua_type(l, 2) <= 0 ? 8 : barg(l, 2);
      let upper = false;
      if (n < 0) { n = -n; upper = true; }
      if (n > 8) n = 8;
      let s = '';
      const hex = upper ? '0123456789ABCDEF' : '0123456789abcdef';
      for (let i = 0; i < n; i++) { s = hex[b & 15] + s; b >>>= 4; }
      pushString(l, s);
      return 1;
    }],
  ];
  for (const [name, f] of fns) {
    lua.lua_pushcfunction(L, f);
    lua.lua_setfield(L, -2, name);
  }
  return 1;
};
