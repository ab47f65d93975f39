/**
 * THE SKIP LIST. Commands tredis does not implement yet, in one place.
 *
 * A compat script line (or a random command) whose command is listed here
 * is sent to NEITHER server, so both keep identical state and every other
 * line is still compared byte for byte; nothing else in the harness relaxes
 * a comparison. A command family that is not listed and not implemented
 * shows up as failures ("ERR unknown command" from tredis), which is the
 * point: this list is a to-do list, and it is meant to become empty.
 *
 * test/integration/redis-cli.test.ts consults this list too, so a smoke
 * test of an unimplemented command is skipped (with a message) from here.
 *
 * Entries are lowercase command names, or "container|subcommand" to skip
 * one subcommand only. compat.test.ts fails when an entry here is already
 * in tredis's command table: remove such entries as soon as a family lands.
 *
 * Before each script the harness empties both servers. While FLUSHALL is
 * listed here, tredis is emptied through the embedding API
 * (server.dbs[i].clear()) instead; the reset is outside the comparison.
 */
export const PENDING: Readonly<Record<string, string>> = {
  // Other data types: the random test uses them only to put WRONGTYPE keys
  // in the way of string/bitmap/key commands.
};

/** Whether argv's command (or its subcommand) is on the skip list. */
export function isPending(argv: readonly string[]): boolean {
  const name = argv[0].toLowerCase();
  if (Object.hasOwn(PENDING, name)) return true;
  return argv.length > 1 && Object.hasOwn(PENDING, `${name}|${argv[1].toLowerCase()}`);
}
