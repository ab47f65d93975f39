/**
 * Process plumbing for the benchmarks (bench/ compiles on its own, so it
 * does not import the test helpers): free ports, binaries on PATH, starting
 * a server and waiting for PING, running a command to completion, RSS.
 * Everything binds 127.0.0.1, and every started process is killed on exit,
 * on Ctrl-C and on errors.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export function which(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: '127.0.0.1' }, () => {
      const a = srv.address();
      const port = a && typeof a === 'object' ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** One PING over a fresh connection: true on +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    let buf = '';
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('error', () => done(false));
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
    });
    s.once('connect', () => s.write('*1\r\n$4\r\nPING\r\n'));
  });
}

export interface ServerProc {
  name: string;
  port: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let hooksInstalled = false;

/** Kill every child we started when this process goes away, however it goes. */
function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const killAll = (): void => {
    for (const p of live) p.kill('SIGKILL');
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      killAll();
      process.exit(130);
    });
  }
}

export async function startServerProcess(name: string, cmd: string, args: string[], port: number): Promise<ServerProc> {
  installHooks();
  const proc = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(proc);
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    live.delete(proc);
  };
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) break;
    if (await ping(port)) return { name, port, proc, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`${name} did not start on port ${port}: ${stderr.trim()}`);
}

export interface RunOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run to completion; stdin can be streamed from a generator of chunks. */
export function runToEnd(cmd: string, args: string[], input?: Iterable<Buffer>, timeoutMs = 600_000): Promise<RunOutput> {
  installHooks();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      live.delete(child);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    if (!input) {
      child.stdin.end();
      return;
    }
    const it = input[Symbol.iterator]();
    const pump = (): void => {
      for (;;) {
        const n = it.next();
        if (n.done) {
          child.stdin.end();
          return;
        }
        if (!child.stdin.write(n.value)) {
          child.stdin.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

/** Resident set size of a process in bytes, from /proc/<pid>/status (VmRSS). */
export function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}
