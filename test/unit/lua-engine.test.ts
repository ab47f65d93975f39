import { describe, expect, it } from 'vitest';
import { formatG14, lua, lauxlib, bytesOf, latin1Of, compileErrorAs51 } from '../../server/scripting/lua.js';
import { crc64, decodeFunctionsPayload, encodeFunctionsPayload, lzfDecompress } from '../../server/scripting/dump.js';
import { truncToLongLong } from '../../server/scripting/convert.js';
import { createSandbox, Lrand48, type RedisApiFunctions } from '../../server/scripting/sandbox.js';

const noop = () => 0;
const api: RedisApiFunctions = { call: noop, pcall: noop, setresp: noop, set_repl: noop, log: noop, acl_check_cmd: noop, running: () => true };

/** Run code in a fresh sandbox and return the string of its first result (or the error). */
function run(code: string): string {
  const { L } = createSandbox(api, new Lrand48(), true);
  if (lauxlib.luaL_loadbufferx(L, bytesOf(code), code.length, bytesOf('@user_script'), null) !== lua.LUA_OK) return 'compile: ' + latin1Of(lua.lua_tolstring(L, -1) ?? new Uint8Array());
  const status = lua.lua_pcall(L, 0, 1, 0);
  const v = lua.lua_tolstring(L, -1);
  return (status === lua.LUA_OK ? '' : 'error: ') + (v === null ? String(lua.lua_toboolean(L, -1)) : latin1Of(v));
}

describe('Lua 5.1 numbers on the 5.3 engine', () => {
  it('formats as %.14g', () => {
    const cases: [number, string][] = [
      [5, '5'], [0.1, '0.1'], [1e15, '1e+15'], [1e20, '1e+20'], [1e-5, '1e-05'], [2 ** 63, '9.2233720368548e+18'],
      [123456789012345, '1.2345678901234e+14'], [-2.5, '-2.5'], [Infinity, 'inf'], [-Infinity, '-inf'], [1 / 3, '0.33333333333333'],
    ];
    for (const [n, s] of cases) expect(formatG14(n)).toBe(s);
  });

  it('never produces 32-bit integers that wrap', () => {
    expect(run('return tostring(10/2)')).toBe('5');
    expect(run('return tostring(2147483647 + 1)')).toBe('2147483648');
    expect(run('return tostring(1700000000 * 1000)')).toBe('1700000000000');
    expect(run("return tostring(tonumber('4294967296') * 2)")).toBe('8589934592');
    expect(run('return tostring(math.floor(3.7) * 1e9)')).toBe('3000000000');
  });

  it('truncates returned numbers as a C cast does', () => {
    expect(truncToLongLong(3.99)).toBe('3');
    expect(truncToLongLong(-3.99)).toBe('-3');
    expect(truncToLongLong(Infinity)).toBe('-9223372036854775808');
    expect(truncToLongLong(NaN)).toBe('-9223372036854775808');
    expect(truncToLongLong(2 ** 62)).toBe('4611686018427387904');
  });
});

describe('sandbox', () => {
  it('has the 5.1 names and Redis libraries, not os/io/require', () => {
    expect(run("return type(unpack) .. type(loadstring) .. type(table.getn) .. type(math.pow) .. type(cjson) .. type(bit)")).toBe('functionfunctionfunctionfunctiontabletable');
    expect(run('return os')).toMatch(/Script attempted to access nonexistent global variable 'os'/);
    expect(run('x = 1')).toMatch(/Attempt to modify a readonly table/);
    expect(run("rawset(_G, 'x', 1)")).toMatch(/Attempt to modify a readonly table/);
    expect(run('local t = {} t.a = 1 return t.a')).toBe('1');
  });

  it('keeps every byte of strings', () => {
    const all = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    expect(latin1Of(bytesOf(all))).toBe(all);
    expect(run("return #'\\0\\255\\128'")).toBe('3');
  });

  it('reports 5.1 syntax error texts', () => {
    expect(compileErrorAs51("user_script:1: syntax error near 'urn'")).toBe("user_script:1: '=' expected near 'urn'");
  });

  it('math.random follows Redis lrand48 from its initial seed', () => {
    const r = new Lrand48();
    const firsts = [0, 1, 2].map(() => Math.floor(((r.next() % 2147483647) / 2147483647) * 1000) + 1);
    expect(firsts).toEqual([397, 841, 354]);
  });
});

describe('bit and cjson', () => {
  it('bit works on signed 32-bit values', () => {
    expect(run('return bit.band(0xff, 0x0f) .. bit.tohex(65535) .. bit.bnot(0) .. bit.lshift(1, 31) .. bit.tobit(2^32 + 5)')).toBe('150000ffff-1-21474836485');
    expect(run('return bit.tohex(255, -4)')).toBe('00FF');
  });

  it('cjson encodes and decodes as lua-cjson', () => {
    expect(run("return cjson.encode({1, 'a/b', {x = true}, 0.5})")).toBe('[1,"a\\/b",{"x":true},0.5]');
    expect(run('return cjson.encode({})')).toBe('{}');
    expect(run("return cjson.encode(cjson.decode('[1,null,\"\\\\u00e9\"]'))")).toBe('[1,null,"\u00c3\u00a9"]');
    expect(run('return cjson.encode({[1] = 1, [100] = 2})')).toMatch(/excessively sparse array/);
    expect(run("return cjson.decode('[1,')")).toMatch(/Expected value but found T_END/);
  });
});

describe('FUNCTION DUMP payloads', () => {
  it('crc64 is Redis crc64 (Jones)', () => {
    expect(crc64('123456789').toString(16)).toBe('e9c6d914c4b8d9ca');
  });

  it('round-trips and rejects bad checksums', () => {
    const p = encodeFunctionsPayload(['#!lua name=a\nx', 'y'.repeat(20000)]);
    expect(decodeFunctionsPayload(p)).toEqual(['#!lua name=a\nx', 'y'.repeat(20000)]);
    expect(decodeFunctionsPayload(p.slice(0, -1) + 'x')).toBe('ERR DUMP payload version or checksum are wrong');
  });

  it('reads LZF-compressed strings', () => {
    // "aaaaaaaaaa": a 1-byte literal then a back-reference of length 9 at distance 1.
    expect(lzfDecompress('\x00a\xe0\x00\x00', 10)).toBe('aaaaaaaaaa');
  });
});
