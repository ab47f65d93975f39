/**
 * Reading redis.conf-style configuration text: the config file and the
 * command-line options, which redis-server turns into extra config lines
 * ("--port 7000" becomes `port "7000"`) so that one loader reads both and a
 * bad option is reported with the same "FATAL CONFIG FILE ERROR" block as a
 * bad line in the file.
 */
import { readFileSync } from 'node:fs';
import { Config, ConfigError } from './config.js';
import { splitArgs } from './resp-parser.js';
import { REDIS_VERSION_STRING } from '../commands/version.js';

/** Quote a value the way redis-server does when it turns options into config lines. */
function repr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 32 || code > 126) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

/** Turn `[file] --name v1 v2 --other v` into config text. */
export function buildConfigText(args: readonly string[]): string {
  let text = '';
  let j = 0;
  if (args.length > 0 && !args[0].startsWith('--')) {
    text = args[0] === '-' ? readFileSync(0, 'latin1') : readFileSync(args[0], 'latin1');
    j = 1;
  }
  let options = '';
  for (; j < args.length; j++) {
    const a = args[j];
    if (a.startsWith('--')) {
      options += '\n' + a.slice(2) + ' ';
    } else {
      options += repr(a) + ' ';
    }
  }
  return text + options;
}

export interface ConfigLine {
  lineNo: number;
  raw: string;
  name: string;
  /** The directive's arguments (a config line may have several: `save 900 1`). */
  args: string[];
}

/** Parse config text into (name, value) pairs; throws with Redis's fatal block on a bad line. */
export function parseConfigText(text: string): ConfigLine[] {
  const lines = text.split('\n');
  const out: ConfigLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const args = splitArgs(raw);
    if (args === null) throw fatal(i + 1, raw, 'Unbalanced quotes in configuration line');
    if (args.length === 0) continue;
    out.push({ lineNo: i + 1, raw, name: args[0].toLowerCase(), args: args.slice(1) });
  }
  return out;
}

function fatal(lineNo: number, raw: string, why: string): Error {
  return new Error(
    `\n*** FATAL CONFIG FILE ERROR (Redis ${REDIS_VERSION_STRING}) ***\n` +
      `Reading the configuration file, at line ${lineNo}\n>>> '${raw}'\n${why}\n`,
  );
}

/** Apply parsed lines; `save` lines accumulate as in redis.conf. */
export function configFromLines(lines: readonly ConfigLine[]): Record<string, string> {
  const probe = new Config();
  const config: Record<string, string> = {};
  for (const line of lines) {
    const def = probe.def(line.name);
    if (!def || line.args.length === 0) throw fatal(line.lineNo, line.raw, 'Bad directive or wrong number of arguments');
    const name = def.name;
    const joined = line.args.join(' ');
    const value = name === 'save' && config.save && joined !== '' ? `${config.save} ${joined}` : joined;
    try {
      probe.set(name, value, true);
    } catch (e) {
      if (e instanceof ConfigError) throw fatal(line.lineNo, line.raw, e.message);
      throw e;
    }
    config[name] = value;
  }
  return config;
}

