/**
 * The `cjson` library (lua-cjson 2.1 as bundled with Redis):
 * cjson.encode(value), cjson.decode(text), cjson.null and the
 * configuration functions.
 *
 * Encoding follows lua-cjson: numbers with "%.14g" (NaN and ±inf refused),
 * strings escaped for ", \, /, control characters and DEL, bytes >= 0x80
 * passed through; a table whose keys are all positive integers is an
 * array (nil holes become null; "excessively sparse" arrays are refused),
 * any other table an object with string or number keys; an empty table is
 * `{}`. Decoding turns \u escapes into UTF-8 and null into cjson.null.
 * Object member order is the engine's table order, which may differ from
 * C Lua's.
 */
import { lua, lauxlib, bytesOf, latin1Of, pushString, toLatin1, formatG14, type LuaState, type LuaCFunction } from '../lua.js';

/** cjson.null: a light userdata, as lua-cjson's NULL pointer. */
const JSON_NULL = { cjsonNull: true };

interface Config {
  maxDepth: number;
  decodeMaxDepth: number;
  sparseConvert: boolean;
  sparseRatio: number;
  sparseSafe: number;
  precision: number;
}

function escapeChar(code: number): string {
  switch (code) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
    case 0x2f:
      return '\\/';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    default:
      return '\\u00' + (code < 16 ? '0' : '') + code.toString(16);
  }
}

function encodeString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x2f || c === 0x7f) {
      out += s.slice(start, i) + escapeChar(c);
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

function encodeNumber(L: LuaState, n: number, cfg: Config): string {
  if (!Number.isFinite(n)) return lauxlib.luaL_error(L, 'Cannot serialise number: must not be NaN or Inf');
  if (cfg.precision === 14) return formatG14(n);
  return formatG14(Number(n.toPrecision(cfg.precision)));
}

/** Array length if the table at the top is an array, -1 otherwise (lua_array_length). */
function arrayLength(L: LuaState, cfg: Config): number {
  let max = 0;
  let items = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2)) {
    if (lua.lua_type(L, -2) === lua.LUA_TNUMBER) {
      const k = lua.lua_tonumber(L, -2);
      if (Number.isInteger(k) && k >= 1) {
        if (k > max) max = k;
        items++;
        lua.lua_pop(L, 1);
        continue;
      }
    }
    lua.lua_pop(L, 2);
    return -1;
  }
  if (cfg.sparseRatio > 0 && max > items * cfg.sparseRatio && max > cfg.sparseSafe) {
    if (!cfg.sparseConvert) return lauxlib.luaL_error(L, 'Cannot serialise table: excessively sparse array');
    return -1;
  }
  return max;
}

function encodeValue(L: LuaState, cfg: Config, depth: number): string {
  switch (lua.lua_type(L, -1)) {
    case lua.LUA_TSTRING:
      return encodeString(toLatin1(L, -1) ?? '');
    case lua.LUA_TNUMBER:
      return encodeNumber(L, lua.lua_tonumber(L, -1), cfg);
    case lua.LUA_TBOOLEAN:
      return lua.lua_toboolean(L, -1) ? 'true' : 'false';
    case lua.LUA_TNIL:
      return 'null';
    case lua.LUA_TTABLE: {
      depth++;
      if (depth > cfg.maxDepth) return lauxlib.luaL_error(L, `Cannot serialise, excessive nesting (${depth})`);
      lua.lua_checkstack(L, 3);
      const len = arrayLength(L, cfg);
      if (len > 0) {
        const parts: string[] = [];
        for (let i = 1; i <= len; i++) {
          lua.lua_rawgeti(L, -1, i);
          parts.push(encodeValue(L, cfg, depth));
          lua.lua_pop(L, 1);
        }
        return '[' + parts.join(',') + ']';
      }
      const parts: string[] = [];
      lua.lua_pushnil(L);
      while (lua.lua_next(L, -2)) {
        const kt = lua.lua_type(L, -2);
        let key: string;
        if (kt === lua.LUA_TSTRING) key = encodeString(toLatin1(L, -2) ?? '');
        else if (kt === lua.LUA_TNUMBER) key = '"' + encodeNumber(L, lua.lua_tonumber(L, -2), cfg) + '"';
        else return lauxlib.luaL_error(L, 'Cannot serialise table: table key must be a number or string');
        parts.push(key + ':' + encodeValue(L, cfg, depth));
        lua.lua_pop(L, 1);
      }
      return '{' + parts.join(',') + '}';
    }
    default:
      if (lua.lua_topointer(L, -1) === JSON_NULL) return 'null';
      return lauxlib.luaL_error(L, `Cannot serialise ${latin1Of(lua.lua_typename(L, lua.lua_type(L, -1)))}: type not supported`);
  }
}

/** UTF-8 bytes (as latin1 chars) of a code point. */
function utf8(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  if (cp < 0x10000) return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  return String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

class Decoder {
  i = 0;
  constructor(
    readonly L: LuaState,
    readonly s: string,
    readonly cfg: Config,
  ) {}

  fail(what: string, found: string): never {
    return lauxlib.luaL_error(this.L, `Expected ${what} but found ${found} at character ${this.i + 1}`);
  }

  ws(): void {
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }

  value(depth: number): void {
    const L = this.L;
    this.ws();
    const c = this.s[this.i];
    lua.lua_checkstack(L, 3);
    if (c === '{' || c === '[') {
      depth++;
      if (depth > this.cfg.decodeMaxDepth) lauxlib.luaL_error(L, `Found too many nested data structures (${depth}) at character ${this.i + 1}`);
      this.i++;
      lua.lua_newtable(L);
      this.ws();
      if (c === '[') {
        if (this.s[this.i] === ']') {
          this.i++;
          return;
        }
        for (let n = 1; ; n++) {
          this.value(depth);
          lua.lua_rawseti(L, -2, n);
          this.ws();
          const d = this.s[this.i++];
          if (d === ']') return;
          if (d !== ',') {
            this.i--;
            this.fail("comma or array end", d === undefined ? 'T_END' : 'invalid token');
          }
        }
      }
      if (this.s[this.i] === '}') {
        this.i++;
        return;
      }
      for (;;) {
        this.ws();
        if (this.s[this.i] !== '"') this.fail('object key string', this.s[this.i] === undefined ? 'T_END' : 'invalid token');
        pushString(L, this.string());
        this.ws();
        if (this.s[this.i] !== ':') this.fail('colon', this.s[this.i] === undefined ? 'T_END' : 'invalid token');
        this.i++;
        this.value(depth);
        lua.lua_rawset(L, -3);
        this.ws();
        const d = this.s[this.i++];
        if (d === '}') return;
        if (d !== ',') {
          this.i--;
          this.fail('comma or object end', d === undefined ? 'T_END' : 'invalid token');
        }
      }
    }
    if (c === '"') {
      pushString(L, this.string());
      return;
    }
    const rest = this.s.slice(this.i);
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/.exec(rest) ?? /^-?(?:inf|nan|0x[0-9a-fA-F]+)/i.exec(rest);
    if (m && m[0] !== '-' && m[0] !== '') {
      this.i += m[0].length;
      lua.lua_pushnumber(L, Number(m[0]));
      return;
    }
    for (const [word, push] of [
      ['true', () => lua.lua_pushboolean(L, true)],
      ['false', () => lua.lua_pushboolean(L, false)],
      ['null', () => lua.lua_pushlightuserdata(L, JSON_NULL)],
    ] as const) {
      if (rest.startsWith(word)) {
        this.i += word.length;
        push();
        return;
      }
    }
    this.fail('value', c === undefined ? 'T_END' : 'invalid token');
  }

  string(): string {
    const s = this.s;
    this.i++;
    let out = '';
    for (;;) {
      if (this.i >= s.length) return lauxlib.luaL_error(this.L, `Expected string but found T_END at character ${this.i + 1}`);
      const c = s[this.i++];
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = s[this.i++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          let cp = parseInt(s.slice(this.i, this.i + 4), 16);
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(this.i, this.i + 4))) return this.fail('string', 'invalid token');
          this.i += 4;
          if (cp >= 0xd800 && cp <= 0xdbff && s.slice(this.i, this.i + 2) === '\\u') {
            const lo = parseInt(s.slice(this.i + 2, this.i + 6), 16);
            if (lo >= 0xdc00 && lo <= 0xdfff) {
              cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
              this.i += 6;
            }
          }
          out += utf8(cp);
          break;
        }
        default:
          return this.fail('string', 'invalid escape code');
      }
    }
  }
}

export const openCjson: LuaCFunction = (L) => {
  const cfg: Config = { maxDepth: 1000, decodeMaxDepth: 1000, sparseConvert: false, sparseRatio: 2, sparseSafe: 10, precision: 14 };
  lua.lua_newtable(L);
  const set = (name: string, f: LuaCFunction) => {
    lua.lua_pushcfunction(L, f);
    lua.lua_setfield(L, -2, name);
  };
  set('encode', (l) => {
    if (lua.lua_gettop(l) !== 1) return lauxlib.luaL_argerror(l, 1, 'expected 1 argument');
    pushString(l, encodeValue(l, cfg, 0));
    return 1;
  });
  set('decode', (l) => {
    if (lua.lua_gettop(l) !== 1) return lauxlib.luaL_argerror(l, 1, 'expected 1 argument');
    const text = latin1Of(lauxlib.luaL_checklstring(l, 1));
    const d = new Decoder(l, text, cfg);
    d.value(0);
    d.ws();
    if (d.i < text.length) d.fail('the end', 'invalid token');
    return 1;
  });
  const intSetting = (name: string, get: () => number, put: (n: number) => void) =>
    set(name, (l) => {
      if (lua.lua_gettop(l) >= 1 && lua.lua_type(l, 1) !== lua.LUA_TNIL) put(Math.trunc(lauxlib.luaL_checknumber(l, 1)));
      lua.lua_pushnumber(l, get());
      return 1;
    });
  intSetting('encode_max_depth', () => cfg.maxDepth, (n) => (cfg.maxDepth = n));
  intSetting('decode_max_depth', () => cfg.decodeMaxDepth, (n) => (cfg.decodeMaxDepth = n));
  intSetting('encode_number_precision', () => cfg.precision, (n) => (cfg.precision = Math.min(14, Math.max(1, n))));
  set('encode_sparse_array', (l) => {
    if (lua.lua_gettop(l) >= 1) cfg.sparseConvert = lua.lua_toboolean(l, 1);
    if (lua.lua_gettop(l) >= 2) cfg.sparseRatio = lua.lua_tonumber(l, 2);
    if (lua.lua_gettop(l) >= 3) cfg.sparseSafe = lua.lua_tonumber(l, 3);
    lua.lua_pushboolean(l, cfg.sparseConvert);
    lua.lua_pushnumber(l, cfg.sparseRatio);
    lua.lua_pushnumber(l, cfg.sparseSafe);
    return 3;
  });
  const onOff = (name: string) =>
    set(name, (l) => {
      lua.lua_pushboolean(l, true);
      return 1;
    });
  onOff('encode_keep_buffer');
  onOff('encode_invalid_numbers');
  onOff('decode_invalid_numbers');
  lua.lua_pushlightuserdata(L, JSON_NULL);
  lua.lua_setfield(L, -2, 'null');
  pushString(L, 'cjson');
  lua.lua_setfield(L, -2, '_NAME');
  pushString(L, '2.1.0');
  lua.lua_setfield(L, -2, '_VERSION');
  return 1;
};

export { bytesOf };
