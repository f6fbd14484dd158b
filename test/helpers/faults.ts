import {
  type DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';

export type FaultKind = 'throttle' | 'internal' | 'transaction-conflict' | 'transaction-validation';

function makeError(kind: FaultKind): Error {
  const $metadata = { httpStatusCode: kind === 'internal' ? 500 : 400 };
  switch (kind) {
    case 'throttle':
      return new ProvisionedThroughputExceededException({ message: 'injected: throughput exceeded', $metadata });
    case 'internal':
      return new InternalServerError({ message: 'injected: internal error', $metadata });
    case 'transaction-conflict':
      return new TransactionCanceledException({
        message: 'injected: transaction cancelled',
        $metadata,
        CancellationReasons: [{ Code: 'TransactionConflict', Message: 'injected' }],
      });
    case 'transaction-validation':
      // What DynamoDB answers when one action of a transaction is itself invalid (a key too long, say).
      return new TransactionCanceledException({
        message: 'injected: transaction cancelled',
        $metadata,
        CancellationReasons: [{ Code: 'None' }, { Code: 'ValidationError', Message: 'injected: invalid action' }],
      });
  }
}

/**
 * Makes a real DynamoDB client fail the way DynamoDB does and DynamoDB Local never does. The
 * fault is raised inside the SDK's retry loop (deserialize step), so the SDK's own retries and
 * backoff see it exactly as they would see DynamoDB's answer. It also counts every attempt per
 * command, so a test can say how many requests an operation cost.
 */
export class FaultInjector {
  private plan: { command: string; kind: FaultKind; remaining: number } | undefined;
  readonly injected: Record<string, number> = {};
  readonly attempts: Record<string, number> = {};

  constructor(client: DynamoDBClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? 'unknown';
        this.attempts[command] = (this.attempts[command] ?? 0) + 1;
        const plan = this.plan;
        if (plan && plan.command === command && plan.remaining > 0) {
          plan.remaining -= 1;
          this.injected[command] = (this.injected[command] ?? 0) + 1;
          throw makeError(plan.kind);
        }
        return next(args);
      },
      { step: 'deserialize', name: 'faultInjector', priority: 'high' },
    );
  }

  /** Fail the next `times` calls of one command (Infinity: every call) with the given fault. */
  fail(command: string, kind: FaultKind, times: number): void {
    this.plan = { command, kind, remaining: times };
    for (const key of Object.keys(this.attempts)) delete this.attempts[key];
  }

  clear(): void {
    this.plan = undefined;
  }

  get totalInjected(): number {
    return Object.values(this.injected).reduce((sum, n) => sum + n, 0);
  }
}
