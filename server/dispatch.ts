/**
 * The one place a command passes through before its handler runs
 * (Redis's processCommand + call). The checks run in Redis's order, so the
 * same bad request gets the same error as on Redis:
 *
 *   lookup → arity → protected (DEBUG) → AUTH → [ACL] → [cluster slot]
 *   → [OOM] → [read-only replica] → pub/sub context → [LOADING] → BUSY
 *   → MULTI queueing → handler → after-write hook
 *
 * (bracketed checks arrive with the issues that bring their features.)
 */
import { performance } from 'node:perf_hooks';
import type { Client } from './client.js';
import type { Server } from './server.js';
import type { ResolvedCommand } from '../commands/table.js';
import { WRONG_ARITY, asciiUpper, truncate } from '../commands/errors.js';

/** What C's "%.Ns" prints of a byte string: up to `max` bytes, stopping at a NUL. */
function cString(s: string, max: number): string {
  const nul = s.indexOf('\0');
  return truncate(nul < 0 ? s : s.slice(0, nul), max);
}

function unknownCommandError(argv: readonly string[]): string {
  // "'arg' " per argument while the list is shorter than 128 bytes.
  let args = '';
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    args += `'${cString(argv[i], 128 - args.length)}' `;
  }
  return `ERR unknown command '${cString(argv[0], 128)}', with args beginning with: ${args}`;
}

function isLocal(c: Client): boolean {
  const a = c.socket?.remoteAddress ?? '';
  return c.socket === null || a.startsWith('127.') || a === '::1' || a.startsWith('::ffff:127.');
}

const DEBUG_NOT_ALLOWED = (name: string) =>
  `ERR ${name} command not allowed. If the enable-debug-command option is set to "local", ` +
  'you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.';

export function dispatch(server: Server, c: Client, argv: string[]): void {
  const mode = c.replyMode;
  const before = c.out;
  processCommand(server, c, argv);
  if (mode === 'on' && c.replyMode === 'on') return;
  applyReplyMode(c, mode, before);
}

function processCommand(server: Server, c: Client, argv: string[]): void {
  const table = server.commands;
  const cmd = table.resolveArgv(argv);
  if (cmd === undefined) {
    if (c.multi) c.multi.aborted = true;
    if (table.get(argv[0])?.subcommands) {
      c.addError(`ERR unknown subcommand '${cString(argv[1], 128)}'. Try ${asciiUpper(cString(argv[0], Infinity))} HELP.`);
    } else {
      c.addError(unknownCommandError(argv));
    }
    return;
  }
  const arity = cmd.spec.arity;
  if (arity > 0 ? arity !== argv.length : argv.length < -arity) {
    reject(c, cmd, WRONG_ARITY(cmd.fullName));
    return;
  }
  if (cmd.isProtected) {
    const mode = server.config.getString('enable-debug-command');
    if (mode === 'no' || (mode === 'local' && !isLocal(c))) {
      reject(c, cmd, DEBUG_NOT_ALLOWED(asciiUpper(argv[0])));
      return;
    }
  }
  if (!c.authenticated && !cmd.noAuth) {
    reject(c, cmd, 'NOAUTH Authentication required.');
    return;
  }
  if (c.inPubSubContext && !cmd.allowedInPubSub) {
    reject(
      c,
      cmd,
      `ERR Can't execute '${cmd.fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
    );
    return;
  }
  // A script running past busy-reply-threshold: only allow_busy commands
  // run (server/scripting/engine.ts).
  if (server.scripting !== null) {
    const busy = server.scripting.busyRejection(cmd, argv);
    if (busy !== null) {
      reject(c, cmd, busy);
      return;
    }
  }
  if (c.multi !== null && !cmd.runsInMulti) {
    if (cmd.has('no_multi')) {
      reject(c, cmd, 'ERR Command not allowed inside a transaction');
      return;
    }
    c.multi.queue.push([cmd, argv]);
    c.addStatus('QUEUED');
    return;
  }
  call(server, c, cmd, argv);
}

/**
 * EXEC (server/multi.ts explains the model): fail on a queueing error or a
 * touched WATCH, otherwise run every queued command through call() and
 * gather their replies into one array. What the commands propagate is
 * wrapped in MULTI/EXEC when there is more than one, so replicas and the
 * AOF apply the transaction as a unit.
 */
export function execTransaction(server: Server, c: Client): void {
  const multi = c.multi;
  if (multi === null) {
    c.addError('ERR EXEC without MULTI');
    return;
  }
  if (server.watches.anyExpired(c)) c.dirtyCas = true;
  if (multi.aborted || c.dirtyCas) {
    if (multi.aborted) c.addError('EXECABORT Transaction discarded because of previous errors.');
    else c.addNullArray();
    c.discardMulti();
    return;
  }
  server.watches.unwatchAll(c);
  c.addArrayLen(multi.queue.length);
  const propagated: [number, string[]][] = [];
  const restore = server.capturePropagation(propagated);
  c.inTransaction = true;
  try {
    for (const [cmd, argv] of multi.queue) call(server, c, cmd, argv);
  } finally {
    c.inTransaction = false;
    // Until here CLIENT LIST shows flags=x multi=N, as Redis does during EXEC.
    c.multi = null;
    restore();
  }
  c.dirtyCas = false;
  if (propagated.length > 1) server.propagate(propagated[0][0], ['MULTI']);
  for (const [dbId, argv] of propagated) server.propagate(dbId, argv);
  if (propagated.length > 1) server.propagate(propagated[propagated.length - 1][0], ['EXEC']);
  // The commands propagated themselves; EXEC itself is not propagated.
  c.rewritePropagation([]);
}

/** Run the handler, then the after-write hook (Redis's call()). */
export function call(server: Server, c: Client, cmd: ResolvedCommand, argv: string[]): void {
  const dirtyBefore = server.dirty;
  // A blocked client's command being run again to serve it (server/blocking.ts).
  const rerun = c.blocked;
  const errorsBefore = server.stats.totalErrorReplies;
  c.propagateArgv = null;
  const handler = cmd.spec.handler;
  if (handler === undefined) throw new Error(`container command ${cmd.fullName} has no handler`);
  if (!c.inTransaction) c.lastCommand = cmd.fullName;
  c.currentCmd = cmd;
  c.currentArgv = argv;
  const start = performance.now();
  handler(c, argv);
  cmd.stat.usec += (performance.now() - start) * 1000;
  // As in Redis, a blocking command counts one call, when it is finally
  // served (or times out), and one processed command, when it arrived.
  if (!c.blocked) cmd.stat.calls++;
  if (!rerun) server.stats.totalCommandsProcessed++;
  if (server.stats.totalErrorReplies !== errorsBefore) cmd.stat.failedCalls++;

  // After a write: propagate the command's deterministic form to the AOF and
  // replicas (their listeners arrive with later issues), then any extra ones.
  // (The handler may have set c.propagateArgv; an empty one means "nothing".)
  const override = c.propagateArgv as string[] | null;
  if (server.dirty !== dirtyBefore && (override === null || override.length > 0)) {
    server.propagate(c.db.id, override ?? argv);
  }
  if (c.extraPropagation) {
    for (const [dbId, extra] of c.extraPropagation) server.propagate(dbId, extra);
    c.extraPropagation = null;
  }
  // Keys this command filled may wake clients blocked on them (after the
  // whole transaction, not between its commands).
  if (server.blocking.hasReady() && !c.inTransaction) server.blocking.serveReady();
}

/**
 * CLIENT REPLY OFF/SKIP (Redis's CLIENT_REPLY_OFF / _SKIP / _SKIP_NEXT
 * flags): a reply is dropped when the mode in force before the command was
 * "off" or "skip", unless the command itself turned replies back on. SKIP
 * sets "skip-next", which becomes "skip" for exactly the following command.
 */
function applyReplyMode(c: Client, modeBefore: Client['replyMode'], outBefore: string): void {
  const now = c.replyMode;
  if ((modeBefore === 'off' || modeBefore === 'skip') && now !== 'on') c.out = outBefore;
  if (modeBefore === 'skip' && now === 'skip') c.replyMode = 'on';
  else if (now === 'skip-next') c.replyMode = 'skip';
}

function reject(c: Client, cmd: ResolvedCommand, msg: string): void {
  cmd.stat.rejectedCalls++;
  if (cmd.spec.name === 'exec' && !cmd.parent) {
    // A refused EXEC ends the transaction (Redis's execCommandAbort).
    c.discardMulti();
    c.addError(`EXECABORT Transaction discarded because of: ${msg.startsWith('ERR ') ? msg.slice(4) : msg}`);
    return;
  }
  if (c.multi) c.multi.aborted = true;
  c.addError(msg);
}
