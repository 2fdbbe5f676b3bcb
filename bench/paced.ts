/**
 * Open-loop load at a fixed rate, as wrk2 measures it: request i is due at start + i / rate,
 * whether or not earlier ones were answered, and its latency counts from when it was released
 * (the timer tick at which it fell due), including any wait for a free connection. A server
 * that stalls is therefore charged for every request that waited behind the stall (no
 * coordinated omission).
 *
 * autocannon's `overallRate` is not used for this: it lets each connection send its quota for
 * the second as fast as it can and then idle until the next second, so its "half rate" runs
 * are bursts at full speed, and their latency is that of full load.
 *
 * A minimal HTTP/1.1 client on raw sockets keeps the generator cheap: requests are written
 * as prepared bytes and responses are delimited by their Content-Length (every server measured
 * here sends one).
 */
import { connect, type Socket } from 'node:net';
import { percentile, Samples } from './load.js';
import { isFixed, nextRequest, type ScenarioRequest } from './scenarios.js';

export interface PacedResult {
  /** Requests a second asked for, and answered. */
  rate: number;
  achieved: number;
  p50: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  errors: number;
  /** Requests still unanswered at the end (they count as errors too). */
  unanswered: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');

function requestBytes(host: string, request: ScenarioRequest): Buffer {
  const { headers, body } = nextRequest(request);
  let head = `${request.method} ${request.path} HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  if (body !== undefined) head += `Content-Length: ${Buffer.byteLength(body)}\r\n`;
  return Buffer.from(head + '\r\n' + (body ?? ''));
}

/** One keep-alive connection carrying one request at a time. */
class Connection {
  private buffered: Buffer = Buffer.alloc(0);
  /** When the request in flight was due, or undefined when the connection is idle. */
  dueAt: number | undefined;
  readonly socket: Socket;

  constructor(
    port: number,
    private readonly onResponse: (connection: Connection, status: number) => void,
    private readonly onError: (connection: Connection) => void,
  ) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk) => this.read(chunk));
    this.socket.on('error', () => this.onError(this));
  }

  send(bytes: Buffer, dueAt: number): void {
    this.dueAt = dueAt;
    this.socket.write(bytes);
  }

  private read(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const headerEnd = this.buffered.indexOf(HEADER_END);
      if (headerEnd === -1) return;
      const head = this.buffered.toString('latin1', 0, headerEnd);
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      const total = headerEnd + HEADER_END.length + length;
      if (this.buffered.length < total) return;
      this.buffered = this.buffered.subarray(total);
      this.onResponse(this, Number(head.slice(9, 12)));
    }
  }
}

/** Sends `rate` requests a second for `seconds` over `connections` connections. */
export async function paced(
  port: number,
  request: ScenarioRequest,
  options: { rate: number; seconds: number; connections: number },
): Promise<PacedResult> {
  const { rate, seconds } = options;
  const host = `127.0.0.1:${port}`;
  const fixed = isFixed(request) ? requestBytes(host, request) : undefined;
  const next = () => fixed ?? requestBytes(host, request);

  const latencies = new Samples();
  const statuses: Record<string, number> = {};
  let errors = 0;
  const idle: Connection[] = [];
  /** Due times of requests waiting for an idle connection. */
  const waiting: number[] = [];
  let waitingHead = 0;

  const dispatch = (connection: Connection) => {
    if (waitingHead < waiting.length) connection.send(next(), waiting[waitingHead++] as number);
    else idle.push(connection);
  };
  const onResponse = (connection: Connection, status: number) => {
    latencies.add(performance.now() - (connection.dueAt as number));
    statuses[status] = (statuses[status] ?? 0) + 1;
    connection.dueAt = undefined;
    dispatch(connection);
  };
  const onError = (connection: Connection) => {
    errors++;
    connection.dueAt = undefined;
  };

  const connections = Array.from(
    { length: options.connections },
    () => new Connection(port, onResponse, onError),
  );
  await Promise.all(connections.map((c) => new Promise((resolve) => c.socket.once('connect', resolve))));
  idle.push(...connections);

  const total = Math.round(rate * seconds);
  const start = performance.now();
  let scheduled = 0;
  await new Promise<void>((resolve) => {
    // Node's timers fire about every millisecond: each tick releases the requests now due.
    const timer = setInterval(() => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) * rate) / 1000));
      for (; scheduled < due; scheduled++) {
        // Counted from this tick, the moment the generator released it: the timer's own
        // lateness (up to a millisecond or so) is the generator's, not the server's.
        waiting.push(now);
        const connection = idle.pop();
        if (connection) connection.send(next(), waiting[waitingHead++] as number);
      }
      if (scheduled >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  // Requests still in flight get a grace period to finish.
  const graceEnd = performance.now() + 2000;
  while (latencies.length + errors < total && performance.now() < graceEnd) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const elapsed = (performance.now() - start) / 1000;
  for (const c of connections) c.socket.destroy();

  const sorted = latencies.sorted();
  const unanswered = total - latencies.length - errors;
  return {
    rate,
    achieved: latencies.length / elapsed,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.length ? (sorted[sorted.length - 1] as number) : NaN,
    statuses,
    errors: errors + unanswered,
    unanswered,
  };
}
