import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { AppClock } from '../../clock.js';
import { databaseErrorReason } from '../../db/index.js';
import type { WebhooksTable } from '../../db/schema.js';
import { WebhookClient } from './attempt.js';
import type { ContentType, WebhookFields } from './rules.js';
import { Outbox } from './store.js';
import type { Database } from '../../db/index.js';

/** How often the sender looks for due webhooks it was not woken for (other instances', a moved clock). */
const POLL_INTERVAL_MS = 250;
/** Attempts in flight at once: a slow receiver holds one of them, never the others. */
const MAX_IN_FLIGHT = 32;
/** On shutdown, attempts in flight get this long to finish; the others' leases are given back. */
const SHUTDOWN_GRACE_MS = 1_000;

/**
 * The webhook sender of one instance: it claims due rows of the outbox with a lease, makes each
 * attempt concurrently with the others, and writes its result. Woken by the events of its own
 * instance, it also looks every 250 ms for rows of other instances and rows a moved clock made due.
 */
export class WebhookSender {
  private readonly outbox: Outbox;
  private readonly client: WebhookClient;
  private readonly inFlight = new Map<number, { abort: AbortController; done: Promise<void> }>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private pumping = false;
  private pumpAgain = false;
  private failing = false;

  constructor(
    database: Database,
    private readonly clock: AppClock,
    allowedHosts: readonly string[] | undefined,
    private readonly log: FastifyBaseLogger,
  ) {
    this.outbox = new Outbox(database.db, database.writes, database.engine, randomBytes(8).toString('hex'));
    this.client = new WebhookClient(allowedHosts);
  }

  start(): void {
    this.running = true;
    this.tick();
  }

  /** An event's webhook was committed: look now rather than at the next poll. */
  wake(): void {
    if (this.running) void this.pump();
  }

  private tick(): void {
    if (!this.running) return;
    void this.pump().finally(() => {
      if (this.running) this.timer = setTimeout(() => this.tick(), POLL_INTERVAL_MS).unref();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        while (this.running && this.inFlight.size < MAX_IN_FLIGHT) {
          const row = await this.outbox.claim(this.clock.nowMs());
          if (!row) break;
          if (!this.running) {
            await this.outbox.release([Number(row.id)]);
            break;
          }
          this.launch(row);
        }
      } while (this.pumpAgain && this.running);
      if (this.failing) this.log.info('webhook sender: the database answers again');
      this.failing = false;
    } catch (err) {
      // The database is away: the rows wait in the outbox, and the next poll tries again.
      if (!this.failing) this.log.warn(`webhook sender paused: ${databaseErrorReason(err)}`);
      this.failing = true;
    } finally {
      this.pumping = false;
    }
  }

  private launch(row: WebhooksTable): void {
    const id = Number(row.id);
    const abort = new AbortController();
    const done = this.attempt(row, abort.signal)
      .catch((err: unknown) => {
        if (!abort.signal.aborted) this.log.warn(`webhook ${id} not recorded: ${databaseErrorReason(err)}`);
      })
      .finally(() => {
        this.inFlight.delete(id);
        // A slot is free: anything waiting for one goes out now.
        if (this.running) void this.pump();
      });
    this.inFlight.set(id, { abort, done });
  }

  private async attempt(row: WebhooksTable, stop: AbortSignal): Promise<void> {
    const merchantClock = this.clock.of({ merchant: row.imp_key });
    const atMs = merchantClock.nowMs();
    // A retry has the guide's 15 s in all; a first attempt and a replay the connect and read timeouts.
    const isRetry = Number(row.attempts) > 0 && !row.replay;
    const { outcome, durationMs } = await this.client.send(
      {
        url: row.url,
        contentType: row.content_type as ContentType,
        fields: JSON.parse(row.body) as WebhookFields,
        connectMs: Number(row.connect_ms),
        readMs: Number(row.read_ms),
        totalMs: isRetry ? Number(row.retry_total_ms) : undefined,
      },
      stop,
    );
    await this.outbox.record(row, outcome, { atMs, durationMs, endedAtMs: merchantClock.nowMs() });
  }

  /**
   * Stops claiming, gives attempts in flight a moment to finish and be recorded, then aborts
   * the rest and gives their leases back, so the next instance to look sends them at once.
   */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    const all = () => Promise.all([...this.inFlight.values()].map((f) => f.done));
    await Promise.race([all(), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())]);
    const unfinished = [...this.inFlight.keys()];
    for (const flight of this.inFlight.values()) flight.abort.abort();
    await all();
    await this.outbox.release(unfinished).catch((err: unknown) => {
      this.log.warn(`webhook leases not given back (they expire by themselves): ${databaseErrorReason(err)}`);
    });
    await this.client.close();
  }
}
