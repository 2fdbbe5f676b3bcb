import type { Reporter, TestModule } from 'vitest/node';

type Counts = { passed: number; failed: number; skipped: number };

const ENGINE_IN_NAME = /\('?(sqlite|postgres)'?\)/;

/**
 * Prints, after the default report, how many tests ran on each engine, then one plain line
 * `N passed, N failed, N skipped`. A test's engine is the `('sqlite')` or `('postgres')` that
 * `describe.each(engines)('… ($name)')` puts in its suite's name (or a plain `(postgres)` in the
 * name of a suite for that engine only); other tests are counted as engine-independent.
 */
export default class EngineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const byEngine = new Map<string, Counts>();
    const total: Counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        const key = state === 'passed' ? 'passed' : state === 'failed' ? 'failed' : 'skipped';
        const engine = ENGINE_IN_NAME.exec(test.fullName)?.[1] ?? 'engine-independent';
        const counts = byEngine.get(engine) ?? { passed: 0, failed: 0, skipped: 0 };
        counts[key]++;
        total[key]++;
        byEngine.set(engine, counts);
      }
    }
    const lines = ['', 'Tests per engine:'];
    for (const engine of ['sqlite', 'postgres', 'engine-independent']) {
      const c = byEngine.get(engine) ?? { passed: 0, failed: 0, skipped: 0 };
      const ran = c.passed + c.failed;
      const note = engine === 'postgres' && ran === 0 ? ' (PostgreSQL half not run)' : '';
      lines.push(
        `  ${engine.padEnd(19)} ${String(ran).padStart(4)} run (${c.passed} passed, ${c.failed} failed), ${c.skipped} skipped${note}`,
      );
    }
    lines.push(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
