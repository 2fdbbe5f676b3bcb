/** The results as Markdown: printed by `npm run bench` and saved as bench/results.md. */
import type { LoadResult } from './load.js';
import type { Machine } from './machine.js';
import type { PacedResult } from './paced.js';
import { combined, type ScaleReport, type ScaleSize } from './scale.js';

export type ServerName = 'baseline' | 'baesong' | 'prism';
export const SERVER_NAMES: readonly ServerName[] = ['baseline', 'baesong', 'prism'];

export interface Measured extends LoadResult {
  /** The server's CPU use over the run, in cores (1 = one core fully busy). */
  cpu: number;
  /** The load generator's CPU use over the run, in cores: near 1, it and not the server sets the pace. */
  loader: number;
  /** Other processes' share of the server's core over the run: noise from the rest of the machine. */
  others: number | undefined;
}

export interface ScenarioReport {
  name: string;
  kind: 'read' | 'write';
  results: Partial<Record<ServerName, Measured | { error: string }>>;
  halfRate?: PacedResult | { error: string };
  /** The baseline at the same fixed rate: the latency the machine adds by itself. */
  halfRateBaseline?: PacedResult | { error: string };
}

export interface Report {
  machine: Machine;
  machineLoad: string;
  settings: { duration: number; warmup: number; connections: number; startupRuns: number };
  note: string;
  skipped: string[];
  scenarios: ScenarioReport[];
  startup: Record<'baesong' | 'baseline', number[]>;
  memory: { scenario: string; rssKiB: number[] };
  /** The scenario table again with baesong on PostgreSQL, each next to the baseline; undefined when skipped. */
  postgres?: { where: string; version: string; scenarios: ScenarioReport[] } | { error: string };
  /** Scenarios with the request journal on (the default) and off (`BAESONG_JOURNAL_SIZE=0`). */
  journal?: { name: string; on: Measured | { error: string }; off: Measured | { error: string } }[];
  /** Outbound creates with few and with many places stored; undefined when not run. */
  scale?: ScaleReport | { error: string };
  seconds: number;
  /** How long each part of the run took, in order. */
  phases: { name: string; seconds: number }[];
}

/** The thresholds the benchmark checks. */
export const TARGETS = {
  readShare: 0.6,
  writeShare: 0.4,
  halfRateP99Ms: 5,
  timesPrism: 3,
  startupTimesBaseline: 2,
  startupMs: 300,
  /** RSS growth from the first to the third memory run, as a share of the first. */
  memoryGrowth: 0.1,
  /** Outbound create p50 with the many places stored over with the few. */
  scaleP50Ratio: 1.25,
  /** The server's RSS after the run with the many places stored, in MB (10^6 bytes). */
  scaleRssMB: 150,
};

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '–';
const ms = (n: number) => fmt(n, n < 10 ? 2 : 1);
const ratio = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');
const pct = (n: number | undefined) => (n === undefined ? '–' : `${Math.round(n * 100)}%`);
const signedPct = (n: number) => `${n >= 0 ? '+' : '−'}${fmt(Math.abs(n) * 100, 1)}%`;
const mib = (kib: number) => fmt(kib / 1024, 1);

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function statusMix(statuses: Record<string, number>, errors: number): string {
  const total = Object.values(statuses).reduce((a, b) => a + b, 0) + errors;
  if (total === 0) return 'no answer';
  const parts = Object.entries(statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}: ${fmt((100 * count) / total, count === total ? 0 : 1)}%`);
  if (errors) parts.push(`errors: ${fmt(errors)}`);
  return parts.join(', ');
}

function isMeasured(r: Measured | { error: string } | undefined): r is Measured {
  return r !== undefined && !('error' in r);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

export interface Verdict {
  target: string;
  scenario: string;
  measured: string;
  reached: boolean | undefined;
}

export function verdicts(report: Report): Verdict[] {
  const out: Verdict[] = [];
  for (const s of report.scenarios) {
    const baesong = s.results.baesong;
    const baseline = s.results.baseline;
    const prism = s.results.prism;
    if (isMeasured(baesong) && isMeasured(baseline)) {
      const share = s.kind === 'read' ? TARGETS.readShare : TARGETS.writeShare;
      const r = baesong.rps / baseline.rps;
      // What the ratio would be with each server alone on a core it saturates: the baseline's CPU
      // time per request over baesong's. It does not depend on whether the load generator or the
      // machine's other work held the baseline back.
      const byCpu = baseline.cpu / baseline.rps / (baesong.cpu / baesong.rps);
      out.push({
        target: `req/s ≥ ${share} × baseline (${s.kind})`,
        scenario: s.name,
        measured: `${ratio(r)} (by CPU per request: ${ratio(byCpu)})`,
        reached: r >= share,
      });
    }
    if (s.halfRate && !('error' in s.halfRate)) {
      const h = s.halfRate;
      out.push({
        target: `p99 at half the maximum rate ≤ ${TARGETS.halfRateP99Ms} ms`,
        scenario: s.name,
        measured:
          `${ms(h.p99)} ms at ${fmt(h.rate)} req/s` +
          (s.halfRateBaseline && !('error' in s.halfRateBaseline)
            ? ` (baseline at that rate: ${ms(s.halfRateBaseline.p99)} ms)`
            : ''),
        reached: h.p99 <= TARGETS.halfRateP99Ms && h.errors === 0,
      });
    }
    if (isMeasured(baesong) && isMeasured(prism)) {
      const r = baesong.rps / prism.rps;
      const byCpu = prism.cpu / prism.rps / (baesong.cpu / baesong.rps);
      out.push({
        target: `req/s ≥ ${TARGETS.timesPrism} × Prism`,
        scenario: s.name,
        measured: `${ratio(r)} (by CPU per request: ${ratio(byCpu)})`,
        reached: r >= TARGETS.timesPrism,
      });
    }
  }
  const b = median(report.startup.baesong);
  const base = median(report.startup.baseline);
  if (Number.isFinite(b) && Number.isFinite(base)) {
    out.push({
      target: `start-up ≤ ${TARGETS.startupTimesBaseline} × baseline`,
      scenario: '–',
      measured: `${ratio(b / base)} (${ms(b)} ms / ${ms(base)} ms)`,
      reached: b <= TARGETS.startupTimesBaseline * base,
    });
    out.push({
      target: `start-up < ${TARGETS.startupMs} ms`,
      scenario: '–',
      measured: `${ms(b)} ms`,
      reached: b < TARGETS.startupMs,
    });
  }
  const rss = report.memory.rssKiB;
  if (rss.length >= 4) {
    const first = rss[1] as number;
    const last = rss[rss.length - 1] as number;
    out.push({
      target: `memory: RSS growth across three load runs ≤ ${pct(TARGETS.memoryGrowth)}`,
      scenario: report.memory.scenario,
      measured: `${signedPct((last - first) / first)} (after run 1: ${mib(first)} MiB, after run 3: ${mib(last)} MiB)`,
      reached: last - first <= TARGETS.memoryGrowth * first,
    });
  }
  const sizes = report.scale && 'sizes' in report.scale ? report.scale.sizes : [];
  const few = sizes[0];
  const many = sizes[sizes.length - 1];
  const fewRuns = few && combined(few);
  const manyRuns = many && combined(many);
  if (few && many && few !== many && fewRuns && manyRuns) {
    const r = manyRuns.p50 / fewRuns.p50;
    out.push({
      target: `outbound create p50 with ${fmt(many.places)} places ≤ ${TARGETS.scaleP50Ratio} × with ${fmt(few.places)}`,
      scenario: 'Coupang outbound create',
      measured: `${ratio(r)} (${ms(manyRuns.p50)} ms / ${ms(fewRuns.p50)} ms; by CPU per request: ${ratio(manyRuns.cpuPerRequest / fewRuns.cpuPerRequest)})`,
      reached: r <= TARGETS.scaleP50Ratio,
    });
  }
  if (many && many.rssKiB > 0) {
    out.push({
      target: `RSS with ${fmt(many.places)} places stored ≤ ${TARGETS.scaleRssMB} MB`,
      scenario: 'Coupang outbound create',
      measured: `${fmt((many.rssKiB * 1024) / 1e6, 1)} MB (${mib(many.rssKiB)} MiB) after its runs`,
      reached: many.rssKiB * 1024 <= TARGETS.scaleRssMB * 1e6,
    });
  }
  return out;
}

/** The maximum-rate rows of `servers` for each scenario, ratios against its baseline. */
function maxRateRows(
  scenarios: ScenarioReport[],
  servers: readonly ServerName[],
  label: (s: ServerName) => string = (s) => s,
) {
  const rows: string[][] = [];
  for (const s of scenarios) {
    const base = s.results.baseline;
    for (const name of servers) {
      const r = s.results[name];
      if (r === undefined) continue;
      if (!isMeasured(r)) {
        rows.push([s.name, label(name), `failed: ${r.error}`, '', '', '', '', '']);
        continue;
      }
      const rel = (value: number, of: (m: Measured) => number) =>
        isMeasured(base) && name !== 'baseline' ? ` (${ratio(value / of(base))})` : '';
      rows.push([
        s.name,
        label(name),
        fmt(r.rps) + rel(r.rps, (m) => m.rps),
        ms(r.p50) + rel(r.p50, (m) => m.p50),
        ms(r.p99) + rel(r.p99, (m) => m.p99),
        fmt((r.cpu * 1e6) / r.rps) + rel((r.cpu * 1e6) / r.rps, (m) => (m.cpu * 1e6) / m.rps),
        `${pct(r.cpu)} / ${pct(r.others)} / ${pct(r.loader)}`,
        statusMix(r.statuses, r.errors),
      ]);
    }
  }
  return rows;
}

const MAX_RATE_HEADER = [
  'scenario',
  'server',
  'req/s (× baseline)',
  'p50 ms (× baseline)',
  'p99 ms (× baseline)',
  'server CPU µs/request (× baseline)',
  'CPU: server / others / loader',
  'statuses',
];

function postgresSection(report: Report): string[] {
  const pgReport = report.postgres;
  if (!pgReport) return [];
  const parts = ['## PostgreSQL', ''];
  if ('error' in pgReport) return [...parts, `Failed: ${pgReport.error}`, ''];
  parts.push(
    `The same scenarios with baesong on PostgreSQL (${pgReport.where}, ${pgReport.version.split(',')[0]}), in a schema of its own created for the run and dropped after it; the baseline measured right before baesong in each scenario, the same load as above. Prism is not repeated.`,
    '',
    '**The PostgreSQL server itself is not pinned**: its processes run on either core, the load generator’s included, and their CPU is not in the server CPU column (baesong’s process only); on the server’s core it counts among “others”.',
    '',
    table(
      MAX_RATE_HEADER,
      maxRateRows(pgReport.scenarios, ['baseline', 'baesong'], (s) =>
        s === 'baesong' ? 'baesong (PostgreSQL)' : s,
      ),
    ),
    '',
  );
  return parts;
}

function scaleSection(report: Report): string[] {
  const scale = report.scale;
  if (!scale) return [];
  const parts = ['## Scale', ''];
  if ('error' in scale) return [...parts, `Failed: ${scale.error}`, ''];
  const { settings } = report;
  parts.push(
    `Coupang outbound creates (a unique name and address each, signed anew each second) under the same closed-loop load as above (${settings.connections} connections, ${settings.warmup} s warm-up then ${settings.duration} s measured), by baesong on a SQLite file holding one vendor's outbound places. The places were written straight into the file, row for row as the store writes them (the server's own migrations, vendor creation, rules, address keys and sequences; prepared statements, 50,000 places a transaction), both files before either server started, and synced to disk so that the kernel's write-back does not fall into a run. Then a server on each file, both up at once; each had to count the places, refuse a stored name and a stored address as duplicates, and number the next place after them. Then one run on each, not counted (a fresh server spends its first seconds of load compiling its handlers; the scenario table's server had warmed through earlier scenarios), and the measured runs in the order few, many, many, few, so that a drift in the machine's other load weighs on both sizes alike; the load adds its own places (req/s × ${settings.warmup + settings.duration} s a run). RSS is read once a server started, once it answered the checks, and after its last run: counting the million reads a whole index, so from then on the figure includes SQLite's page cache full (16,000 KiB a connection, better-sqlite3's default), as a server that has lived with its data a while holds it; file-backed is the Node binary and libraries, shared with other processes.`,
    '',
    table(
      [
        'run',
        'places stored',
        'req/s',
        'p50 ms',
        'p99 ms',
        'server CPU µs/request',
        'CPU: server / others / loader',
        'statuses',
      ],
      scale.order.map((index, n) => {
        const size = scale.sizes[index] as ScaleSize;
        const r = size.results[scale.order.slice(0, n).filter((i) => i === index).length];
        const head = [String(n + 1), fmt(size.places)];
        if (!isMeasured(r)) return [...head, `failed: ${r?.error ?? 'not run'}`, '', '', '', '', ''];
        return [
          ...head,
          fmt(r.rps),
          ms(r.p50),
          ms(r.p99),
          fmt((r.cpu * 1e6) / r.rps),
          `${pct(r.cpu)} / ${pct(r.others)} / ${pct(r.loader)}`,
          statusMix(r.statuses, r.errors),
        ];
      }),
    ),
    '',
    table(
      [
        'places stored',
        'written in s',
        'file MiB',
        'p50 ms, mean of its runs',
        'server CPU µs/request, its runs',
        'RSS MiB: started / checked / after its runs (file-backed)',
      ],
      scale.sizes.map((size) => {
        const both = combined(size);
        return [
          fmt(size.places),
          fmt(size.fill.seconds, 1),
          fmt(size.fill.bytes / 1048576, 1),
          both ? ms(both.p50) : '–',
          both ? fmt(both.cpuPerRequest * 1e6) : '–',
          `${mib(size.rssStartKiB)} / ${mib(size.rssCheckedKiB)} / ${mib(size.rssKiB)} (${mib(size.rssFileKiB)})`,
        ];
      }),
    ),
    '',
    'Closed loop rather than paced: the p50 of a saturated closed loop is about the connections times the time the server spends per request, the cost that would grow with the tables, averaged over every request of the run, and the same load as the outbound-create row of the maximum-rate table; a paced run at a low rate would measure mostly the loopback and the scheduler. CPU per request is shown as the steadier check.',
    '',
  );
  return parts;
}

/** The journal's cost: req/s and CPU per request with the journal on, over the same with it off. */
function journalSection(report: Report): string[] {
  if (!report.journal || report.journal.length === 0) return [];
  const rows = report.journal.map(({ name, on, off }) => {
    if ('error' in on || 'error' in off) return [name, '–', '–', '–', '–', '–', '–'];
    const cpuOn = (on.cpu / on.rps) * 1e6;
    const cpuOff = (off.cpu / off.rps) * 1e6;
    return [
      name,
      fmt(off.rps),
      fmt(on.rps),
      ratio(off.rps / on.rps),
      fmt(cpuOff),
      fmt(cpuOn),
      ratio(cpuOn / cpuOff),
    ];
  });
  return [
    '## The request journal on and off',
    '',
    'baesong as it runs by default (journal on, 10,000 entries) and a second baesong with `BAESONG_JOURNAL_SIZE=0`, each on a SQLite file of its own, measured one right after the other. Cost: req/s off over on, and CPU per request on over off (1.00× is free).',
    '',
    table(
      ['scenario', 'req/s off', 'req/s on', 'cost (req/s)', 'CPU µs/req off', 'CPU µs/req on', 'cost (CPU)'],
      rows,
    ),
    '',
  ];
}

export function renderReport(report: Report): string {
  const { machine, settings } = report;
  const parts: string[] = ['# baesong benchmark results', ''];
  if (report.note) parts.push(`> ${report.note}`, '');
  parts.push(
    `- Date: ${machine.date}; commit ${machine.commit}; Node ${machine.node}.`,
    `- Machine: ${machine.cpu}, ${machine.cores} cores; load average when the run began: ${report.machineLoad}.`,
    `- Load: autocannon, ${settings.connections} connections, ${settings.warmup} s warm-up then ${settings.duration} s measured, per server and scenario; ` +
      (machine.pinned
        ? 'load generator on core 0, servers on core 1 (taskset).'
        : 'nothing pinned (fewer than 2 cores, or no taskset): load generator and server share the cores.'),
    '- Servers: **baesong** (`node dist/cli.js serve`, a fresh SQLite file, `LOG_LEVEL=warn`), **baseline** (bare Fastify answering the same routes with a fixed JSON body of the same shape: no auth, validation or database), **Prism** (`@stoplight/prism-cli` 5.14.2 mocking baesong’s `/openapi.json`).',
    '- Ratios compare with the baseline measured in the same run. Latencies run from when a request was sent (at half rate: from when it fell due) to its whole answer.',
    '- CPU: the server’s CPU time per answered request; then the shares of a core taken by the server, by other processes on the server’s core (noise from the rest of the machine), and by the load generator on its own core (near 100%, the generator and not the server set the pace).',
    '',
    '## Maximum rate',
    '',
  );
  parts.push(
    table(MAX_RATE_HEADER, maxRateRows(report.scenarios, SERVER_NAMES)),
    '',
    '## baesong at half its maximum rate',
    '',
    'Open loop at a fixed rate (wrk2-style): each request falls due at its own time, answered or not the ones before, and its latency counts from then. The baseline runs at the same rate, for the latency the machine adds by itself.',
    '',
  );
  const baselineP99 = (s: ScenarioReport) =>
    s.halfRateBaseline && !('error' in s.halfRateBaseline) ? ms(s.halfRateBaseline.p99) : '–';
  parts.push(
    table(
      [
        'scenario',
        'rate req/s',
        'answered req/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'statuses',
        'baseline p99 ms, same rate',
      ],
      report.scenarios.map((s) => {
        const h = s.halfRate;
        if (!h) return [s.name, '–', '–', '–', '–', '–', '–', '–'];
        if ('error' in h) return [s.name, `failed: ${h.error}`, '', '', '', '', '', ''];
        return [
          s.name,
          fmt(h.rate),
          fmt(h.achieved),
          ms(h.p50),
          ms(h.p99),
          ms(h.max),
          statusMix(h.statuses, h.errors),
          baselineP99(s),
        ];
      }),
    ),
    '',
    '## Start-up',
    '',
    `Spawn to the first 200 from \`/healthz\`, ${settings.startupRuns} runs each, baesong on the database the load runs left.`,
    '',
  );
  const base = median(report.startup.baseline);
  parts.push(
    table(
      ['server', 'median ms', 'min ms', 'max ms', '× baseline'],
      (['baesong', 'baseline'] as const).map((name) => {
        const t = report.startup[name];
        return [name, ms(median(t)), ms(Math.min(...t)), ms(Math.max(...t)), ratio(median(t) / base)];
      }),
    ),
    '',
    '## Memory',
    '',
    `baesong's resident memory (VmRSS) before and after each of three back-to-back ${settings.duration} s runs of ${report.memory.scenario}.`,
    '',
  );
  const rss = report.memory.rssKiB;
  parts.push(
    table(
      ['when', 'RSS MiB', 'growth since run 1 MiB'],
      rss.map((kib, i) => [
        i === 0 ? 'before' : `after run ${i}`,
        fmt(kib / 1024, 1),
        i === 0 ? '–' : fmt(((kib - (rss[1] as number)) / 1024) as number, 1),
      ]),
    ),
    '',
    ...journalSection(report),
    ...postgresSection(report),
    ...scaleSection(report),
    '## Targets',
    '',
    table(
      ['target', 'scenario', 'measured', 'result'],
      verdicts(report).map((v) => [v.target, v.scenario, v.measured, v.reached ? 'reached' : 'missed']),
    ),
    '',
  );
  if (report.skipped.length) parts.push('## Skipped', '', ...report.skipped.map((s) => `- ${s}`), '');
  const phases = report.phases.map((p) => `${p.name} ${fmt(p.seconds)} s`).join(', ');
  parts.push(`The run took ${fmt(report.seconds)} s${phases ? ` (${phases})` : ''}.`, '');
  return parts.join('\n');
}
