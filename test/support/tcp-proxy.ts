import { connect, createServer, type Socket } from 'node:net';

/** A TCP proxy a test controls: it forwards to a server until cut off, and again once restored. */
export interface TcpProxy {
  host: string;
  port: number;
  /** Drops every open connection and refuses new ones, as a lost link would. */
  cut(): void;
  /** Forwards new connections again. */
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let linked = true;
  const server = createServer((client) => {
    if (!linked) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      // Either end failing ends both: the other side sees the connection reset.
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the proxy has no address');
  return {
    host: '127.0.0.1',
    port: address.port,
    cut() {
      linked = false;
      for (const socket of open) socket.destroy();
    },
    restore() {
      linked = true;
    },
    close() {
      linked = false;
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
