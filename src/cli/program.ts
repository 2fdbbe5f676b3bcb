/**
 * The `baesong` command line: serve, seed demo data, import escrow deliveries from a CSV, read the
 * request journal and the webhooks' attempts. Each command's module is loaded only when it runs, so `seed`,
 * `import-invoices` and `requests` never load the server. `src/cli.ts` runs it; so does the
 * bundle (scripts/bundle.js).
 */
import { createRequire } from 'node:module';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliError, USAGE_EXIT_CODE } from './errors.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
const LOCAL_BASE_URL = 'http://127.0.0.1:8080';

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}

function pageSize(value: string): number {
  const n = wholeNumber(value);
  if (n < 1 || n > 1000) throw new InvalidArgumentError('expected a whole number from 1 to 1000');
  return n;
}

function statusFilter(value: string): string {
  if (!/^([2-5]xx|[1-5]\d\d)$/.test(value))
    throw new InvalidArgumentError('expected a status (500) or a class (5xx)');
  return value;
}

function buildProgram(): Command {
  const program = new Command('baesong')
    .description('A stateful stand-in for the PortOne V1 and Coupang delivery APIs, and tools to use it.')
    .version(version)
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');

  program
    .command('serve')
    .summary('serve the APIs, as `npm start` does')
    .description(
      'Serve the APIs, as `npm start` does. Options override PORT, HOST, DATABASE_URL and ' +
        'BAESONG_SHUTDOWN_TIMEOUT; the other environment variables (BAESONG_ADMIN_TOKEN, ' +
        'COUPANG_RATE_LIMIT, LOG_LEVEL, …) apply as usual.',
    )
    .option('--port <port>', 'TCP port; 0 picks a free one and prints it (default PORT, else 8080)')
    .option('--host <host>', 'address to bind (default HOST, else 127.0.0.1)')
    .option(
      '--database <url>',
      'database, as DATABASE_URL takes it, e.g. a SQLite file path or :memory: (default DATABASE_URL, else ./data/baesong.sqlite)',
    )
    .option(
      '--shutdown-timeout <seconds>',
      'on SIGTERM or SIGINT, how long requests in flight may take before they are answered 503 and the server exits (default BAESONG_SHUTDOWN_TIMEOUT, else 10)',
    )
    .action(async (options) => {
      const { serveCommand } = await import('./serve.js');
      await serveCommand(options);
    });

  program
    .command('seed')
    .summary('create demo data in a running baesong and print its credentials')
    .description(
      'Create demo data in a running baesong: a PortOne merchant with a paid escrow payment for ' +
        'html5_inicis, kcp and daou, and a paid Paymentwall payment; a Coupang vendor with its ' +
        'Open API keys. Prints the credentials.',
    )
    .option('--base-url <url>', 'the baesong server', LOCAL_BASE_URL)
    .addOption(new Option('--admin-token <token>', "the server's admin token").env('BAESONG_ADMIN_TOKEN'))
    .option('--json', 'print JSON')
    .option('--env', 'print `export NAME=value` lines for a shell (eval "$(baesong seed --env)")')
    .action(async (options) => {
      const { seedCommand } = await import('./seed.js');
      await seedCommand(options);
    });

  program
    .command('import-invoices')
    .summary('register escrow deliveries from a CSV')
    .description(
      'Register escrow deliveries from a CSV, against baesong or PortOne. Columns by header name, in ' +
        'any order: imp_uid, company, invoice, sent_at (UNIX seconds, or YYYY-MM-DD HH:mm in Korea ' +
        'time), and as the PG needs them sender_name, sender_tel, sender_addr, sender_postcode, ' +
        'sender_relationship, receiver_name, receiver_tel, receiver_addr, receiver_postcode, ' +
        'receiving_at (YYYYMMDD), address. Exit status: 0 when no row failed, 1 when some did, ' +
        '2 when the file could not be imported at all.',
    )
    .argument('<file>', 'the CSV file (UTF-8 or EUC-KR)')
    .addOption(
      new Option('--base-url <url>', 'the PortOne API: https://api.iamport.kr, or a baesong server')
        .env('PORTONE_BASE_URL')
        .default(LOCAL_BASE_URL),
    )
    .addOption(new Option('--imp-key <key>', 'REST API key').env('PORTONE_IMP_KEY'))
    .addOption(new Option('--imp-secret <secret>', 'REST API secret').env('PORTONE_IMP_SECRET'))
    .addOption(
      new Option('--concurrency <n>', 'requests in flight at once').argParser(wholeNumber).default(8),
    )
    .option('--out <file>', 'the results CSV (default <file>.results.csv)')
    .option('--dry-run', "check every row against its payment's PG rules; register nothing")
    .action(async (file, options) => {
      const { importInvoicesCommand } = await import('./import-invoices.js');
      await importInvoicesCommand(file, options);
    });

  program
    .command('requests')
    .summary("print the sandbox's request journal; --follow to tail it")
    .description(
      'Print the newest platform requests a running baesong answered, one line each: time, tenant, ' +
        'method, path, status, duration (and the fault that shaped the answer). With --follow, go on ' +
        'printing new ones as they come, until interrupted (Ctrl-C). Filters combine with AND.',
    )
    .option('-f, --follow', 'keep printing new requests as they come')
    .addOption(new Option('--platform <platform>', 'only this platform').choices(['portone', 'coupang']))
    .option('--method <method>', 'only this HTTP method')
    .option(
      '--route <route>',
      "only this route, as the README's route table writes it: 'POST /escrows/logis/{imp_uid}'",
    )
    .option('--path <path>', 'only this exact path')
    .addOption(
      new Option('--status <status>', 'only this status (500) or class (5xx)').argParser(statusFilter),
    )
    .option('--merchant <imp_key>', "only this merchant's requests")
    .option('--vendor <vendorId>', "only this vendor's requests")
    .addOption(
      new Option('--limit <n>', 'how many of the newest requests to print first (1 to 1000)')
        .argParser(pageSize)
        .default(20),
    )
    .option('--json', 'print each request as a line of JSON, the whole journal entry')
    .option('--base-url <url>', 'the baesong server', LOCAL_BASE_URL)
    .option('--url <url>', 'the same as --base-url')
    .addOption(new Option('--admin-token <token>', "the server's admin token").env('BAESONG_ADMIN_TOKEN'))
    .action(async (options) => {
      const { requestsCommand } = await import('./requests.js');
      await requestsCommand(options);
    });

  program
    .command('webhooks')
    .summary("print the attempts of the sandbox's merchant webhooks; --follow to tail them")
    .description(
      'Print the attempts of the newest merchant webhooks a running baesong made, one line each: time, ' +
        'merchant, webhook id and attempt number, event and payment, URL, the HTTP status or the error, ' +
        "duration, and the webhook's state. With --follow, go on printing new attempts (first ones, " +
        'retries, replays) as they are made, until interrupted (Ctrl-C).',
    )
    .option('-f, --follow', 'keep printing new attempts as they come')
    .option('--merchant <imp_key>', "only this merchant's webhooks")
    .option('--imp-uid <imp_uid>', "only this payment's webhooks")
    .addOption(
      new Option('--state <state>', 'only webhooks in this state').choices([
        'pending',
        'delivered',
        'failed',
      ]),
    )
    .addOption(
      new Option('--limit <n>', 'how many of the newest webhooks to look at (1 to 1000)')
        .argParser(pageSize)
        .default(20),
    )
    .option('--json', 'print each attempt as a line of JSON: its webhook, with the attempt number')
    .option('--base-url <url>', 'the baesong server', LOCAL_BASE_URL)
    .option('--url <url>', 'the same as --base-url')
    .addOption(new Option('--admin-token <token>', "the server's admin token").env('BAESONG_ADMIN_TOKEN'))
    .action(async (options) => {
      const { webhooksCommand } = await import('./webhooks.js');
      await webhooksCommand(options);
    });
  return program;
}

/** Runs `baesong` with these arguments (`process.argv`'s shape); sets `process.exitCode`. */
export async function runCli(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has printed the problem (or the help, or the version) already.
      process.exitCode = err.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    } else if (err instanceof CliError) {
      process.stderr.write(`baesong: ${err.message}\n`);
      process.exitCode = err.exitCode;
    } else {
      process.stderr.write(`baesong: ${(err as Error)?.message ?? String(err)}\n`);
      process.exitCode = 1;
    }
  }
}
