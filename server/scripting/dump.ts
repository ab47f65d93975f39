/**
 * FUNCTION DUMP / RESTORE payloads, in Redis's DUMP format: for each
 * library the RDB opcode FUNCTION2 (245) and the library code as an RDB
 * string, then the RDB version (2 bytes, little endian) and a CRC64 (Jones
 * polynomial, as Redis's crc64.c) of everything before, little endian.
 * Strings are written uncompressed; LZF-compressed ones (what Redis writes
 * for code longer than 20 bytes) are read.
 */
const RDB_OPCODE_FUNCTION2 = 245;
const RDB_OPCODE_FUNCTION = 246;
const RDB_VERSION = 10;
const BAD_PAYLOAD = 'ERR DUMP payload version or checksum are wrong';

function crcTable(): BigUint64Array {
  const t = new BigUint64Array(256);
  const poly = 0x95ac9329ac4bc9b5n; // 0xad93d23594c935a9 bit-reflected
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    t[i] = c;
  }
  return t;
}
const CRC_TABLE = crcTable();

/** Redis's crc64 (Jones, reflected, init 0) of latin1 bytes. */
export function crc64(s: string): bigint {
  let crc = 0n;
  for (let i = 0; i < s.length; i++) crc = CRC_TABLE[Number((crc ^ BigInt(s.charCodeAt(i))) & 0xffn)] ^ (crc >> 8n);
  return crc;
}

function lenEncode(n: number): string {
  if (n < 64) return String.fromCharCode(n);
  if (n < 16384) return String.fromCharCode(0x40 | (n >> 8), n & 0xff);
  return String.fromCharCode(0x80, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

function le(n: bigint, bytes: number): string {
  let s = '';
  for (let i = 0; i < bytes; i++) s += String.fromCharCode(Number((n >> BigInt(8 * i)) & 0xffn));
  return s;
}

export function encodeFunctionsPayload(codes: readonly string[]): string {
  let s = '';
  for (const code of codes) s += String.fromCharCode(RDB_OPCODE_FUNCTION2) + lenEncode(code.length) + code;
  s += le(BigInt(RDB_VERSION), 2);
  return s + le(crc64(s), 8);
}

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  byte(): number {
    if (this.i >= this.s.length) throw new Error('eof');
    return this.s.charCodeAt(this.i++);
  }
  /** An RDB length; `enc` is set for the special string encodings (11xxxxxx). */
  len(): { n: number; enc: boolean } {
    const b = this.byte();
    const type = b >> 6;
    if (type === 0) return { n: b & 0x3f, enc: false };
    if (type === 1) return { n: ((b & 0x3f) << 8) | this.byte(), enc: false };
    if (type === 3) return { n: b & 0x3f, enc: true };
    let n = 0;
    const bytes = b === 0x80 ? 4 : b === 0x81 ? 8 : -1;
    if (bytes < 0) throw new Error('bad length');
    for (let k = 0; k < bytes; k++) n = n * 256 + this.byte();
    return { n, enc: false };
  }
  take(n: number): string {
    if (this.i + n > this.s.length) throw new Error('eof');
    const r = this.s.slice(this.i, this.i + n);
    this.i += n;
    return r;
  }
  string(): string {
    const { n, enc } = this.len();
    if (!enc) return this.take(n);
    if (n === 0) return String(((this.byte() << 24) >> 24));
    if (n === 1) {
      const v = this.byte() | (this.byte() << 8);
      return String((v << 16) >> 16);
    }
    if (n === 2) return String(this.byte() | (this.byte() << 8) | (this.byte() << 16) | (this.byte() << 24));
    if (n === 3) {
      const clen = this.len().n;
      const ulen = this.len().n;
      return lzfDecompress(this.take(clen), ulen);
    }
    throw new Error('bad encoding');
  }
}

/** LZF decompression (liblzf's format). */
export function lzfDecompress(src: string, outLen: number): string {
  const out: number[] = [];
  let i = 0;
  while (i < src.length) {
    let ctrl = src.charCodeAt(i++);
    if (ctrl < 32) {
      for (let k = 0; k <= ctrl; k++) out.push(src.charCodeAt(i++));
    } else {
      let len = ctrl >> 5;
      if (len === 7) len += src.charCodeAt(i++);
      let ref = out.length - ((ctrl & 0x1f) << 8) - 1 - src.charCodeAt(i++);
      if (ref < 0) throw new Error('bad lzf');
      for (let k = 0; k < len + 2; k++) out.push(out[ref++]);
    }
    ctrl = 0;
  }
  if (out.length !== outLen) throw new Error('bad lzf length');
  let s = '';
  for (const b of out) s += String.fromCharCode(b);
  return s;
}

/** The library codes in a payload, or an error reply text. */
export function decodeFunctionsPayload(payload: string): string[] | string {
  if (payload.length < 10) return BAD_PAYLOAD;
  const body = payload.slice(0, payload.length - 8);
  const version = payload.charCodeAt(payload.length - 10) | (payload.charCodeAt(payload.length - 9) << 8);
  if (version > RDB_VERSION) return BAD_PAYLOAD;
  if (le(crc64(body), 8) !== payload.slice(payload.length - 8)) return BAD_PAYLOAD;
  const r = new Reader(payload.slice(0, payload.length - 10));
  const codes: string[] = [];
  try {
    while (r.i < r.s.length) {
      const op = r.byte();
      if (op === RDB_OPCODE_FUNCTION2) codes.push(r.string());
      else if (op === RDB_OPCODE_FUNCTION) return 'ERR Pre-GA function format not supported';
      else return 'ERR given type is not a function';
    }
  } catch {
    return 'ERR payload is corrupted';
  }
  return codes;
}
