/**
 * Comparing two raw replies. Exact byte equality unless a script modifier
 * (see script.ts) says which nondeterminism Redis itself allows.
 */
import { parseReply, type ReplyNode } from '../helpers/resp.js';
import type { Modifier } from './script.js';

export const TTL_TOLERANCE = 1;
export const PTTL_TOLERANCE = 1000;

/** The reply with every aggregate's elements (map/attribute: pairs) sorted by bytes. */
function canonical(node: ReplyNode): Buffer {
  if (node.children.length === 0) return node.raw;
  const paired = node.type === '%' || node.type === '|';
  const items: Buffer[] = [];
  for (let i = 0; i < node.children.length; i += paired ? 2 : 1) {
    items.push(paired ? Buffer.concat([canonical(node.children[i]), canonical(node.children[i + 1])]) : canonical(node.children[i]));
  }
  items.sort(Buffer.compare);
  return Buffer.concat([node.header, ...items]);
}

function withinTolerance(a: ReplyNode, b: ReplyNode, tol: number): boolean {
  if (a.type !== b.type || a.children.length !== b.children.length) return false;
  if (a.children.length > 0) {
    if (!a.header.equals(b.header)) return false;
    return a.children.every((c, i) => withinTolerance(c, b.children[i], tol));
  }
  if (a.type === ':') {
    const x = BigInt(a.raw.toString('latin1', 1, a.raw.length - 2));
    const y = BigInt(b.raw.toString('latin1', 1, b.raw.length - 2));
    const d = x > y ? x - y : y - x;
    return d <= BigInt(tol);
  }
  return a.raw.equals(b.raw);
}

export function repliesMatch(expected: Buffer, actual: Buffer, mods: ReadonlySet<Modifier>): boolean {
  if (expected.equals(actual)) return true;
  if (expected.length === 0 || actual.length === 0) return false;
  if (mods.has('typeonly')) return expected[0] === actual[0];
  try {
    if (mods.has('sort')) return canonical(parseReply(expected)).equals(canonical(parseReply(actual)));
    if (mods.has('ttl')) return withinTolerance(parseReply(expected), parseReply(actual), TTL_TOLERANCE);
    if (mods.has('pttl')) return withinTolerance(parseReply(expected), parseReply(actual), PTTL_TOLERANCE);
  } catch {
    return false;
  }
  return false;
}
