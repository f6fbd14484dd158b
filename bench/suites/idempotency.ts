import { randomUUID } from 'node:crypto';
import { type Counts, difference } from '../lib/counter';
import type { OpsStore } from '../lib/fixtures';
import { Api } from '../lib/http';
import type { Figure } from '../lib/report';
import type { BenchService } from '../lib/service';
import { interleave, pairedRatio, ratio, summarize, type Timings } from '../lib/stats';

/** What one write cost in DynamoDB, the token check included. */
export interface WriteCount {
  requests: number;
  commands: Record<string, number>;
  readUnits: number;
  writeUnits: number;
}

export interface IdempotencyResult {
  /** PUT /segments of one segment: without a key, with a new key, and the same request and key again. */
  counts: { plain: WriteCount; keyed: WriteCount; replay: WriteCount };
  plain: Timings;
  keyed: Timings;
  replay: Timings;
  /** Median of the rounds' own ratios, keyed / plain and replay / plain. */
  keyedRatio: number;
  replayRatio: number;
}

function countOf(counts: Counts): WriteCount {
  return {
    requests: counts.requests,
    commands: counts.commands,
    readUnits: counts.capacity.readUnits,
    writeUnits: counts.capacity.writeUnits,
  };
}

/**
 * The price of an `Idempotency-Key` on a write: `PUT /segments` (one segment, one transaction)
 * sent without a key, with a new key (the claim, the witness inside the transaction, the kept
 * response) and again with the same key (a replay, answered from the record), counted at the
 * service's DynamoDB client and timed turn about.
 */
export async function measureIdempotency(service: BenchService, ops: OpsStore, rounds: number): Promise<IdempotencyResult> {
  const api = new Api(service.origin, ops.storeHash, ops.token);
  const segmentId = ops.segmentIds[5]!;
  let n = 0;
  const update = () => [{ id: segmentId, description: `idempotency bench ${++n}` }];
  const key = () => ({ 'Idempotency-Key': randomUUID() });
  await api.expect(201, 'PUT', '/segments', update());

  const count = async (send: () => Promise<unknown>): Promise<WriteCount> => {
    const before = service.counter.snapshot();
    service.counter.inspector = service.inspector;
    try {
      await send();
    } finally {
      service.counter.inspector = undefined;
    }
    return countOf(difference(service.counter.snapshot(), before));
  };
  const plain = await count(() => api.expect(201, 'PUT', '/segments', update()));
  const kept = { body: update(), headers: key() };
  const keyed = await count(() => api.expect(201, 'PUT', '/segments', kept.body, kept.headers));
  const replay = await count(() => api.expect(201, 'PUT', '/segments', kept.body, kept.headers));

  const samples = await interleave(
    {
      plain: async () => (await api.expect(201, 'PUT', '/segments', update())).ms,
      keyed: async () => (await api.expect(201, 'PUT', '/segments', update(), key())).ms,
      replay: async () => (await api.expect(201, 'PUT', '/segments', kept.body, kept.headers)).ms,
    },
    rounds,
    3,
  );
  return {
    counts: { plain, keyed, replay },
    plain: summarize(samples.plain),
    keyed: summarize(samples.keyed),
    replay: summarize(samples.replay),
    keyedRatio: pairedRatio(samples.keyed, samples.plain),
    replayRatio: pairedRatio(samples.replay, samples.plain),
  };
}

const commands = (c: WriteCount) =>
  Object.entries(c.commands)
    .map(([name, times]) => `${name.replace(/Command$/, '')}${times > 1 ? ` ×${times}` : ''}`)
    .join(', ');

export function idempotencyFigures(result: IdempotencyResult): Figure[] {
  const section = '8. Idempotency-Key (PUT /segments, one segment; token check cached)';
  const line = (id: string, name: string, c: WriteCount): Figure => ({
    id: `idempotency.${id}`,
    section,
    name,
    value: `${c.requests} requests (${commands(c)}), ${c.readUnits} RRU, ${c.writeUnits} WRU`,
    target: '',
  });
  return [
    line('plain', 'without a key', result.counts.plain),
    line('keyed', 'with a new key (claim, witness in the commit, response kept)', result.counts.keyed),
    line('replay', 'the same request and key again (answered from the record)', result.counts.replay),
    {
      id: 'idempotency.latency',
      section,
      name: 'median latency: without a key / with a new key / replayed',
      value: `${result.plain.median} / ${result.keyed.median} / ${result.replay.median} ms`,
      target: '',
    },
    {
      id: 'idempotency.ratio',
      section,
      name: 'median of paired ratios: new key ÷ no key, replay ÷ no key',
      value: `${result.keyedRatio}× / ${result.replayRatio}× (medians ${ratio(result.keyed.median, result.plain.median)}×)`,
      target: '',
    },
  ];
}
