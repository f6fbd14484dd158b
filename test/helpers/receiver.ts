import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got, as it arrived. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as sent (what a signature is checked against). */
  body: string;
  at: number;
}

/** How the receiver answers a request: a status, after a delay, or never (hang until closed). */
export type Answer = { status: number; delayMs?: number; headers?: Record<string, string> } | 'hang';

/**
 * A real HTTP receiver on 127.0.0.1 (an ephemeral port): the webhook tests' only destination, so
 * no delivery of a test leaves the machine. `answer` decides each reply from the request.
 */
export interface Receiver {
  origin: string;
  port: number;
  received: Received[];
  /** Requests answered 'hang' that are still open. */
  hanging: number;
  answer: (request: Received, index: number) => Answer;
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(answer: Receiver['answer'] = () => ({ status: 204 })): Promise<Receiver> {
  const open = new Set<ServerResponse>();
  const waiters: { count: number; resolve: () => void }[] = [];
  const receiver: Receiver = {
    origin: '',
    port: 0,
    received: [],
    hanging: 0,
    answer,
    waitFor: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        if (receiver.received.length >= count) return resolve(receiver.received);
        const timer = setTimeout(
          () => reject(new Error(`receiver got ${receiver.received.length} requests, not ${count}, in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(receiver.received);
          },
        });
      }),
    close: async () => {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const got: Received = {
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      const index = receiver.received.push(got) - 1;
      for (const waiter of waiters.filter((w) => receiver.received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      const reply = receiver.answer(got, index);
      if (reply === 'hang') {
        receiver.hanging++;
        open.add(response);
        response.on('close', () => {
          receiver.hanging--;
          open.delete(response);
        });
        return;
      }
      setTimeout(() => {
        response.writeHead(reply.status, reply.headers).end();
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.origin = `http://127.0.0.1:${receiver.port}`;
  return receiver;
}
