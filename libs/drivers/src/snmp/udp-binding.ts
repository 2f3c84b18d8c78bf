import dgram from 'node:dgram';

/**
 * net-snmp's agent and receiver bind their own UDP socket and treat port 0 as "the default port"
 * (161/162), and report a failed bind only through their callback. Handing them this `dgramModule`
 * (a documented option) binds the socket where we say — port 0 included — and lets the caller
 * await the bound address or the bind error. `beforeMessage` runs before the library sees each
 * datagram (the agent refreshes its MIB there).
 */
export interface UdpBinding {
  /** Pass as net-snmp's `dgramModule` option. */
  dgramModule: { createSocket(type: dgram.SocketType): dgram.Socket };
  /** Resolves with the bound socket once listening; rejects on a bind error (EADDRINUSE…). */
  bound: Promise<dgram.Socket>;
}

export function udpBinding(host: string, port: number, beforeMessage?: () => void): UdpBinding {
  let resolveBound!: (s: dgram.Socket) => void;
  let rejectBound!: (e: Error) => void;
  const bound = new Promise<dgram.Socket>((resolve, reject) => {
    resolveBound = resolve;
    rejectBound = reject;
  });
  bound.catch(() => undefined); // observed by the caller; never an unhandled rejection
  let created = false;
  return {
    bound,
    dgramModule: {
      createSocket(type: dgram.SocketType): dgram.Socket {
        if (created) throw new Error('one SNMP listener binds one socket');
        created = true;
        const socket = dgram.createSocket(type);
        const bind = socket.bind.bind(socket) as (port: number, address: string) => dgram.Socket;
        const onError = (e: Error) => rejectBound(e);
        socket.once('error', onError);
        socket.bind = ((() => {
          socket.once('listening', () => {
            socket.off('error', onError);
            resolveBound(socket);
          });
          return bind(port, host);
        }) as unknown) as dgram.Socket['bind'];
        if (beforeMessage) {
          const on = socket.on.bind(socket) as (event: string, listener: (...args: unknown[]) => void) => dgram.Socket;
          socket.on = ((event: string, listener: (...args: unknown[]) => void) =>
            on(event, event === 'message' ? (...args: unknown[]) => (beforeMessage(), listener(...args)) : listener)) as dgram.Socket['on'];
        }
        return socket;
      },
    },
  };
}
