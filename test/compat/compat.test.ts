/**
 * The compatibility harness: every script in test/compat/scripts runs
 * against a real redis-server and an in-process tredis, in RESP2 and in
 * RESP3, and every reply must be byte-identical (modifiers in script.ts
 * name the few allowed differences; pending.ts the commands not run yet).
 *
 * Without redis-server on PATH the suite is skipped with a message, unless
 * CI is set: then it fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TredisServer } from '../../server/index.js';
import { CommandTable } from '../../commands/table.js';
import { ALL_COMMANDS } from '../../commands/index.js';
import { assertTool, isCI, shouldRunWith, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { parseScript, type ScriptLine } from './script.js';
import { runScript, type Proto } from './runner.js';
import { PENDING } from './pending.js';

const SCRIPTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scripts');
const scripts: [string, ScriptLine[]][] = fs
  .readdirSync(SCRIPTS_DIR)
  .filter((f) => f.endsWith('.redis'))
  .sort()
  .map((f) => [f, parseScript(fs.readFileSync(path.join(SCRIPTS_DIR, f), 'latin1'))]);

describe('compat: pending.ts', () => {
  it('lists only commands tredis does not implement yet', () => {
    const table = new CommandTable(ALL_COMMANDS);
    const implemented = Object.keys(PENDING).filter((entry) => {
      const [name, sub] = entry.split('|');
      return sub === undefined ? table.get(name) !== undefined : table.lookup([name, sub])?.name === sub;
    });
    expect(implemented, `remove these from test/compat/pending.ts, tredis implements them now: ${implemented.join(', ')}`).toEqual([]);
  });

  // In CI the Redis tools are part of the test bed: their absence is a failed test, not only a failed hook.
  it.runIf(isCI())('redis-server and redis-cli are installed (CI)', () => {
    assertTool('redis-server');
    assertTool('redis-cli');
  });

  it('every script starts from FLUSHALL', () => {
    for (const [name, lines] of scripts) expect(lines[0]?.argv[0].toUpperCase(), name).toBe('FLUSHALL');
  });
});

describe.runIf(shouldRunWith('redis-server'))('compat: scripts against redis-server', () => {
  let redis: RedisProcess | undefined;
  let tredis: TredisServer | undefined;

  beforeAll(async () => {
    assertTool('redis-server');
    redis = await startRedisServer();
    tredis = await startServer({ port: 0, bind: '127.0.0.1', 'enable-debug-command': 'yes' });
  });

  afterAll(async () => {
    await tredis?.close();
    await redis?.stop();
  });

  for (const proto of [2, 3] as Proto[]) {
    for (const [name, lines] of scripts) {
      it(`${name} (RESP${proto})`, async () => {
        if (!redis || !tredis) throw new Error('servers not started');
        const t = tredis;
        const pair = { redisPort: redis.port, tredisPort: t.port, clearTredis: () => t.server.dbs.forEach((db) => db.clear()) };
        const res = await runScript(name, lines, pair, proto);
        if (res.skipped > 0) console.log(`[compat] ${name} RESP${proto}: ${res.ran} lines compared, ${res.skipped} skipped (pending.ts)`);
        const shown = res.mismatches.slice(0, 25);
        const more = res.mismatches.length > shown.length ? `\n  ... and ${res.mismatches.length - shown.length} more` : '';
        expect(res.mismatches.length, `${res.mismatches.length} replies differ from Redis:\n  ${shown.join('\n  ')}${more}`).toBe(0);
      });
    }
  }
});

/**
 * COMPAT_SELFCHECK=1: run every script against two real redis-servers, no
 * skip list. Any difference there is a script line whose reply Redis does
 * not make deterministic: fix the line (or give it a modifier).
 */
describe.runIf(process.env.COMPAT_SELFCHECK !== undefined && shouldRunWith('redis-server'))('compat: scripts are deterministic (redis vs redis)', () => {
  let a: RedisProcess | undefined;
  let b: RedisProcess | undefined;
  beforeAll(async () => {
    [a, b] = await Promise.all([startRedisServer(), startRedisServer()]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });
  for (const proto of [2, 3] as Proto[]) {
    for (const [name, lines] of scripts) {
      it(`${name} (RESP${proto})`, async () => {
        if (!a || !b) throw new Error('servers not started');
        const pair = { redisPort: a.port, tredisPort: b.port, clearTredis: () => undefined, skip: () => false };
        const res = await runScript(name, lines, pair, proto);
        expect(res.mismatches, res.mismatches.join('\n')).toEqual([]);
      });
    }
  }
});
