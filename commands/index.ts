/**
 * Every command family, gathered into the list the command table is built
 * from. A new family is one import and one spread here.
 */
import type { CommandSpec } from './types.js';
import { connectionCommands } from './connection.js';
import { stringCommands } from './strings.js';
import { bitmapCommands } from './bitmaps.js';
import { keyCommands } from './keys.js';
import { serverCommands } from './server.js';
import { listCommands } from './lists.js';
import { hashCommands } from './hashes.js';
import { transactionCommands } from './transactions.js';
import { pubsubCommands } from './pubsub.js';
import { scriptingCommands } from './scripting.js';
import { setCommands } from './sets.js';
import { sortCommands } from './sort.js';
import { zsetCommands } from './zsets.js';

export const ALL_COMMANDS: readonly CommandSpec[] = [...connectionCommands, ...stringCommands, ...bitmapCommands, ...keyCommands, ...serverCommands, ...listCommands, ...hashCommands, ...transactionCommands, ...pubsubCommands, ...scriptingCommands, ...setCommands, ...sortCommands, ...zsetCommands];
