import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy can do to a DynamoDB call, the ways a network or a middlebox fails that
 * DynamoDB Local never does:
 * - `delay`: pass the call on after `delayMs`;
 * - `reset`: reset the connection (TCP RST) before answering;
 * - `html-503`: answer 503 with an HTML page, as a load balancer or proxy in the way would;
 * - `garbage-json`: answer 200 with JSON cut short, without passing the call on;
 * - `hang`: never answer;
 * - `lose-reply`: pass the call on (DynamoDB does it) and reset the connection instead of
 *   relaying the reply, as when a reply is lost after a commit;
 * - `garble-reply`: pass the call on and answer 200 with JSON cut short instead of its reply.
 * A refused connection (nothing listening on the port) is `refuse()`.
 */
export type ProxyFault = 'delay' | 'reset' | 'html-503' | 'garbage-json' | 'hang' | 'lose-reply' | 'garble-reply';

interface Plan {
  fault: ProxyFault;
  command: string | undefined;
  remaining: number;
  delayMs: number;
}

/** A call that reached the proxy: its DynamoDB operation (`TransactWriteItems`) and its JSON body. */
export interface SeenCall {
  command: string;
  body: Record<string, unknown>;
}

function garble(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.0' });
  res.end('{"Items":[{"pk":{"S":"STORE#');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A real HTTP proxy on a loopback port in front of DynamoDB Local. A client whose endpoint is the
 * proxy's talks to DynamoDB Local through it, over real sockets, and the test tells the proxy,
 * call by call, to pass, delay, reset, refuse, garble or never answer. It is the network the
 * service runs on in production, with its failures on demand, not a model of DynamoDB.
 */
export class DynamoDbProxy {
  /** Faults applied, by kind (`refuse` counts the periods the port was closed). */
  readonly injected: Record<string, number> = {};
  readonly seen: SeenCall[] = [];
  private plan: Plan | undefined;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  private constructor(private readonly upstream: URL) {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(upstreamEndpoint: string): Promise<DynamoDbProxy> {
    const proxy = new DynamoDbProxy(new URL(upstreamEndpoint));
    await proxy.listen(0);
    return proxy;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Apply `fault` to the next `times` calls (of one DynamoDB operation, if `command` is given). */
  fail(fault: ProxyFault, options: { command?: string; times?: number; delayMs?: number } = {}): void {
    this.plan = { fault, command: options.command, remaining: options.times ?? Number.POSITIVE_INFINITY, delayMs: options.delayMs ?? 0 };
  }

  /** Pass every call on again. */
  pass(): void {
    this.plan = undefined;
  }

  /** Closes the port (connections are refused) and drops the open connections. */
  async refuse(): Promise<void> {
    this.injected.refuse = (this.injected.refuse ?? 0) + 1;
    await this.close();
  }

  /** Opens the same port again after `refuse()`. */
  async reopen(): Promise<void> {
    await this.listen(this.port);
  }

  async stop(): Promise<void> {
    this.plan = undefined;
    if (this.server.listening) await this.close();
  }

  get totalInjected(): number {
    return Object.values(this.injected).reduce((sum, n) => sum + n, 0);
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    return closed;
  }

  private take(command: string): Plan | undefined {
    const plan = this.plan;
    if (!plan || plan.remaining <= 0 || (plan.command !== undefined && plan.command !== command)) return undefined;
    plan.remaining -= 1;
    this.injected[plan.fault] = (this.injected[plan.fault] ?? 0) + 1;
    return plan;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const command = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    this.seen.push({ command, body: body.length > 0 ? JSON.parse(body.toString('utf8')) : {} });
    const plan = this.take(command);
    switch (plan?.fault) {
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'hang':
        return;
      case 'html-503':
        res.writeHead(503, { 'Content-Type': 'text/html' });
        res.end('<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>503</h1></body></html>');
        return;
      case 'garbage-json':
        garble(res);
        return;
      case 'delay':
        await sleep(plan.delayMs);
        break;
    }
    const upstream = await this.forward(req, body).catch(() => undefined);
    if (!upstream) {
      res.destroy();
      return;
    }
    if (plan?.fault === 'lose-reply') {
      req.socket.resetAndDestroy();
      return;
    }
    if (plan?.fault === 'garble-reply') {
      garble(res);
      return;
    }
    res.writeHead(upstream.status, upstream.headers);
    res.end(upstream.body);
  }

  private forward(
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const call = request(
        { host: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers: req.headers },
        (reply) => {
          const chunks: Buffer[] = [];
          reply.on('data', (chunk: Buffer) => chunks.push(chunk));
          reply.on('end', () => {
            const headers: Record<string, string | string[]> = {};
            for (const [name, value] of Object.entries(reply.headers)) if (value !== undefined) headers[name] = value;
            resolve({ status: reply.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
          });
          reply.on('error', reject);
        },
      );
      call.on('error', reject);
      call.end(body);
    });
  }
}
