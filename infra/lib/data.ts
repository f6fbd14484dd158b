import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Operation, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  STREAM_VIEW_TYPE as SCHEMA_STREAM_VIEW_TYPE,
  type TableDefinition,
  TTL_ATTRIBUTE,
  tableDefinition,
} from '../../service/src/store/schema';

/**
 * The DynamoDB operations the service calls, and no others. The alarms watch these operations;
 * the grant is derived from them.
 */
export const SERVICE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.QUERY,
  Operation.BATCH_GET_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
] as const;

/**
 * The IAM actions behind `SERVICE_OPERATIONS`. `TransactWriteItems` has no IAM action of its own:
 * DynamoDB authorises each item of a transaction as the `PutItem`, `UpdateItem`, `DeleteItem` or
 * `ConditionCheckItem` it is.
 */
export const SERVICE_TABLE_ACTIONS = [
  ...SERVICE_OPERATIONS.filter((op) => op !== Operation.TRANSACT_WRITE_ITEMS).map((op) => `dynamodb:${op}`),
  'dynamodb:ConditionCheckItem',
];

/** What the service does on an index: it only ever queries one. */
export const SERVICE_INDEX_ACTIONS = ['dynamodb:Query'];

/** The IAM actions a function may take on the table and on its indexes. */
export interface TableAccess {
  readonly tableActions: readonly string[];
  readonly indexActions: readonly string[];
}

/** Everything the API function does. */
export const SERVICE_ACCESS: TableAccess = { tableActions: SERVICE_TABLE_ACTIONS, indexActions: SERVICE_INDEX_ACTIONS };

/**
 * What the membership cleanup does, a subset of the service: a deleted segment's edges are read
 * with `Query`, the segment taken out of each member's set with `UpdateItem`, and the edges deleted
 * with `BatchWriteItem`; a deleted profile's stray edges are found with `Query` on the inverted
 * index and settled one at a time: `BatchGetItem` of the edge and its segment's header, then a
 * transaction of `Delete` (the edge) with `Update` (the segment's count) or, when the segment is
 * gone, with a `ConditionCheck` that its header is still absent.
 */
export const CLEANUP_ACCESS: TableAccess = {
  tableActions: [
    'dynamodb:Query',
    'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:DeleteItem',
    'dynamodb:UpdateItem',
    'dynamodb:ConditionCheckItem',
  ],
  indexActions: ['dynamodb:Query'],
};

/**
 * What the table's stream carries, from the schema module (both images: the event publisher
 * derives what a change did from the item before and after it; the cleanup reads the old one).
 */
export const STREAM_VIEW_TYPE = StreamViewType[SCHEMA_STREAM_VIEW_TYPE];

export interface DataProps {
  /**
   * Prod settings: deletion protection on and the table kept (`RETAIN`) when the stack goes.
   * @default false
   */
  readonly protect?: boolean;
}

type KeySchema = TableDefinition['KeySchema'];

const ATTRIBUTE_TYPES: Record<TableDefinition['AttributeDefinitions'][number]['AttributeType'], AttributeType> = {
  S: AttributeType.STRING,
};

/**
 * The service's single table, built from the schema module the service itself creates its local
 * table from, so the deployed keys and indexes cannot drift from the code that reads them.
 */
export class Data extends Construct {
  readonly table: Table;
  private readonly definition: TableDefinition;

  constructor(scope: Construct, id: string, props: DataProps = {}) {
    super(scope, id);
    // Only the shape is taken from the definition: the deployed name is CloudFormation's to pick,
    // so two stages can live in one account.
    this.definition = tableDefinition('unused');
    const key = (schema: KeySchema, type: 'HASH' | 'RANGE') => {
      const name = schema.find((k) => k.KeyType === type)?.AttributeName;
      const attribute = this.definition.AttributeDefinitions.find((a) => a.AttributeName === name);
      if (!name || !attribute) throw new Error(`the table definition has no ${type} key`);
      return { name, type: ATTRIBUTE_TYPES[attribute.AttributeType] };
    };

    this.table = new Table(this, 'Table', {
      partitionKey: key(this.definition.KeySchema, 'HASH'),
      sortKey: key(this.definition.KeySchema, 'RANGE'),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: props.protect ?? false,
      // The stream drives the membership cleanup a deleted segment or profile leaves behind, and the events.
      stream: STREAM_VIEW_TYPE,
      // Cached page boundaries carry their expiry; DynamoDB removes them once it passes.
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: props.protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const index of this.definition.GlobalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.IndexName,
        partitionKey: key(index.KeySchema, 'HASH'),
        sortKey: key(index.KeySchema, 'RANGE'),
        projectionType: ProjectionType[index.Projection.ProjectionType],
      });
    }
  }

  /**
   * Points a function at the table and grants what it does with it (by default, everything the
   * API does): the variable and the access it implies are set by the same call, so one cannot
   * come without the other.
   */
  bindTo(fn: IFunction & { addEnvironment(key: string, value: string): unknown }, access: TableAccess = SERVICE_ACCESS): void {
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
    fn.addToRolePolicy(new PolicyStatement({ actions: [...access.tableActions], resources: [this.table.tableArn] }));
    if (access.indexActions.length === 0) return;
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: [...access.indexActions],
        resources: this.definition.GlobalSecondaryIndexes.map((index) => `${this.table.tableArn}/index/${index.IndexName}`),
      }),
    );
  }
}
