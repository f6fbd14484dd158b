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
/** Which requests a delay applies to: the command's name and its (marshalled) input. */
export type RequestMatcher = (command: string, input: Record<string, unknown>) => boolean;

export class FaultInjector {
  private plan: { command: string; kind: FaultKind; remaining: number } | undefined;
  private delays: { matches: RequestMatcher; ms: number | (() => number); remaining: number }[] = [];
  readonly injected: Record<string, number> = {};
  readonly attempts: Record<string, number> = {};

  constructor(client: DynamoDBClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? 'unknown';
        this.attempts[command] = (this.attempts[command] ?? 0) + 1;
        const delay = this.delays.find((d) => d.remaining > 0 && d.matches(command, args.input as Record<string, unknown>));
        if (delay) {
          delay.remaining -= 1;
          await new Promise((resolve) => setTimeout(resolve, typeof delay.ms === 'number' ? delay.ms : delay.ms()));
        }
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

  /**
   * Holds the next `times` requests that `matches` picks for `ms` (or what `ms()` draws) before
   * they are sent, so a test can make one request's write land after another's on purpose.
   */
  delay(matches: RequestMatcher, ms: number | (() => number), times = 1): void {
    this.delays.push({ matches, ms, remaining: times });
  }

  clear(): void {
    this.plan = undefined;
    this.delays = [];
  }

  get totalInjected(): number {
    return Object.values(this.injected).reduce((sum, n) => sum + n, 0);
  }
}
