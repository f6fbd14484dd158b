import {
  AWS_PRICES,
  DYNAMODB_ON_DEMAND_PRICES,
  itemBytes,
  lambdaUsdPerMillion,
  transactWriteUnits,
  usdPerMillionCalls,
  wholeBill,
} from '../../bench/lib/cost';

describe('bench cost arithmetic', () => {
  it('prices a million calls from the units of one', () => {
    // 4 RRU × $0.125 + 6 WRU × $0.625
    expect(usdPerMillionCalls({ readUnits: 4, writeUnits: 6 })).toBe(4.25);
    expect(usdPerMillionCalls({ readUnits: 0, writeUnits: 0 })).toBe(0);
  });

  it('keeps the documented us-east-1 on-demand prices', () => {
    expect(DYNAMODB_ON_DEMAND_PRICES).toMatchObject({ region: 'us-east-1', usdPerMillionReadUnits: 0.125, usdPerMillionWriteUnits: 0.625 });
  });

  it('sizes items as DynamoDB does: names and strings by UTF-8 bytes, numbers by significant digits', () => {
    expect(itemBytes({ pk: 'abc' })).toBe(2 + 3);
    expect(itemBytes({ n: 12345 })).toBe(1 + 4);
    expect(itemBytes({ n: 1000 })).toBe(1 + 2);
    expect(itemBytes({ é: 'é' })).toBe(2 + 2);
    expect(itemBytes({ ok: true })).toBe(2 + 1);
  });

  it('charges a transaction two units per KB per action, and one per index write', () => {
    const edge = { pk: 'S#1', sk: 'P#1', gsi1pk: 'P#1', gsi1sk: 'S#1' };
    const units = transactWriteUnits([{ Put: { Item: edge } }, { Put: { Item: { pk: 'a', sk: 'b' } } }, { Update: {} }], ['gsi1pk']);

    expect(units).toEqual({ table: 6, index: 1 });
  });

  it('charges a Delete of an indexed item for the index, and sizes items over 1 KB up', () => {
    const units = transactWriteUnits(
      [{ Delete: {} }, { Update: {} }, { Delete: {} }],
      ['gsi1pk'],
      [{ bytes: 200, indexed: true }, { bytes: 2500, indexed: false }, undefined],
    );

    expect(units).toEqual({ table: 2 + 6 + 2, index: 1 });
  });

  it('keeps the dated front-door and Lambda prices the issue quotes', () => {
    expect(AWS_PRICES).toMatchObject({
      date: '2026-12-01',
      usdPerMillionRestApiRequests: 3.5,
      usdPerMillionHttpApiRequests: 1,
      usdPerMillionLambdaRequests: 0.2,
      usdPerLambdaArmGbSecond: 0.0000133334,
    });
  });

  it('bills Lambda by the millisecond at the configured memory, with a 1 ms floor', () => {
    // 0.20 + 10 ms × 1 GB × $0.0000133334 per GB-s × a million
    expect(lambdaUsdPerMillion(9.2, 1024)).toBeCloseTo(0.2 + 0.133334, 6);
    expect(lambdaUsdPerMillion(0.1, 512)).toBeCloseTo(0.2 + 0.001 * 0.5 * 13.3334, 6);
  });

  it('adds the front door, the function, DynamoDB and the cleanup into one bill', () => {
    const call = { ms: 5, capacity: { readUnits: 4, writeUnits: 0 }, cleanup: { ms: 20, capacity: { readUnits: 0, writeUnits: 8 } } };

    const rest = wholeBill(call, { frontDoor: 'rest', memoryMb: 1024, cleanupMemoryMb: 512 });
    const http = wholeBill(call, { frontDoor: 'http', memoryMb: 1024, cleanupMemoryMb: 512 });

    expect(rest).toEqual({ frontDoor: 3.5, lambda: 0.267, dynamodb: 0.5, cleanup: 5.333, total: 9.6 });
    expect(rest.total - http.total).toBeCloseTo(2.5, 6);
  });
});
