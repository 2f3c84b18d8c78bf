import { type Server, type Socket, createConnection, createServer } from 'node:net';

/**
 * A TCP relay on 127.0.0.1 that can be frozen: bytes are then swallowed in both directions while
 * both sockets stay open — the way a dead peer behind a silent network path looks to a client.
 */
export class FreezableProxy {
  private frozen = false;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(targetPort: number): Promise<FreezableProxy> {
    let proxy: FreezableProxy | undefined;
    const server = createServer((inbound) => proxy!.relay(inbound, targetPort));
    proxy = new FreezableProxy(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  freeze(): void {
    this.frozen = true;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(inbound: Socket, targetPort: number): void {
    const outbound = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const [from, to] of [
      [inbound, outbound],
      [outbound, inbound],
    ] as const) {
      this.sockets.add(from);
      from.on('data', (data) => {
        if (!this.frozen) to.write(data);
      });
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
      from.on('error', () => to.destroy());
    }
  }
}
