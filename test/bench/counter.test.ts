import { DynamoDBClient, GetItemCommand, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { difference, RequestCounter, unitsOf } from '../../bench/lib/counter';

/** A client that never reaches the network: the build step answers with the given output. */
function offlineClient(output: (input: Record<string, unknown>) => Record<string, unknown>): {
  client: DynamoDBClient;
  inputs: Record<string, unknown>[];
} {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  const inputs: Record<string, unknown>[] = [];
  client.middlewareStack.add(
    () => async (args) => {
      const input = args.input as Record<string, unknown>;
      inputs.push(input);
      return { output: { $metadata: {}, ...output(input) }, response: {} };
    },
    { step: 'build', name: 'offline', priority: 'high' },
  );
  return { client, inputs };
}

describe('bench request counter', () => {
  it('counts every command sent, per command name, and the units DynamoDB reports', async () => {
    const { client } = offlineClient(() => ({ ConsumedCapacity: { TableName: 't', CapacityUnits: 1.5 } }));
    const counter = new RequestCounter().attach(client);

    await client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } }, ConsistentRead: true }));
    await client.send(new QueryCommand({ TableName: 't' }));
    await client.send(new QueryCommand({ TableName: 't' }));

    const counts = counter.snapshot();
    expect(counts.commands).toEqual({ GetItemCommand: 1, QueryCommand: 2 });
    expect(counts.requests).toBe(3);
    expect(counts.capacity).toEqual({ readUnits: 4.5, writeUnits: 0 });
  });

  it('asks for the consumed capacity on every command that accepts it', async () => {
    const { client, inputs } = offlineClient(() => ({}));
    new RequestCounter().attach(client);

    await client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }));

    expect(inputs[0]?.ReturnConsumedCapacity).toBe('INDEXES');
  });

  it('starts again from nothing on reset', async () => {
    const { client } = offlineClient(() => ({}));
    const counter = new RequestCounter().attach(client);
    await client.send(new QueryCommand({ TableName: 't' }));

    counter.reset();

    expect(counter.snapshot()).toEqual(RequestCounter.empty());
  });

  it('prices a transaction from its actions, not from what DynamoDB Local reports', async () => {
    const { client } = offlineClient(() => ({ ConsumedCapacity: [{ TableName: 't', CapacityUnits: 2 }] }));
    const counter = new RequestCounter(['gsi1pk']).attach(client);

    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 't', Item: { pk: { S: 'a' }, gsi1pk: { S: 'b' } } } },
          { Update: { TableName: 't', Key: { pk: { S: 'c' } }, UpdateExpression: 'SET x = :x' } },
          { Delete: { TableName: 't', Key: { pk: { S: 'd' } } } },
        ],
      }),
    );

    // three actions at 2 units, plus the Put's index write (its item carries gsi1pk)
    expect(counter.snapshot().capacity).toEqual({ readUnits: 0, writeUnits: 7 });
  });

  it('charges the minimum for a read of nothing, as DynamoDB does and DynamoDB Local does not', () => {
    expect(unitsOf('QueryCommand', {}, { CapacityUnits: 0 }, [])).toEqual({ readUnits: 0.5, writeUnits: 0 });
    expect(unitsOf('GetItemCommand', { ConsistentRead: true }, undefined, [])).toEqual({ readUnits: 1, writeUnits: 0 });
  });

  it('subtracts one snapshot from another, command by command', () => {
    const before = { commands: { QueryCommand: 1 }, requests: 1, attempts: 1, capacity: { readUnits: 1, writeUnits: 0 } };
    const after = {
      commands: { QueryCommand: 2, GetItemCommand: 1 },
      requests: 3,
      attempts: 3,
      capacity: { readUnits: 2.5, writeUnits: 2 },
    };

    expect(difference(after, before)).toEqual({
      commands: { QueryCommand: 1, GetItemCommand: 1 },
      requests: 2,
      attempts: 2,
      capacity: { readUnits: 1.5, writeUnits: 2 },
    });
  });
});
