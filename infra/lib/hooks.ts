import * as path from 'node:path';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { EventField, type IEventBus, Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../service/src/events/eventbridge';
import type { Data, TableAccess } from './data';
import { acknowledge } from './nag';
import { ServiceFunction } from './service-function';

/** The delivery function's entry: SQS wake-ups and the sweep. */
export const HOOKS_ENTRY = path.join(__dirname, '..', '..', 'service', 'src', 'entry', 'hooks.ts');

/**
 * What the delivery function does with the table: `Query` (a store's hooks, the feed's events,
 * the stores with hooks), `GetItem` (the feed's header: where it ends, which tells a gap from
 * the end) and `UpdateItem` (the lease, the position, a failure, a deactivation). Nothing on the
 * index.
 */
export const HOOKS_ACCESS: TableAccess = {
  tableActions: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
  indexActions: [],
};

/** The settings of the delivery path; each is explained where it is used. */
export const HOOKS_SETTINGS = {
  timeout: Duration.seconds(60),
  memorySize: 512,
  batchSize: 10,
  maxReceiveCount: 5,
  sweepEvery: Duration.minutes(5),
  deadLetterRetention: Duration.days(14),
  oldestWakeUpAlarm: Duration.minutes(30),
} as const;

export interface HookDeliveriesProps {
  readonly data: Data;
  /** The API function: it seals new secrets with the key (KMS `Encrypt` only). */
  readonly apiFunction: LambdaFunction;
  /**
   * Where the alarms notify.
   * @default - alarms without actions
   */
  readonly alarmTopic?: ITopic;
  /**
   * The bus the publisher puts the events on: a rule puts a wake-up for the event's store on the
   * queue for every event of ours, so a published event reaches the store's hooks at once.
   * @default - no rule (the sweep alone wakes every store with hooks, every 5 minutes)
   */
  readonly eventBus?: IEventBus;
  /** @default - ServiceFunction's default */
  readonly logRetention?: RetentionDays;
  /** @default - ServiceFunction's default */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** @default - ServiceFunction's default */
  readonly bundleAwsSdk?: boolean;
}

/**
 * Webhook deliveries in AWS: a queue of wake-ups (a store has new events, a hook's retry is
 * due) feeding a function that runs the same `HookDeliverer` as `npm start`, signing every
 * request with the hook's secret, which a KMS key of this stack seals. EventBridge API
 * destinations are not used: they add a fixed API key, basic or OAuth credentials to each
 * request, but cannot compute a signature over each request's body (Standard Webhooks' HMAC),
 * nor check where a name resolves before sending.
 */
export class HookDeliveries extends Construct {
  readonly key: Key;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly service: ServiceFunction;
  readonly sweep: Rule;
  /** The rule that wakes a store's hooks for each event put on the bus (when a bus is given). */
  readonly published?: Rule;
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: HookDeliveriesProps) {
    super(scope, id);

    // The key the table does not hold: secrets are encrypted under it with the hook as context.
    this.key = new Key(this, 'SecretsKey', {
      description: 'Customer Segmentation: seals webhook signing secrets',
      enableKeyRotation: true,
    });
    props.apiFunction.addEnvironment('HOOKS_KMS_KEY_ID', this.key.keyArn);
    this.key.grant(props.apiFunction, 'kms:Encrypt');

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: HOOKS_SETTINGS.deadLetterRetention,
    });
    this.queue = new Queue(this, 'WakeUps', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the function's timeout, as Lambda advises for an SQS source: a message is not
      // handed to a second invocation while the first may still be running it.
      visibilityTimeout: Duration.seconds(HOOKS_SETTINGS.timeout.toSeconds() * 6),
      // A wake-up that keeps failing (DynamoDB or KMS down, not a receiver: a receiver's failure
      // is recorded on the hook and retried on its schedule) is set aside after 5 receives.
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: HOOKS_SETTINGS.maxReceiveCount },
    });

    this.service = new ServiceFunction(this, 'Function', {
      entry: HOOKS_ENTRY,
      description: 'Customer Segmentation: delivers events to webhooks (signed POSTs)',
      memorySize: HOOKS_SETTINGS.memorySize,
      // A run stops taking events 10 s before this, so the position it reached is recorded.
      timeout: HOOKS_SETTINGS.timeout,
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      bundleAwsSdk: props.bundleAwsSdk,
      environment: { HOOKS_QUEUE_URL: this.queue.queueUrl, HOOKS_KMS_KEY_ID: this.key.keyArn },
      withoutDeadLetterQueueBecause:
        "The SQS event source invokes the function synchronously; messages it keeps failing on go to the wake-up queue's own dead-letter queue through its redrive policy. The sweep's invocations are retried by EventBridge and repeated every 5 minutes.",
    });
    props.data.bindTo(this.service.function, HOOKS_ACCESS);
    this.key.grantDecrypt(this.service.function);
    this.queue.grantSendMessages(this.service.function);
    this.service.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: HOOKS_SETTINGS.batchSize,
        // Each message is handled in its own promise; the ones that failed are named and come back.
        reportBatchItemFailures: true,
      }),
    );

    // Picks up what a lost wake-up would leave waiting (a retry whose message was never sent).
    this.sweep = new Rule(this, 'Sweep', {
      schedule: Schedule.rate(HOOKS_SETTINGS.sweepEvery),
      targets: [
        new LambdaTarget(this.service.function, {
          event: RuleTargetInput.fromObject({ sweep: true }),
          retryAttempts: 2,
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });

    if (props.eventBus) {
      // The event's feed append committed before it was put on the bus: the run woken finds it.
      this.published = new Rule(this, 'Published', {
        eventBus: props.eventBus,
        eventPattern: { source: [EVENT_SOURCE], detail: { store_hash: [{ exists: true }] } as never },
        targets: [
          new SqsQueue(this.queue, {
            message: RuleTargetInput.fromObject({ store_hash: EventField.fromPath('$.detail.store_hash') }),
            // A wake-up EventBridge could not put on the queue is kept; the sweep wakes the store meanwhile.
            retryAttempts: 8,
            deadLetterQueue: this.deadLetterQueue,
          }),
        ],
      });
    }

    const deactivations = new MetricFilter(this, 'DeactivationsFilter', {
      logGroup: this.service.logGroup,
      filterPattern: FilterPattern.literal('{ $.msg = "hook delivery failed" && $.deactivated IS TRUE }'),
      metricNamespace: 'CustomerSegmentation/Hooks',
      metricName: 'Deactivations',
      metricValue: '1',
    });
    const alarm = (alarmId: string, spec: Omit<ConstructorParameters<typeof Alarm>[2], 'comparisonOperator' | 'treatMissingData'>) => {
      const created = new Alarm(this, alarmId, {
        ...spec,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      if (props.alarmTopic) {
        created.addAlarmAction(new SnsAction(props.alarmTopic));
        created.addOkAction(new SnsAction(props.alarmTopic));
      }
      return created;
    };
    this.alarms = [
      alarm('DeadLetters', {
        alarmDescription:
          'Webhook wake-ups were set aside: after 5 failed receives (the delivery function cannot reach DynamoDB or KMS), or because EventBridge could not put them on the queue. Hooks catch up at the next sweep once they can.',
        metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
      }),
      alarm('Errors', {
        alarmDescription: 'The webhook delivery function crashed or timed out.',
        metric: this.service.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      }),
      alarm('OldestWakeUp', {
        alarmDescription: `A webhook wake-up has waited more than ${HOOKS_SETTINGS.oldestWakeUpAlarm.toHumanString()} on the queue (delays are 15 minutes at most): deliveries are falling behind.`,
        metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: HOOKS_SETTINGS.oldestWakeUpAlarm.toSeconds(),
        evaluationPeriods: 3,
      }),
      alarm('Deactivations', {
        alarmDescription:
          'A webhook was deactivated after a day of failed deliveries: its owner must fix the receiver and set is_active back to true.',
        metric: deactivations.metric({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
      }),
    ];

    acknowledge(this.service.function, {
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        "An SQS event source mapping takes no on-failure destination: a message it fails on returns to the queue and, after 5 receives, goes to the queue's dead-letter queue by its redrive policy.",
    });
    acknowledge(this.deadLetterQueue, {
      id: 'Serverless-SQSRedrivePolicy',
      reason: 'This queue is itself the dead-letter queue of the wake-up queue; an operator reads it when its alarm fires.',
    });
  }
}
