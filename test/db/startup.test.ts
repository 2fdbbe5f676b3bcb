import { describe, expect, it } from 'vitest';
import { withDatabase } from '../support/postgres.js';
import { closedPort, runToExit } from '../support/processes.js';
import { postgresEngine } from '../support/server.js';

// Each case starts a process (a few seconds on a busy machine): they run side by side.
describe.concurrent('starting on an unusable PostgreSQL', () => {
  it('exits 1 with one line naming host and port, never the password, when nothing listens', async () => {
    const port = await closedPort();
    const run = await runToExit({
      PORT: '0',
      DATABASE_URL: `postgres://baesong:s3cret-pw@127.0.0.1:${port}/shop`,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(
        `^baesong: cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port}/shop: .*ECONNREFUSED.*\\n$`,
      ),
    );
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).not.toContain('s3cret-pw');
  });

  it.skipIf(!postgresEngine)('exits 1 with one line when the database does not exist', async () => {
    const url = withDatabase(postgresEngine?.databaseUrl ?? '', 'baesong_no_such_database');
    const run = await runToExit({ PORT: '0', DATABASE_URL: url });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^baesong: cannot connect to PostgreSQL at .+\/baesong_no_such_database: .+\n$/,
    );
    expect(run.stderr.split('\n')).toHaveLength(2);
  });
});
