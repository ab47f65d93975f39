/**
 * Conversions between Redis replies and Lua values, by Redis's rules
 * (script_lua.c):
 *
 * Redis → Lua (a command's reply, read from the script client's RESP):
 *   integer → number; bulk → string; null bulk / null array → false;
 *   array → table; status → {ok=s}; error → {err=s}; RESP3: null → nil,
 *   map → {map={...}}, set → {set={[m]=true}}, boolean → boolean,
 *   double → {double=n}, big number → {big_number=s},
 *   verbatim → {verbatim_string={format=f, string=s}}; attributes skipped.
 *
 * Lua → Redis (the script's return value):
 *   string → bulk; number → integer (truncated); true → 1 (RESP2) or
 *   #t; false → null (RESP2) or #f; nil → null; {err=s} → error;
 *   {ok=s} → status; {double=n}, {big_number=s}, {verbatim_string=...},
 *   {map=...}, {set=...}; other tables → array of t[1], t[2], ... up to
 *   the first nil.
 */
import { lua, pushString, toLatin1, type LuaState } from './lua.js';
import { formatDouble } from '../../datatypes/numbers.js';
import type { Client } from '../client.js';

/** Cursor over one RESP reply (latin1 text written by a Client). */
interface Cursor {
  s: string;
  i: number;
}

function line(c: Cursor): string {
  const end = c.s.indexOf('\r\n', c.i);
  const l = c.s.slice(c.i, end);
  c.i = end + 2;
  return l;
}

/** Push the Lua value of the RESP reply at the cursor (null pushes nothing when `skip`). */
export function pushReply(L: LuaState, c: Cursor, skip = false): void {
  const type = c.s[c.i++];
  lua.lua_checkstack(L, 4);
  switch (type) {
    case ':': {
      const n = Number(line(c));
      if (!skip) lua.lua_pushnumber(L, n);
      return;
    }
    case '$': {
      const len = Number(line(c));
      if (len < 0) {
        if (!skip) lua.lua_pushboolean(L, false);
        return;
      }
      if (!skip) pushString(L, c.s.slice(c.i, c.i + len));
      c.i += len + 2;
      return;
    }
    case '+':
    case '-': {
      const text = line(c);
      if (skip) return;
      lua.lua_createtable(L, 0, 1);
      if (type === '+') {
        pushString(L, text);
        lua.lua_setfield(L, -2, 'ok');
      } else {
        pushString(L, text.replace(/[\r\n]+$/, ''));
        lua.lua_setfield(L, -2, 'err');
        // Already counted in the error stats when the command failed.
        lua.lua_pushboolean(L, true);
        lua.lua_setfield(L, -2, 'ignore_error_stats_update');
      }
      return;
    }
    case '*':
    case '~':
    case '%':
    case '>': {
      const n = Number(line(c));
      if (n < 0) {
        if (!skip) lua.lua_pushboolean(L, false);
        return;
      }
      if (skip) {
        const items = type === '%' ? 2 * n : n;
        for (let j = 0; j < items; j++) pushReply(L, c, true);
        return;
      }
      if (type === '*' || type === '>') {
        lua.lua_createtable(L, n, 0);
        for (let j = 1; j <= n; j++) {
          pushReply(L, c);
          lua.lua_rawseti(L, -2, j);
        }
        return;
      }
      lua.lua_createtable(L, 0, 1);
      lua.lua_createtable(L, 0, n);
      for (let j = 0; j < n; j++) {
        pushReply(L, c);
        if (type === '%') pushReply(L, c);
        else lua.lua_pushboolean(L, true);
        lua.lua_settable(L, -3);
      }
      lua.lua_setfield(L, -2, type === '%' ? 'map' : 'set');
      return;
    }
    case '_':
      line(c);
      if (!skip) lua.lua_pushnil(L);
      return;
    case '#': {
      const t = line(c) === 't';
      if (!skip) lua.lua_pushboolean(L, t);
      return;
    }
    case ',': {
      const t = line(c);
      if (skip) return;
      lua.lua_createtable(L, 0, 1);
      lua.lua_pushnumber(L, t === 'inf' ? Infinity : t === '-inf' ? -Infinity : t === 'nan' ? NaN : Number(t));
      lua.lua_setfield(L, -2, 'double');
      return;
    }
    case '(': {
      const t = line(c);
      if (skip) return;
      lua.lua_createtable(L, 0, 1);
      pushString(L, t);
      lua.lua_setfield(L, -2, 'big_number');
      return;
    }
    case '=': {
      const len = Number(line(c));
      const body = c.s.slice(c.i, c.i + len);
      c.i += len + 2;
      if (skip) return;
      lua.lua_createtable(L, 0, 1);
      lua.lua_createtable(L, 0, 2);
      pushString(L, body.slice(4));
      lua.lua_setfield(L, -2, 'string');
      pushString(L, body.slice(0, 3));
      lua.lua_setfield(L, -2, 'format');
      lua.lua_setfield(L, -2, 'verbatim_string');
      return;
    }
    case '|': {
      const n = Number(line(c));
      for (let j = 0; j < 2 * n; j++) pushReply(L, c, true);
      pushReply(L, c, skip);
      return;
    }
    default:
      throw new Error(`unexpected reply type ${JSON.stringify(type)} in a script call`);
  }
}

const LLONG_MIN = '-9223372036854775808';

/** (long long) of a double, as x86 converts: out of range and NaN give LLONG_MIN. */
export function truncToLongLong(n: number): string {
  if (!(n > -9223372036854775808 && n < 9223372036854775808)) return n === -9223372036854775808 ? LLONG_MIN : LLONG_MIN;
  const t = Math.trunc(n);
  if (Number.isSafeInteger(t)) return String(t === 0 ? 0 : t);
  return BigInt(t).toString();
}

/** What the error of a failed script says (luaExtractErrorInformation). */
export interface ErrorInfo {
  msg: string | null;
  source: string | null;
  line: string | null;
  ignoreStats: boolean;
}

function field(L: LuaState, idx: number, name: string): string | null {
  lua.lua_getfield(L, idx, name);
  const v = lua.lua_isstring(L, -1) ? toLatin1(L, -1) : null;
  lua.lua_pop(L, 1);
  return v;
}

/** Read the error table (or string) at the top of the stack. */
export function extractErrorInfo(L: LuaState): ErrorInfo {
  const info: ErrorInfo = { msg: null, source: null, line: null, ignoreStats: false };
  if (lua.lua_type(L, -1) === lua.LUA_TSTRING || lua.lua_type(L, -1) === lua.LUA_TNUMBER) {
    info.msg = 'ERR ' + toLatin1(L, -1);
    return info;
  }
  if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) return info;
  info.msg = field(L, -1, 'err');
  info.source = field(L, -1, 'source');
  info.line = field(L, -1, 'line');
  lua.lua_getfield(L, -1, 'ignore_error_stats_update');
  info.ignoreStats = lua.lua_type(L, -1) === lua.LUA_TBOOLEAN && lua.lua_toboolean(L, -1);
  lua.lua_pop(L, 1);
  return info;
}

/** Write an error reply, counting it in the error stats unless it already was. */
export function replyError(c: Client, msg: string, ignoreStats: boolean): void {
  if (ignoreStats) c.addRaw('-' + msg.replace(/[\r\n]/g, ' ') + '\r\n');
  else c.addError(msg);
}

function rawField(L: LuaState, name: string): number {
  pushString(L, name);
  return lua.lua_rawget(L, -2);
}

/**
 * Reply to `c` with the Lua value at the top of the stack (consumed).
 * `scriptResp` is the protocol the script selected with redis.setresp.
 */
export function replyFromLua(c: Client, L: LuaState, scriptResp: number): void {
  const t = lua.lua_type(L, -1);
  lua.lua_checkstack(L, 4);
  switch (t) {
    case lua.LUA_TSTRING:
      c.addBulk(toLatin1(L, -1) ?? '');
      break;
    case lua.LUA_TBOOLEAN: {
      const b = lua.lua_toboolean(L, -1);
      if (scriptResp === 2) {
        if (b) c.addInt(1);
        else c.addNull();
      } else c.addBool(b);
      break;
    }
    case lua.LUA_TNUMBER:
      c.addRaw(':' + truncToLongLong(lua.lua_tonumber(L, -1)) + '\r\n');
      break;
    case lua.LUA_TTABLE: {
      if (rawField(L, 'err') === lua.LUA_TSTRING) {
        lua.lua_pop(L, 1);
        const info = extractErrorInfo(L);
        replyError(c, info.msg ?? '', info.ignoreStats);
        break;
      }
      lua.lua_pop(L, 1);
      if (rawField(L, 'ok') === lua.LUA_TSTRING) {
        c.addStatus((toLatin1(L, -1) ?? '').replace(/[\r\n]/g, ' '));
        lua.lua_pop(L, 1);
        break;
      }
      lua.lua_pop(L, 1);
      if (rawField(L, 'double') === lua.LUA_TNUMBER) {
        c.addDouble(lua.lua_tonumber(L, -1));
        lua.lua_pop(L, 1);
        break;
      }
      lua.lua_pop(L, 1);
      if (rawField(L, 'big_number') === lua.LUA_TSTRING) {
        const s = (toLatin1(L, -1) ?? '').replace(/[\r\n]/g, ' ');
        c.addRaw(c.resp === 2 ? '$' + s.length + '\r\n' + s + '\r\n' : '(' + s + '\r\n');
        lua.lua_pop(L, 1);
        break;
      }
      lua.lua_pop(L, 1);
      if (rawField(L, 'verbatim_string') === lua.LUA_TTABLE) {
        const format = field(L, -1, 'format');
        lua.lua_getfield(L, -1, 'string');
        const isStr = lua.lua_type(L, -1) === lua.LUA_TSTRING;
        const str = isStr ? toLatin1(L, -1) : null;
        lua.lua_pop(L, 1);
        if (format !== null && str !== null) {
          c.addVerbatim(str, format.slice(0, 3));
          lua.lua_pop(L, 1);
          break;
        }
      }
      lua.lua_pop(L, 1);
      if (rawField(L, 'map') === lua.LUA_TTABLE) {
        const saved = c.out;
        c.out = '';
        let n = 0;
        lua.lua_pushnil(L);
        while (lua.lua_next(L, -2)) {
          lua.lua_pushvalue(L, -2);
          replyFromLua(c, L, scriptResp);
          replyFromLua(c, L, scriptResp);
          n++;
        }
        const body = c.out;
        c.out = saved;
        c.addMapLen(n);
        c.addRaw(body);
        lua.lua_pop(L, 1);
        break;
      }
      lua.lua_pop(L, 1);
      if (rawField(L, 'set') === lua.LUA_TTABLE) {
        const saved = c.out;
        c.out = '';
        let n = 0;
        lua.lua_pushnil(L);
        while (lua.lua_next(L, -2)) {
          lua.lua_pop(L, 1);
          lua.lua_pushvalue(L, -1);
          replyFromLua(c, L, scriptResp);
          n++;
        }
        const body = c.out;
        c.out = saved;
        c.addSetLen(n);
        c.addRaw(body);
        lua.lua_pop(L, 1);
        break;
      }
      lua.lua_pop(L, 1);
      const saved = c.out;
      c.out = '';
      let n = 0;
      for (let j = 1; ; j++) {
        if (lua.lua_rawgeti(L, -1, j) === lua.LUA_TNIL) {
          lua.lua_pop(L, 1);
          break;
        }
        replyFromLua(c, L, scriptResp);
        n++;
      }
      const body = c.out;
      c.out = saved;
      c.addArrayLen(n);
      c.addRaw(body);
      break;
    }
    default:
      c.addNull();
  }
  lua.lua_pop(L, 1);
}

/** An argument of redis.call: strings as they are, numbers as "%.17g". */
export function argFromLua(L: LuaState, idx: number): string | null {
  const t = lua.lua_type(L, idx);
  if (t === lua.LUA_TNUMBER) return formatDouble(lua.lua_tonumber(L, idx));
  if (t === lua.LUA_TSTRING) return toLatin1(L, idx);
  return null;
}
