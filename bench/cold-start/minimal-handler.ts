/**
 * The floor a cold start is measured against: a handler that only creates a DynamoDB client and
 * reads one item per event. Bundled exactly as the service's handler is.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: process.env.AWS_REGION });

export const handler = async (): Promise<{ statusCode: number; body: string }> => {
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: process.env.TABLE_NAME,
      Key: { pk: { S: process.env.BENCH_ITEM_PK ?? '' }, sk: { S: process.env.BENCH_ITEM_SK ?? '' } },
      ConsistentRead: true,
    }),
  );
  return { statusCode: Item ? 200 : 404, body: JSON.stringify(Item ?? null) };
};
