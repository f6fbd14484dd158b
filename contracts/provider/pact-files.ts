import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The committed pacts: one file per consumer–provider pair. */
export const PACTS_DIR = resolve(__dirname, '..', 'pacts');

export interface PactInteraction {
  description: string;
  type?: string;
  providerStates?: { name: string; params?: Record<string, unknown> }[];
  request: { method: string; path: string; headers?: Record<string, string[] | string>; query?: Record<string, string[]> };
  response: { status: number };
}

export interface PactFile {
  consumer: { name: string };
  provider: { name: string };
  interactions: PactInteraction[];
  metadata?: Record<string, unknown>;
}

export function pactFilesIn(dir: string = PACTS_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(dir, name));
}

export function readPact(file: string): PactFile {
  return JSON.parse(readFileSync(file, 'utf8')) as PactFile;
}

export interface StateProblem {
  consumer: string;
  interaction: string;
  problem: string;
}

/**
 * Every interaction must name at least one provider state (the store is emptied when its first
 * state is set up), and every state it names must have a handler. Pact itself only logs a
 * warning for a state without a handler, so this check is what makes a missing one fail.
 */
export function stateProblems(pacts: PactFile[], handled: Iterable<string>): StateProblem[] {
  const known = new Set(handled);
  const problems: StateProblem[] = [];
  for (const pact of pacts) {
    for (const interaction of pact.interactions) {
      const states = interaction.providerStates ?? [];
      const where = { consumer: pact.consumer.name, interaction: interaction.description };
      if (states.length === 0)
        problems.push({
          ...where,
          problem: 'names no provider state (use "the store has no segments and no shopper profiles" for an empty store)',
        });
      for (const state of states) {
        if (!known.has(state.name))
          problems.push({ ...where, problem: `names the state "${state.name}", which has no handler in contracts/provider/states.ts` });
      }
    }
  }
  return problems;
}

/** Whether any interaction sends the given header value (the read-only placeholder token, say). */
export function sendsHeaderValue(pacts: PactFile[], header: string, value: string): string[] {
  const users = new Set<string>();
  for (const pact of pacts) {
    for (const interaction of pact.interactions) {
      for (const [name, values] of Object.entries(interaction.request.headers ?? {})) {
        if (name.toLowerCase() === header.toLowerCase() && [values].flat().includes(value)) users.add(pact.consumer.name);
      }
    }
  }
  return [...users];
}
