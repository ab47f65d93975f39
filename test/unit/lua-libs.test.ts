import { describe, expect, it } from 'vitest';
import { lua, lauxlib, bytesOf, latin1Of } from '../../server/scripting/lua.js';
import { createSandbox, Lrand48, type RedisApiFunctions } from '../../server/scripting/sandbox.js';

const noop = () => 0;
const api: RedisApiFunctions = { call: noop, pcall: noop, setresp: noop, set_repl: noop, log: noop, acl_check_cmd: noop, running: () => true };

/** Run code in a fresh sandbox and return its first result as a string (or the error). */
function run(code: string): string {
  const { L } = createSandbox(api, new Lrand48(), true);
  if (lauxlib.luaL_loadbufferx(L, bytesOf(code), code.length, bytesOf('@user_script'), null) !== lua.LUA_OK) return 'compile: ' + latin1Of(lua.lua_tolstring(L, -1) ?? new Uint8Array());
  const status = lua.lua_pcall(L, 0, 1, 0);
  const v = lua.lua_tolstring(L, -1);
  return (status === lua.LUA_OK ? '' : 'error: ') + (v === null ? String(lua.lua_toboolean(L, -1)) : latin1Of(v));
}

const hex = (s: string): string => [...s].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(' ');

describe('cmsgpack', () => {
  it('packs integers in the smallest form', () => {
    expect(hex(run('return cmsgpack.pack(0, 127, 128, 256, 65536, 4294967296)'))).toBe(
      '00 7f cc 80 cd 01 00 ce 00 01 00 00 cf 00 00 00 01 00 00 00 00');
    expect(hex(run('return cmsgpack.pack(-1, -32, -33, -129, -32769, -2147483649)'))).toBe(
      'ff e0 d0 df d1 ff 7f d2 ff ff 7f ff d3 ff ff ff ff 7f ff ff ff');
  });

  it('packs floats as float32 when exact, else float64', () => {
    expect(hex(run('return cmsgpack.pack(1.5)'))).toBe('ca 3f c0 00 00');
    expect(hex(run('return cmsgpack.pack(0.1)'))).toBe('cb 3f b9 99 99 99 99 99 9a');
    expect(hex(run('return cmsgpack.pack(2^63)'))).toBe('ca 5f 00 00 00');
  });

  it('packs strings, booleans, nil, arrays and maps', () => {
    expect(hex(run('return cmsgpack.pack("ab", true, false, nil, {}, {1,2}, {a=1})'))).toBe(
      'a2 61 62 c3 c2 c0 90 92 01 02 81 a1 61 01');
    expect(hex(run('return cmsgpack.pack(string.rep("x", 32))').slice(0, 2))).toBe('d9 20');
    expect(run('return cmsgpack.pack()')).toBe("error: user_script:1: bad argument #0 to 'pack' (MessagePack pack needs input.)");
  });

  it('round-trips and reports offsets', () => {
    expect(run('local t = cmsgpack.unpack(cmsgpack.pack({1, {a="b"}, -70000})) return t[2].a .. t[3]')).toBe('b-70000');
    expect(run('local o, v = cmsgpack.unpack_one(cmsgpack.pack(10, 20)) return o .. ":" .. v')).toBe('1:10');
    expect(run('local o, v = cmsgpack.unpack_one(cmsgpack.pack(10, 20), 1) return o .. ":" .. v')).toBe('-1:20');
    expect(run('local o, a, b = cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2) return o .. a .. b')).toBe('212');
    expect(run('return cmsgpack.unpack("\\205\\1")')).toBe('error: user_script:1: Missing bytes in input.');
    expect(run('return cmsgpack.unpack("\\193")')).toBe('error: user_script:1: Bad data format in input.');
  });

  it('fails deep nesting as Lua 5.1 does (8000 stack slots), without JS recursion', () => {
    expect(run('return type(cmsgpack.unpack(string.rep("\\145", 3999) .. "\\1"))')).toBe('table');
    expect(run('return cmsgpack.unpack(string.rep("\\145", 100000) .. "\\1")')).toBe(
      'error: user_script:1: stack overflow (in function mp_decode_to_lua_array)');
  });
});

describe('struct', () => {
  it('packs integers with endianness and alignment', () => {
    expect(hex(run('return struct.pack("<h>h", 1, 1)'))).toBe('01 00 00 01');
    expect(hex(run('return struct.pack("!4bi", 1, -2)'))).toBe('01 00 00 00 fe ff ff ff');
    expect(hex(run('return struct.pack("i16", -2)'))).toBe('fe ff ff ff ff ff ff ff 00 00 00 00 00 00 00 00');
    expect(hex(run('return struct.pack("s c0", "a", "bc")'))).toBe('61 00 62 63');
  });

  it('unpacks values and the next position', () => {
    expect(run('local a, b, p = struct.unpack(">hH", "\\255\\254\\255\\254") return a .. " " .. b .. " " .. p')).toBe('-2 65534 5');
    expect(run('local a, b = struct.unpack("bc0", "\\2xyz") return a .. b')).toBe("xy4");
    expect(run('local a = struct.unpack("d", struct.pack("d", 0.1)) return tostring(a)')).toBe('0.1');
    expect(run('return struct.unpack("b", "", 0)')).toBe("error: user_script:1: bad argument #3 to 'unpack' (offset must be 1 or greater)");
    expect(run('return struct.unpack("i", "ab")')).toBe("error: user_script:1: bad argument #2 to 'unpack' (data string too short)");
  });

  it('computes sizes and rejects bad formats', () => {
    expect(run('return struct.size(">!4bi8T")')).toBe('20');
    expect(run('return struct.size("s")')).toBe("error: user_script:1: bad argument #1 to 'size' (option 's' has no fixed size)");
    expect(run('return struct.pack("y", 1)')).toBe("error: user_script:1: bad argument #1 to 'pack' (invalid format option 'y')");
    expect(run('return struct.pack("!3")')).toBe('error: user_script:1: alignment 3 is not a power of 2');
    expect(run('return struct.pack("i33", 1)')).toBe('error: user_script:1: integral size 33 is larger than limit of 32');
  });
});
