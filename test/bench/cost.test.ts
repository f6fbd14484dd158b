import { DYNAMODB_ON_DEMAND_PRICES, itemBytes, transactWriteUnits, usdPerMillionCalls } from '../../bench/lib/cost';

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
});
