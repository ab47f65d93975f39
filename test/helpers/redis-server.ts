/**
 * Real Redis for tests and benchmarks: find the binaries, start a
 * throw-away redis-server on a free 127.0.0.1 port (no persistence, DEBUG
 * enabled), and stop it — always, even when the test process exits early.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { getFreePort } from './ports.js';
import { RawClient } from './resp.js';

/** Absolute path of an executable on PATH, or null. */
export function which(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return null;
}

export const hasRedisServer = (): boolean => which('redis-server') !== null;
export const hasRedisCli = (): boolean => which('redis-cli') !== null;
export const hasRedisBenchmark = (): boolean => which('redis-benchmark') !== null;

/** CI is set (to anything but "", "0" or "false"): missing tools are failures, not skips. */
export function isCI(): boolean {
  const v = process.env.CI;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/**
 * Whether a suite needing `tool` should run. Absent tool: outside CI the
 * suite is skipped with a console message; in CI it runs anyway so that
 * its setup fails loudly (call `assertTool` in beforeAll).
 */
export function shouldRunWith(tool: string): boolean {
  if (which(tool) !== null) return true;
  if (isCI()) return true;
  console.warn(`[tredis tests] ${tool} not found on PATH: skipping the tests that need it (they fail when CI is set).`);
  return false;
}

export function assertTool(tool: string): void {
  if (which(tool) === null) throw new Error(`${tool} is not on PATH; it is required when CI is set (install redis-server / redis-tools)`);
}

export interface RedisProcess {
  readonly port: number;
  readonly pid: number;
  readonly proc: ChildProcess;
  /** Kill the server (SIGTERM, SIGKILL after 3 s) and wait for it to exit. */
  stop(): Promise<void>;
}

/** The arguments every test redis-server gets before `extra`. */
export function baseRedisArgs(port: number): string[] {
  return ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--enable-debug-command', 'yes', '--daemonize', 'no', '--loglevel', 'warning'];
}

async function waitForPing(port: number, proc: ChildProcess, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) return false;
    try {
      const c = await RawClient.connect(port);
      try {
        const r = await c.command(['PING'], 1000);
        if (r.toString('latin1') === '+PONG\r\n') return true;
      } finally {
        await c.close();
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

/** Spawn `cmd args` and wait until PING on `port` answers; kill it on failure. */
export async function spawnServer(cmd: string, args: string[], port: number, what: string, timeoutMs = 10000): Promise<RedisProcess> {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  proc.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const killOnExit = (): void => {
    proc.kill('SIGKILL');
  };
  process.on('exit', killOnExit);
  const exited = new Promise<void>((resolve) => {
    if (proc.exitCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    }
  };
  proc.once('error', () => undefined);
  const ok = await waitForPing(port, proc, Date.now() + timeoutMs);
  if (!ok) {
    await stop();
    throw new Error(`${what} on port ${port} did not start: ${output.trim()}`);
  }
  return { port, pid: proc.pid ?? -1, proc, stop };
}

/** A fresh redis-server on a free port (retried if the port was taken meanwhile). */
export async function startRedisServer(extra: string[] = []): Promise<RedisProcess> {
  const bin = which('redis-server');
  if (bin === null) throw new Error('redis-server is not on PATH');
  let last: Error | null = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await getFreePort();
    try {
      return await spawnServer(bin, [...baseRedisArgs(port), ...extra], port, 'redis-server');
    } catch (e) {
      last = e as Error;
    }
  }
  throw last ?? new Error('redis-server did not start');
}
