import { describe, expect, it } from 'vitest';
import { retryingRaces } from '../../src/db/retry.js';

const uniqueViolation = () =>
  Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });

describe('retryingRaces', () => {
  it('tries again after a lost race, and answers with the run that wins', async () => {
    let runs = 0;
    const losses = [uniqueViolation(), deadlock()];
    const value = await retryingRaces(async () => {
      runs++;
      const loss = losses.shift();
      if (loss) throw loss;
      return 'won';
    });
    expect(value).toBe('won');
    expect(runs).toBe(3);
  });

  it('throws the last loss after the given number of tries', async () => {
    let runs = 0;
    const run = retryingRaces(
      async () => {
        runs++;
        throw uniqueViolation();
      },
      { attempts: 7 },
    );
    await expect(run).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(runs).toBe(7);
  });

  it('tries five times unless told otherwise', async () => {
    let runs = 0;
    await expect(
      retryingRaces(async () => {
        runs++;
        throw deadlock();
      }),
    ).rejects.toMatchObject({ code: '40P01' });
    expect(runs).toBe(5);
  });

  it('passes any other failure through at once', async () => {
    let runs = 0;
    const failure = new Error('Invalid vendor ID');
    await expect(
      retryingRaces(async () => {
        runs++;
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(runs).toBe(1);
  });
});
