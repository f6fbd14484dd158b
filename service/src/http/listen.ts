import { createServer, type RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  server: Server;
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Stops accepting connections and resolves once the open ones are done (at once when already closed). */
  close(): Promise<void>;
}

/**
 * Serves an app (or an HTTP server) on loopback and answers once it listens, with the port it
 * got: port 0, the default, lets the OS pick a free one, so runs side by side never collide.
 */
export function listen(app: RequestListener | Server, port = 0, host = '127.0.0.1'): Promise<Listening> {
  const server = app instanceof Server ? app : createServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      resolve({
        server,
        port: bound,
        origin: `http://${host}:${bound}`,
        // Closing twice is not an error: a stop() that runs again has nothing left to do.
        close: () =>
          new Promise<void>((done, fail) =>
            server.close((error) => (error && (error as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING' ? fail(error) : done())),
          ),
      });
    });
  });
}
