/**
 * redis-cli against an in-process tredis: the real client's command mode,
 * its --no-raw and RESP3 formatting, and --pipe mass insertion.
 * Skipped with a message when redis-cli is absent (a failure when CI is set).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TredisServer } from '../../server/index.js';
import { assertTool, shouldRunWith } from '../helpers/redis-server.js';
import { encodeCommand } from '../helpers/resp.js';
import { run } from '../helpers/run.js';
import { isPending } from '../compat/pending.js';

describe.runIf(shouldRunWith('redis-cli'))('redis-cli against tredis', () => {
  let s: TredisServer | undefined;
  const cli = (args: string[], input?: Buffer | string) => {
    if (!s) throw new Error('server not started');
    return run('redis-cli', ['-h', '127.0.0.1', '-p', String(s.port), ...args], { input });
  };

  beforeAll(async () => {
    assertTool('redis-cli');
    s = await startServer({ port: 0, bind: '127.0.0.1', 'enable-debug-command': 'yes' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('PING', async () => {
    const r = await cli(['PING']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('PONG\n');
  });

  it('SET then GET', async () => {
    expect((await cli(['SET', 'a', 'b'])).stdout).toBe('OK\n');
    expect((await cli(['GET', 'a'])).stdout).toBe('b\n');
  });

  it('--no-raw formatting of strings, nil, errors and integers', async () => {
    await cli(['SET', 'q', 'hello world']);
    expect((await cli(['--no-raw', 'GET', 'q'])).stdout).toBe('"hello world"\n');
    expect((await cli(['--no-raw', 'GET', 'no-such-key'])).stdout).toBe('(nil)\n');
    expect((await cli(['--no-raw', 'NOSUCHCMD'])).stdout).toBe("(error) ERR unknown command 'NOSUCHCMD', with args beginning with: \n");
    expect((await cli(['--no-raw', 'CLIENT', 'ID'])).stdout).toMatch(/^\(integer\) \d+\n$/);
    expect((await cli(['--no-raw', 'ECHO', 'a\x01b'])).stdout).toBe('"a\\x01b"\n');
  });

  it('RESP3 mode (-3)', async () => {
    await cli(['SET', 'r3', 'v']);
    expect((await cli(['-3', '--no-raw', 'GET', 'r3'])).stdout).toBe('"v"\n');
    expect((await cli(['-3', '--no-raw', 'GET', 'no-such-key'])).stdout).toBe('(nil)\n');
  });

  it('--pipe mass insertion of 10 000 SETs', async () => {
    const parts: Buffer[] = [];
    for (let i = 0; i < 10000; i++) parts.push(encodeCommand(['SET', `pipe:${i}`, `value:${i}`]));
    const r = await cli(['--pipe'], Buffer.concat(parts));
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('errors: 0, replies: 10000');
    expect((await cli(['GET', 'pipe:9999'])).stdout).toBe('value:9999\n');
  });

  it.skipIf(isPending(['info']))('info server contains redis_version', async () => {
    const r = await cli(['info', 'server']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/redis_version:7\.0\.15/);
  });
  if (isPending(['info'])) console.warn('[redis-cli] "info server" test skipped: INFO is on test/compat/pending.ts');
});
