#!/usr/bin/env -S node --max-semi-space-size=4
/**
 * tredis-server: start a server the way redis-server is started.
 *
 *   tredis-server [/path/to/redis.conf] [--port 7000] [--any-config value ...]
 *
 * The options become config lines (server/config-file.ts); the process
 * exits with status 1 and Redis's fatal-error block on a bad one.
 */
import { resolve } from 'node:path';
import { Server } from './server.js';
import { buildConfigText, configFromLines, parseConfigText } from './config-file.js';
import { REDIS_VERSION_STRING, TREDIS_VERSION } from '../commands/version.js';

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '-v' || argv[0] === '--version') {
    process.stdout.write(`Redis server v=${REDIS_VERSION_STRING} sha=00000000:0 malloc=libc bits=64 build=tredis-${TREDIS_VERSION}\n`);
    return;
  }
  if (argv[0] === '-h' || argv[0] === '--help') {
    process.stdout.write('Usage: tredis-server [/path/to/redis.conf] [options] [-]\n       tredis-server -v or --version\n');
    return;
  }
  let config: Record<string, string>;
  try {
    config = configFromLines(parseConfigText(buildConfigText(argv)));
  } catch (e) {
    process.stderr.write((e as Error).message);
    process.exit(1);
  }
  const server = new Server({ config, logTo: process.stdout, onShutdown: () => process.exit(0), idleGc: true });
  if (argv.length > 0 && !argv[0].startsWith('--') && argv[0] !== '-') server.configFile = resolve(argv[0]);
  server.logger.warning('oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
  server.logger.warning(
    `Redis version=${REDIS_VERSION_STRING}, bits=64, commit=00000000, modified=0, pid=${process.pid}, just started (tredis ${TREDIS_VERSION})`,
  );
  server.logger.warning(argv.length > 0 && !argv[0].startsWith('--') ? 'Configuration loaded' : 'Warning: no config file specified, using the default config.');
  const onSignal = (sig: string) => {
    void server.shutdown(`Received ${sig} scheduling shutdown...`);
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  try {
    await server.listen();
  } catch {
    process.exit(1);
  }
}

void main(process.argv.slice(2));
