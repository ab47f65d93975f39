/**
 * String commands (placeholder with GET/SET only; the full family follows).
 */
import type { CommandSpec } from './types.js';
import { isString, type StringValue } from '../datatypes/values.js';
import { WRONGTYPE } from './errors.js';

export const stringCommands: CommandSpec[] = [
  {
    name: 'get',
    arity: 2,
    flags: ['readonly', 'fast'],
    acl: ['string'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'string',
    since: '1.0.0',
    summary: 'Get the value of a key',
    complexity: 'O(1)',
    args: [{ name: 'key', type: 'key', keySpecIndex: 0 }],
    handler: (c, argv) => {
      const v = c.db.lookupRead(argv[1]);
      if (v === undefined) c.addNull();
      else if (!isString(v)) c.addError(WRONGTYPE);
      else c.addValue(v as StringValue);
    },
  },
  {
    name: 'set',
    arity: -3,
    flags: ['write', 'denyoom'],
    acl: ['string'],
    keys: { first: 1, last: 1, step: 1 },
    group: 'string',
    since: '1.0.0',
    summary: 'Set the string value of a key',
    complexity: 'O(1)',
    args: [
      { name: 'key', type: 'key', keySpecIndex: 0 },
      { name: 'value', type: 'string' },
    ],
    handler: (c, argv) => {
      c.db.setKey(argv[1], argv[2]);
      c.server.dirty++;
      c.addOk();
    },
  },
];
