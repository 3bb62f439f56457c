/** Loopback servers that answer as no cloud should: never, or with whatever a test hands them. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseAcs3Authorization } from '../../src/providers/alibaba/sign.js';
import { parseSdkHmacAuthorization } from '../../src/providers/huawei/sign.js';
import type { SignedAuthorization } from '../../src/providers/signing.js';

export interface HostileServer {
  url: string;
  /** Requests received so far. */
  received: number;
  close(): Promise<void>;
}

/** An HTTP server on loopback that runs `answer` for every request; a request it leaves unanswered hangs. */
export async function startHostileServer(answer: (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const state = { received: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      state.received += 1;
      Promise.resolve(answer(req, res, Buffer.concat(chunks).toString('utf8'))).catch(() => res.destroy());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get received() {
      return state.received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The key and signature of a request signed for either cloud, read with the parsers the simulators use. */
export function signedWith(authorization: string): SignedAuthorization | null {
  return parseAcs3Authorization(authorization) ?? parseSdkHmacAuthorization(authorization);
}
