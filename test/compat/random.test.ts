/**
 * Differential random testing: a seeded stream of string, bitmap and key
 * commands (generator.ts) goes to a real redis-server and to an in-process
 * tredis at the same time; every pair of replies must be byte-identical
 * (KEYS/SCAN compared as sorted multisets, TTL readings within a tolerance).
 * A mismatch reports the seed, the step, the command, both replies and the
 * commands just before it; rerun one seed with COMPAT_SEEDS=<seed>.
 *
 * COMPAT_SELFCHECK=1 instead runs the generator against two real
 * redis-servers with nothing skipped: a difference there means the
 * generator produced a command whose reply Redis does not make
 * deterministic, and the generator must be fixed.
 *
 * Knobs: COMPAT_SEEDS="1,2,3" (RESP2 seeds), COMPAT_SEEDS3="101" (RESP3
 * seeds), COMPAT_STEPS=2000 (commands per seed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TredisServer } from '../../server/index.js';
import { assertTool, shouldRunWith, startRedisServer, type RedisProcess } from '../helpers/redis-server.js';
import { RawClient, escapeBytes } from '../helpers/resp.js';
import { repliesMatch } from './compare.js';
import { CommandGenerator } from './generator.js';
import { isPending } from './pending.js';
import { openPair, resetBoth, type Pair, type Proto } from './runner.js';
import type { Modifier } from './script.js';

function seedList(env: string | undefined, dflt: number[]): number[] {
  if (env === undefined || env.trim() === '') return dflt;
  return env.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n));
}

const SEEDS2 = seedList(process.env.COMPAT_SEEDS, [1, 2, 3, 4]);
const SEEDS3 = seedList(process.env.COMPAT_SEEDS3, [101, 102]);
const STEPS = Number(process.env.COMPAT_STEPS ?? 2000);

async function reply(c: RawClient, argv: readonly string[]): Promise<Buffer> {
  try {
    return await c.command(argv);
  } catch (e) {
    return Buffer.from(`<no reply: ${(e as Error).message}>`, 'latin1');
  }
}

const quote = (argv: readonly string[]): string => argv.map((a) => `"${escapeBytes(a, 80)}"`).join(' ');

const SELFCHECK = process.env.COMPAT_SELFCHECK !== undefined;

describe.runIf(shouldRunWith('redis-server'))(`compat: random commands against ${SELFCHECK ? 'a second redis-server (self-check)' : 'redis-server'}`, () => {
  let redis: RedisProcess | undefined;
  let redis2: RedisProcess | undefined;
  let tredis: TredisServer | undefined;
  let pair: Pair | undefined;
  const skip = SELFCHECK ? (): boolean => false : isPending;

  beforeAll(async () => {
    assertTool('redis-server');
    redis = await startRedisServer();
    if (SELFCHECK) {
      redis2 = await startRedisServer();
      pair = { redisPort: redis.port, tredisPort: redis2.port, clearTredis: () => undefined, skip };
    } else {
      const t = await startServer({ port: 0, bind: '127.0.0.1', 'enable-debug-command': 'yes' });
      tredis = t;
      pair = { redisPort: redis.port, tredisPort: t.port, clearTredis: () => t.server.dbs.forEach((db) => db.clear()) };
    }
  });

  afterAll(async () => {
    await tredis?.close();
    await redis?.stop();
    await redis2?.stop();
  });

  const runs: [number, Proto][] = [...SEEDS2.map((s): [number, Proto] => [s, 2]), ...SEEDS3.map((s): [number, Proto] => [s, 3])];
  for (const [seed, proto] of runs) {
    it(`seed ${seed}, ${STEPS} steps (RESP${proto})`, async () => {
      if (!pair) throw new Error('servers not started');
      await resetBoth(pair);
      const [r, t] = await openPair(pair, proto);
      const gen = new CommandGenerator(seed);
      const history: string[] = [];
      let sent = 0;
      let skipped = 0;
      try {
        for (let step = 0; step < STEPS; step++) {
          const { argv, mod } = gen.next();
          if (skip(argv)) {
            skipped++;
            continue;
          }
          sent++;
          const [rr, tr] = await Promise.all([reply(r, argv), reply(t, argv)]);
          const mods = new Set<Modifier>(mod ? [mod] : []);
          if (!repliesMatch(rr, tr, mods)) {
            const msg = [
              `seed ${seed} (RESP${proto}), step ${step}: replies differ`,
              `  command: ${quote(argv)}${mod ? ` (compared with @${mod})` : ''}`,
              `  redis:   "${escapeBytes(rr)}"`,
              `  tredis:  "${escapeBytes(tr)}"`,
              `  previous commands (oldest first):`,
              ...history.slice(-8).map((h) => `    ${h}`),
            ].join('\n');
            expect.fail(msg);
          }
          history.push(`#${step} ${quote(argv)}`);
          if (r.isBroken || t.isBroken) expect.fail(`seed ${seed}, step ${step}: connection lost after ${quote(argv)}`);
        }
      } finally {
        await Promise.all([r.close(), t.close()]);
      }
      if (skipped > 0) console.log(`[random] seed ${seed} RESP${proto}: ${sent} commands compared, ${skipped} skipped (pending.ts)`);
    });
  }
});
