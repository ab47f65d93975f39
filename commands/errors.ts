/**
 * Error replies shared by many commands, spelled exactly as Redis 7.0 does.
 * A reply error starts with its code ("ERR", "WRONGTYPE", ...).
 */
export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const SYNTAX = 'ERR syntax error';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';
export const NOT_FLOAT = 'ERR value is not a valid float';
export const OVERFLOW = 'ERR increment or decrement would overflow';
export const NO_SUCH_KEY = 'ERR no such key';
export const OUT_OF_RANGE = 'ERR index out of range';
export const DB_INDEX_OUT_OF_RANGE = 'ERR DB index is out of range';
export const INVALID_EXPIRE = (cmd: string) => `ERR invalid expire time in '${cmd}' command`;
export const WRONG_ARITY = (cmd: string) => `ERR wrong number of arguments for '${cmd}' command`;

export function truncate(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}

/** C's toupper in the "C" locale: only a..z change (JS toUpperCase would also map latin1 letters). */
export function asciiUpper(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}
