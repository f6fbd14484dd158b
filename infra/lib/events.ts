import * as path from 'node:path';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_BUS_NAME } from '../../service/src/config';
import { EVENT_SOURCE } from '../../service/src/events/eventbridge';
import { ENTITY, SK_PREFIX } from '../../service/src/store/keys';
import type { Data, TableAccess } from './data';
import { acknowledge } from './nag';
import { ServiceFunction } from './service-function';

/** The event publisher's entry: the same `Publisher` `npm start` runs in process, behind Lambda's stream event source. */
export const EVENTS_ENTRY = path.join(__dirname, '..', '..', 'service', 'src', 'entry', 'events.ts');

/**
 * The stream records that can announce something: changes of segment and profile nodes (by their
 * `entity`), of promotion targeting nodes and of merge records (by sort key). Edges, markers,
 * headers, tokens, hooks (whose item every delivery writes) and the feed's own items never invoke
 * the function, nor are billed.
 */
export const EVENT_RECORDS_FILTERS = [
  FilterCriteria.filter({ dynamodb: { NewImage: { entity: { S: FilterRule.or(ENTITY.segment, ENTITY.profile) } } } }),
  FilterCriteria.filter({ dynamodb: { OldImage: { entity: { S: FilterRule.or(ENTITY.segment, ENTITY.profile) } } } }),
  FilterCriteria.filter({ dynamodb: { Keys: { sk: { S: FilterRule.beginsWith(SK_PREFIX.promotion) } } } }),
  FilterCriteria.filter({ dynamodb: { Keys: { sk: { S: FilterRule.beginsWith(SK_PREFIX.guestMerge) } } } }),
];

/**
 * What the publisher does with the table: reads id markers, the feed header and segment and
 * profile nodes (`GetItem`, `BatchGetItem`), and appends to the feed in a transaction (`Put` of
 * events and markers, `Update` of the header, each conditional). It never queries.
 */
export const PUBLISHER_ACCESS: TableAccess = {
  tableActions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
  indexActions: [],
};

/** The publisher and how it reads the stream; each value is explained where it is used. */
export const EVENTS_SETTINGS = {
  batchSize: 100,
  retryAttempts: 10,
  maxRecordAge: Duration.hours(6),
  timeout: Duration.minutes(1),
  memorySize: 512,
  deadLetterRetention: Duration.days(14),
  archiveRetention: Duration.days(30),
} as const;

export interface EventPublishingProps {
  /** The table whose stream the events are derived from, and which holds the feed. */
  readonly data: Data;
  /** @default - ServiceFunction's default */
  readonly logRetention?: RetentionDays;
  /** @default - ServiceFunction's default */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** @default - ServiceFunction's default */
  readonly bundleAwsSdk?: boolean;
}

/**
 * Membership change events on AWS: the table's stream feeds the publisher function (a Lambda
 * rather than EventBridge Pipes: deriving an event needs both images, a read or two and the
 * feed's conditional append, which a Pipes enrichment would have to call a Lambda for anyway),
 * which appends them to the stores' feeds and puts them on a custom EventBridge bus, archived so
 * a team can replay. A record it gives up on lands, described, in an encrypted queue.
 */
export class EventPublishing extends Construct {
  readonly service: ServiceFunction;
  readonly bus: EventBus;
  readonly deadLetterQueue: Queue;
  readonly eventSource: DynamoEventSource;

  constructor(scope: Construct, id: string, props: EventPublishingProps) {
    super(scope, id);

    this.bus = new EventBus(this, 'Bus', {
      description: 'Customer Segmentation: membership, segment, profile and targeting change events',
    });
    this.bus.archive('Archive', {
      description: 'Every event the service published, for replay',
      eventPattern: { source: [EVENT_SOURCE] },
      retention: EVENTS_SETTINGS.archiveRetention,
    });

    this.service = new ServiceFunction(this, 'Function', {
      entry: EVENTS_ENTRY,
      description: 'Customer Segmentation: publishes change events from the table stream (feed + EventBridge)',
      memorySize: EVENTS_SETTINGS.memorySize,
      // A batch of 100 records is 100 events or so: a few transactions and 10 PutEvents calls.
      timeout: EVENTS_SETTINGS.timeout,
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      bundleAwsSdk: props.bundleAwsSdk,
      withoutDeadLetterQueueBecause:
        "The stream event source mapping invokes the function synchronously; records it gives up on go to the mapping's own on-failure queue, since a Lambda dead-letter queue only catches asynchronous invocations.",
      otherWildcardResources:
        "dynamodb:ListStreams, which the stream event source needs, supports no resource-level permission either; it lists stream ARNs, never records, and reading records stays limited to this table's stream.",
    });
    props.data.bindTo(this.service.function, PUBLISHER_ACCESS);
    // One call sets the variable and grants the access it implies.
    this.service.function.addEnvironment(EVENT_BUS_NAME, this.bus.eventBusName);
    this.bus.grantPutEventsTo(this.service.function);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: EVENTS_SETTINGS.deadLetterRetention,
    });

    this.eventSource = new DynamoEventSource(props.data.table, {
      // TRIM_HORIZON: a change committed before the mapping starts polling is still announced.
      startingPosition: StartingPosition.TRIM_HORIZON,
      filters: EVENT_RECORDS_FILTERS,
      batchSize: EVENTS_SETTINGS.batchSize,
      // No batching window: "within a second" leaves no room to wait for a fuller batch.
      maxBatchingWindow: Duration.seconds(0),
      // One batch at a time a shard: a profile's records stay in order from the stream to the feed.
      parallelizationFactor: 1,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: EVENTS_SETTINGS.retryAttempts,
      // Well inside the stream's 24 hours: a record is sent to the queue, not trimmed away unseen.
      maxRecordAge: EVENTS_SETTINGS.maxRecordAge,
      onFailure: new SqsDlq(this.deadLetterQueue),
    });
    this.service.function.addEventSource(this.eventSource);

    acknowledge(this.deadLetterQueue, {
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the on-failure destination of the stream event source mapping; a queue behind it would only collect what nobody consumes from here.',
    });
    acknowledge(this.deadLetterQueue, {
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This queue is itself the on-failure destination of the stream event source mapping; an operator reads it when its alarm fires.',
    });
  }
}
