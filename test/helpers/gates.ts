import { type DynamoDBClient, InternalServerError } from '@aws-sdk/client-dynamodb';
import type { ItemKey } from '../../service/src/store/keys';
import { KEY } from '../../service/src/store/schema';

/** What a gate is asked about each command the client sends. */
export interface SentCommand {
  command: string;
  input: Record<string, unknown>;
}

export type CommandMatcher = (sent: SentCommand) => boolean;

/** A command held at the gate: `reached` resolves when it arrives, `release()` lets it go on. */
export interface Hold {
  reached: Promise<void>;
  release(): void;
}

interface Rule {
  matches: CommandMatcher;
  act: () => Promise<void>;
  remaining: number;
}

/**
 * Puts chosen DynamoDB requests of a real client on hold (or fails them) so a test can interleave
 * two API requests exactly where it wants: hold one request's transaction, run the other to the
 * end, release the first. Sits at the start of the middleware stack (outside the SDK's retries), so
 * a held command waits once and a failed one fails for good.
 */
export class CommandGates {
  private rules: Rule[] = [];

  constructor(client: DynamoDBClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const sent = { command: context.commandName ?? 'unknown', input: args.input as Record<string, unknown> };
        const rule = this.rules.find((candidate) => candidate.remaining > 0 && candidate.matches(sent));
        if (rule) {
          rule.remaining -= 1;
          await rule.act();
        }
        return next(args);
      },
      { step: 'initialize', name: 'commandGates', priority: 'high' },
    );
  }

  /** Holds the next command that matches until `release()` is called. */
  hold(matches: CommandMatcher): Hold {
    return this.holdMany(matches, 1);
  }

  /** Holds every command that matches (work sent several requests at a time, the cleanup's say) until `release()`. */
  holdAll(matches: CommandMatcher): Hold {
    return this.holdMany(matches, Number.POSITIVE_INFINITY);
  }

  private holdMany(matches: CommandMatcher, times: number): Hold {
    let arrived!: () => void;
    let release!: () => void;
    const reached = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.rules.push({
      matches,
      remaining: times,
      act: async () => {
        arrived();
        await released;
      },
    });
    return { reached, release };
  }

  /** Fails the next `times` commands that match with DynamoDB's internal error. */
  fail(matches: CommandMatcher, times = 1): void {
    this.rules.push({
      matches,
      remaining: times,
      act: async () => {
        throw new InternalServerError({ message: 'injected: internal error', $metadata: { httpStatusCode: 500 } });
      },
    });
  }

  clear(): void {
    this.rules = [];
  }
}

/** An item key as one string, to compare with `transactionActions`. */
export function keyString(key: Record<string, unknown> | ItemKey): string {
  return `${String(key[KEY.partition])}|${String(key[KEY.sort])}`;
}

/** The keys a TransactWriteItems acts on (as `keyString`s), with the kind of each action. */
export function transactionActions(sent: SentCommand): { kind: string; key: string }[] {
  if (sent.command !== 'TransactWriteItemsCommand') return [];
  const items = (sent.input.TransactItems ?? []) as Record<string, { Key?: Record<string, unknown>; Item?: Record<string, unknown> }>[];
  return items.flatMap((action) =>
    Object.entries(action).map(([kind, body]) => {
      const key = body.Key ?? body.Item ?? {};
      return { kind, key: keyString(key) };
    }),
  );
}
