/**
 * Shared helpers for command handlers: HELP replies and argument parsing
 * that reply with Redis's error themselves (named ...OrReply, as in Redis).
 */
import type { CommandContext } from './types.js';
import { NOT_INTEGER } from './errors.js';
import { parseInt64 } from '../datatypes/numbers.js';

/** Redis's addReplyHelp: a header line, the given lines, then HELP's own entry. */
export function addHelp(c: CommandContext, command: string, lines: readonly string[]): void {
  const all = [
    `${command.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`,
    ...lines,
    'HELP',
    '    Prints this help.',
  ];
  c.addArrayLen(all.length);
  for (const l of all) c.addStatus(l);
}

/** An int64 argument as a JS number (exact only up to 2^53), or null after replying the error. */
export function intArgOrReply(c: CommandContext, s: string, error = NOT_INTEGER): number | null {
  const v = parseInt64(s);
  if (v === null) {
    c.addError(error);
    return null;
  }
  return Number(v);
}

/** An int64 argument as a bigint, or null after replying the error. */
export function bigIntArgOrReply(c: CommandContext, s: string, error = NOT_INTEGER): bigint | null {
  const v = parseInt64(s);
  if (v === null) c.addError(error);
  return v;
}
