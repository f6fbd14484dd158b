import * as path from 'node:path';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { EventSourceMapping, FilterCriteria, FilterRule, type Function as LambdaFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CLEANUP_MODE } from '../../service/src/config';
import { ENTITY } from '../../service/src/store/keys';
import { CLEANUP_ACCESS, type Data } from './data';
import { acknowledge } from './nag';
import { ServiceFunction } from './service-function';

/** The cleanup function's entry: the handler of the table's stream. */
export const CLEANUP_ENTRY = path.join(__dirname, '..', '..', 'service', 'src', 'entry', 'stream.ts');

// The stream records the cleanup acts on (`cleanupTaskOf` in `service/src/workflows/cleanup.ts`),
// one filter each (Lambda invokes for a record any of them matches). They read `entity`, which
// node items and delete records carry; edges, markers, headers and tokens do not, so none of their
// writes invokes the function.

/** A removed segment node: its memberships are the cleanup's. */
export const REMOVED_SEGMENTS_FILTER = FilterCriteria.filter({
  eventName: FilterRule.isEqual('REMOVE'),
  dynamodb: { OldImage: { entity: { S: FilterRule.isEqual(ENTITY.segment) } } },
});

/**
 * A profile node removed by a delete of it (tombstoned first): its edges are the cleanup's. The
 * profiles the cleanup itself removes after a delete of every profile carry no tombstone, so
 * 100,000 of them do not invoke it 100,000 times more.
 */
export const REMOVED_PROFILES_FILTER = FilterCriteria.filter({
  eventName: FilterRule.isEqual('REMOVE'),
  dynamodb: { OldImage: { entity: { S: FilterRule.isEqual(ENTITY.profile) }, deleting: { S: FilterRule.exists() } } },
});

/** The record a delete of every profile inserts: its cleanup (the profiles, their markers and edges). */
export const DELETE_ALL_RECORDS_FILTER = FilterCriteria.filter({
  eventName: FilterRule.isEqual('INSERT'),
  dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(ENTITY.profilesDeletion) } } },
});

/** The cleanup function and how it reads the stream; each value is explained where it is used. */
export const CLEANUP_SETTINGS = {
  batchSize: 10,
  retryAttempts: 5,
  maxRecordAge: Duration.hours(12),
  timeout: Duration.minutes(15),
  memorySize: 512,
  deadLetterRetention: Duration.days(14),
} as const;

export interface MembershipCleanupProps {
  /** The table whose stream carries the removals, and whose edges are cleaned up. */
  readonly data: Data;
  /**
   * The API function whose deletes leave their memberships to this cleanup; it is told so
   * (`CLEANUP_MODE=stream`) by the same construct that wires the stream.
   */
  readonly apiFunction: LambdaFunction;
  /**
   * Retention of the cleanup function's log group.
   * @default - ServiceFunction's default
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the log group when the stack is deleted.
   * @default - ServiceFunction's default
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Bundle the AWS SDK into the function.
   * @default - ServiceFunction's default
   */
  readonly bundleAwsSdk?: boolean;
}

/**
 * The asynchronous half of a delete: the table's stream feeds every removed segment or profile
 * node to a cleanup function that removes the membership edges left behind (a segment may have
 * 100,000 of them, more than an API request can remove in time). A record the function keeps
 * failing on ends up, described, in an encrypted dead-letter queue.
 */
export class MembershipCleanup extends Construct {
  readonly service: ServiceFunction;
  readonly deadLetterQueue: Queue;
  readonly eventSource: DynamoEventSource;

  constructor(scope: Construct, id: string, props: MembershipCleanupProps) {
    super(scope, id);

    this.service = new ServiceFunction(this, 'Function', {
      entry: CLEANUP_ENTRY,
      description: 'Customer Segmentation: removes the memberships of deleted segments and profiles (table stream)',
      memorySize: CLEANUP_SETTINGS.memorySize,
      // A 100,000-member segment is 200 queries and 4,000 BatchWriteItem calls, about a minute or
      // two; the Lambda maximum leaves room for throttling. A run cut off still made progress:
      // the retry starts on the edges that are left.
      timeout: CLEANUP_SETTINGS.timeout,
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      bundleAwsSdk: props.bundleAwsSdk,
      withoutDeadLetterQueueBecause:
        "The stream event source mapping invokes the function synchronously; records it gives up on go to the mapping's own on-failure queue, since a Lambda dead-letter queue only catches asynchronous invocations.",
      otherWildcardResources:
        "dynamodb:ListStreams, which the stream event source needs, supports no resource-level permission either; it lists stream ARNs, never records, and reading records stays limited to this table's stream.",
    });
    props.data.bindTo(this.service.function, CLEANUP_ACCESS);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: CLEANUP_SETTINGS.deadLetterRetention,
    });

    this.eventSource = new DynamoEventSource(props.data.table, {
      // TRIM_HORIZON, not LATEST: the mapping starts polling a little after CloudFormation creates
      // it, and a delete answered in between must not lose its cleanup. On a new stream there is
      // nothing older to read; a re-created mapping re-reads up to 24 hours of removals, which
      // the cleanup, safe to run twice, takes in its stride.
      startingPosition: StartingPosition.TRIM_HORIZON,
      filters: [REMOVED_SEGMENTS_FILTER, REMOVED_PROFILES_FILTER, DELETE_ALL_RECORDS_FILTER],
      // Each record may be a large segment: few records a batch keep a batch within the timeout.
      batchSize: CLEANUP_SETTINGS.batchSize,
      // The handler names the records it failed on; the ones before them are not redone.
      reportBatchItemFailures: true,
      // A batch that crashes or times out is halved until the record at fault is alone.
      bisectBatchOnError: true,
      retryAttempts: CLEANUP_SETTINGS.retryAttempts,
      // Well inside the stream's 24-hour retention: a record is sent to the queue, not trimmed away unseen.
      maxRecordAge: CLEANUP_SETTINGS.maxRecordAge,
      onFailure: new SqsDlq(this.deadLetterQueue),
    });
    this.service.function.addEventSource(this.eventSource);

    // The API function leaves its cleanup to the stream only once the mapping exists: the variable
    // is set here, with the wiring, and CloudFormation updates the function after the mapping.
    props.apiFunction.addEnvironment(CLEANUP_MODE.name, CLEANUP_MODE.stream);
    const mapping = this.service.function.node.children.find((child) => child instanceof EventSourceMapping);
    if (!mapping) throw new Error('the stream event source created no event source mapping');
    props.apiFunction.node.addDependency(mapping);

    acknowledge(this.deadLetterQueue, {
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter destination of the stream event source mapping (its on-failure destination); a queue behind it would only collect what nobody consumes from here.',
    });
    acknowledge(this.deadLetterQueue, {
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This queue is itself the dead-letter destination of the stream event source mapping; nothing consumes it automatically, an operator reads it when its alarm fires.',
    });
  }
}
