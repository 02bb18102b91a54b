/**
 * Real TCP endpoints for the network tests: a server that accepts connections and never answers (a database host
 * that is up at the TCP level but never replies), and a relay in front of PostgreSQL whose connections the test can
 * cut mid-statement (the network between the applier and the database going away).
 */
import net from 'node:net';
import { after } from 'node:test';

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}

/** A port that accepts TCP connections and never sends a byte; returns the port. */
export async function silentServer(): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  after(() => {
    for (const s of sockets) s.destroy();
  });
  return listen(server);
}

export interface Relay {
  port: number;
  /** Connections relayed so far that are still open. */
  open(): number;
  /** Resets every relayed connection on both sides (RST), as a dropped network link looks once noticed. */
  cut(): void;
}

/** Forwards 127.0.0.1:<port> to `targetPort` on loopback. */
export async function relayTo(targetPort: number): Promise<Relay> {
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    for (const s of pair) s.on('error', () => undefined);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', drop);
    upstream.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  after(() => {
    for (const [a, b] of pairs) {
      a.destroy();
      b.destroy();
    }
  });
  const port = await listen(server);
  return {
    port,
    open: () => pairs.size,
    cut: () => {
      for (const pair of [...pairs]) {
        pairs.delete(pair);
        for (const s of pair) s.resetAndDestroy();
      }
    },
  };
}
