import { describe, expect, it } from 'vitest';
import { databaseErrorReason, isDatabaseUnavailable } from '../../src/db/index.js';
import { toApiError } from '../../src/http/errors.js';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('database errors that mean "unavailable"', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['an administrator shutdown', withCode('terminating connection due to administrator command', '57P01')],
    ['a server starting up', withCode('the database system is starting up', '57P03')],
    ['a connection failure', withCode('could not receive data', '08006')],
    ['too many connections', withCode('sorry, too many clients already', '53300')],
    ['a connection ended under a query', new Error('Connection terminated unexpectedly')],
    ['a pool with no connection in time', new Error('timeout exceeded when trying to connect')],
    [
      'a connection timeout wrapping its cause',
      new Error('Connection terminated due to connection timeout', {
        cause: new Error('Connection terminated'),
      }),
    ],
    [
      'every address of a host refused',
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''),
    ],
    ['a busy SQLite file', withCode('database is locked', 'SQLITE_BUSY')],
    ['a SQLite I/O error', withCode('disk I/O error', 'SQLITE_IOERR_WRITE')],
    ['a read-only SQLite database', withCode('attempt to write a readonly database', 'SQLITE_READONLY')],
    [
      'a read-only PostgreSQL transaction',
      withCode('cannot execute INSERT in a read-only transaction', '25006'),
    ],
  ])('%s answers 503 "database unavailable: …"', (_case, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
    const { status, message } = toApiError(err);
    expect(status).toBe(503);
    expect(message).toBe(`database unavailable: ${databaseErrorReason(err)}`);
  });

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a SQLite constraint', withCode('UNIQUE constraint failed', 'SQLITE_CONSTRAINT_UNIQUE')],
    ['a syntax error', withCode('syntax error at or near "selec"', '42601')],
    ['a cancelled statement', withCode('canceling statement due to statement timeout', '57014')],
    ['a plain bug', new TypeError('x is undefined')],
  ])('%s stays a 500', (_case, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
    const { status, message } = toApiError(err);
    expect({ status, message }).toEqual({ status: 500, message: 'Internal Server Error' });
  });

  it('gives the attempts of an AggregateError as the reason, on one line', () => {
    const err = new AggregateError(
      [
        withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED'),
        withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      ],
      '',
    );
    expect(databaseErrorReason(err)).toBe(
      'connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432',
    );
    expect(databaseErrorReason(new Error('line one\nline two'))).toBe('line one line two');
  });
});
