// `npm test`: the type check, the linters, then every test, each stage announced when it starts
// and summed up in one line when it ends. The first two print nothing while all is well, so a
// line every ten seconds says they are still at work. Arguments go to Vitest
// (`npm test -- test/portone`); the first failing stage ends the run with its exit code.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import process from 'node:process';
import { setInterval, clearInterval } from 'node:timers';
import { fileURLToPath, URL } from 'node:url';

const BIN = fileURLToPath(new URL('../node_modules/.bin', import.meta.url));

const STAGES = [
  { name: 'type check', command: 'tsc', args: ['-p', 'tsconfig.json', '--noEmit'], silent: true },
  { name: 'type check (console)', command: 'tsc', args: ['-p', 'console/tsconfig.json'], silent: true },
  { name: 'eslint', command: 'eslint', args: ['.'], silent: true },
  { name: 'prettier', command: 'prettier', args: ['--check', '--log-level', 'warn', '.'], silent: true },
  { name: 'knip', command: 'knip', args: ['--no-progress'], silent: true },
  { name: 'tests', command: 'vitest', args: ['run', ...process.argv.slice(2)], silent: false },
];

const TICK_MS = 10_000;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function run(stage) {
  const started = Date.now();
  process.stdout.write(`▸ ${stage.name}\n`);
  const ticker = stage.silent
    ? setInterval(
        () => process.stdout.write(`  ${stage.name}: still running, ${seconds(Date.now() - started)}\n`),
        TICK_MS,
      )
    : undefined;
  return new Promise((resolve) => {
    const child = spawn(join(BIN, stage.command), stage.args, { stdio: 'inherit' });
    child.on('error', (err) => {
      process.stderr.write(`${stage.name}: ${err.message}\n`);
      resolve({ code: 1, ms: Date.now() - started });
    });
    child.on('exit', (code, signal) => {
      clearInterval(ticker);
      resolve({ code: code ?? (signal ? 1 : 0), ms: Date.now() - started });
    });
  });
}

const summary = [];
for (const stage of STAGES) {
  const { code, ms } = await run(stage);
  summary.push(`${code === 0 ? '✓' : '✗'} ${stage.name} ${seconds(ms)}`);
  process.stdout.write(`${summary.at(-1)}\n`);
  if (code !== 0) {
    process.stdout.write(`npm test: ${stage.name} failed (exit code ${code}); later stages not run\n`);
    process.exit(code);
  }
}
process.stdout.write(`npm test: all stages passed (${summary.map((line) => line.slice(2)).join(', ')})\n`);
