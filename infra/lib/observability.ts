import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type HorizontalAnnotation,
  type IMetric,
  type MetricOptions,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SERVICE_OPERATIONS } from './data';
import { acknowledge } from './nag';

/** What the alarms read from the API's stage: a REST API stage and an HTTP API stage both give it. */
export interface ApiStageMetrics {
  readonly stageName: string;
  metricServerError(props?: MetricOptions): IMetric;
  metricLatency(props?: MetricOptions): IMetric;
}

export interface ObservabilityProps {
  readonly apiStage: ApiStageMetrics;
  readonly function: IFunction;
  readonly table: Table;
  /**
   * Subscribed to the alarm topic by e-mail.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * API p99 latency above which the latency alarm fires.
   * @default Duration.seconds(1)
   */
  readonly latencyP99Threshold?: Duration;
  /**
   * The membership cleanup fed by the table's stream: its function and its dead-letter queue.
   * @default - no cleanup alarms
   */
  readonly cleanup?: CleanupObservation;
  /**
   * The event publisher fed by the table's stream: its function and its on-failure queue.
   * @default - no event alarms
   */
  readonly events?: EventsObservation;
}

export interface CleanupObservation {
  readonly function: IFunction;
  readonly deadLetterQueue: IQueue;
  /**
   * How far behind the stream the cleanup may fall before its alarm fires.
   * @default Duration.hours(1)
   */
  readonly iteratorAgeThreshold?: Duration;
}

export interface EventsObservation {
  readonly function: IFunction;
  readonly deadLetterQueue: IQueue;
  /**
   * How far behind the stream the publisher may fall before its alarm fires: events are meant
   * to be out within a second.
   * @default Duration.minutes(1)
   */
  readonly iteratorAgeThreshold?: Duration;
}

/** What one alarm watches, and when it fires. */
interface AlarmSpec {
  id: string;
  title: string;
  description: string;
  metric: IMetric;
  threshold: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
}

const PERIOD = Duration.minutes(1);

/**
 * Alarms on the figures that say the service is failing its callers (API 5xx and p99 latency,
 * function errors and throttles, DynamoDB throttling and system errors) or leaving deleted data
 * behind (cleanup errors, a stuck stream, records given up on), wired to one SNS topic, and a
 * dashboard that shows the same figures next to the alarms.
 */
export class Observability extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const prefix = Stack.of(this).stackName;
    const latency = props.latencyP99Threshold ?? Duration.seconds(1);

    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `${prefix} alarms`,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      const subscription = this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
      acknowledge(subscription, {
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'An e-mail subscription of alarm notifications: the alarm state stays in CloudWatch and on the dashboard, so a dead-letter queue of undelivered mails would add a queue nobody reads.',
      });
    }

    const specs = [
      ...this.alarmSpecs(props, latency),
      ...(props.cleanup ? this.cleanupAlarmSpecs(props.cleanup) : []),
      ...(props.events ? this.eventsAlarmSpecs(props.events) : []),
    ];
    const action = new SnsAction(this.topic);
    this.alarms = specs.map((spec) => {
      const alarm = new Alarm(this, spec.id, {
        alarmName: `${prefix}-${spec.id}`,
        alarmDescription: spec.description,
        metric: spec.metric,
        threshold: spec.threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm,
        // No traffic is not a failure.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      return alarm;
    });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: prefix,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# ${prefix}\nAPI stage \`${props.apiStage.stageName}\`: every alarm below notifies the SNS topic \`${prefix} alarms\`.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      ...specs.map(
        (spec) =>
          new GraphWidget({
            title: spec.title,
            left: [spec.metric],
            leftAnnotations: [{ value: spec.threshold, label: 'alarm threshold' } satisfies HorizontalAnnotation],
            width: 8,
            height: 6,
          }),
      ),
    );
    this.dashboard.addWidgets(
      ...this.alarms.map(
        (alarm, i) => new AlarmWidget({ alarm, title: `Alarm: ${specs[i]?.title ?? alarm.node.id}`, width: 8, height: 4 }),
      ),
    );
  }

  private eventsAlarmSpecs(events: EventsObservation): AlarmSpec[] {
    const iteratorAge = events.iteratorAgeThreshold ?? Duration.minutes(1);
    return [
      {
        id: 'EventsDeadLetters',
        title: 'Event publisher dead letters',
        description:
          'The event publisher gave up on stream records (unreadable, or failing past their retries) and put them in its on-failure queue: their events are not in the feed nor on the bus. See docs/events.md.',
        metric: events.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
      },
      {
        id: 'EventsErrors',
        title: 'Event publisher errors',
        description:
          'The event publisher failed on stream batches (DynamoDB or EventBridge failing): Lambda retries them, so events are late, not lost, until the retries run out.',
        metric: events.function.metricErrors({ period: Duration.minutes(1), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
      },
      {
        id: 'EventsIteratorAge',
        title: 'Event publisher stream iterator age (ms)',
        description: `Events are more than ${iteratorAge.toHumanString()} behind the table's stream: the publisher is stuck or retrying a batch.`,
        metric: events.function.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: iteratorAge.toMilliseconds(),
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
      },
    ];
  }

  private cleanupAlarmSpecs(cleanup: CleanupObservation): AlarmSpec[] {
    const iteratorAge = cleanup.iteratorAgeThreshold ?? Duration.hours(1);
    return [
      {
        id: 'CleanupDeadLetters',
        title: 'Cleanup dead letters',
        description:
          'The membership cleanup gave up on stream records and put them in its dead-letter queue: a deleted segment or profile still has edges. See README.md, Deploy, "When the cleanup alarm fires".',
        // SQS publishes this every 5 minutes at most for a quiet queue; the maximum sees any message.
        metric: cleanup.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
      },
      {
        id: 'CleanupErrors',
        title: 'Cleanup function errors',
        description:
          'The membership cleanup function crashed or timed out on a stream batch; Lambda retries it, halving the batch, and in the end sends it to the dead-letter queue.',
        metric: cleanup.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      },
      {
        id: 'CleanupIteratorAge',
        title: 'Cleanup stream iterator age (ms)',
        description: `The membership cleanup is more than ${iteratorAge.toHumanString()} behind the table's stream, which keeps records 24 hours: it is stuck or retrying a batch.`,
        metric: cleanup.function.metric('IteratorAge', { period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: iteratorAge.toMilliseconds(),
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
      },
    ];
  }

  private alarmSpecs(props: ObservabilityProps, latency: Duration): AlarmSpec[] {
    const { apiStage, function: fn, table } = props;
    const operations = [...SERVICE_OPERATIONS];
    return [
      {
        id: 'Api5xx',
        title: 'API 5xx responses',
        description: 'The API answered 5xx: the service or the integration failed (the service never answers bad input with 5xx).',
        metric: apiStage.metricServerError({ period: PERIOD, statistic: 'Sum' }),
        threshold: 5,
        evaluationPeriods: 5,
        datapointsToAlarm: 2,
      },
      {
        id: 'ApiLatencyP99',
        title: 'API latency p99 (ms)',
        description: `The API's p99 latency is above ${latency.toMilliseconds()} ms.`,
        metric: apiStage.metricLatency({ period: Duration.minutes(5), statistic: 'p99' }),
        threshold: latency.toMilliseconds(),
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      },
      {
        id: 'LambdaErrors',
        title: 'Function errors',
        description: 'The function failed invocations (crashes, timeouts, out of memory): callers saw 502 or 504.',
        metric: fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 5,
        datapointsToAlarm: 2,
      },
      {
        id: 'LambdaThrottles',
        title: 'Function throttles',
        description: 'Lambda refused invocations for lack of concurrency: callers saw 429 or 502.',
        metric: fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 5,
        datapointsToAlarm: 2,
      },
      {
        id: 'DynamoDbThrottles',
        title: 'DynamoDB throttled requests',
        description: 'DynamoDB throttled requests of the service (hot partition or account limit); retries may not have saved them.',
        metric: table.metricThrottledRequestsForOperations({ operations, period: PERIOD }),
        threshold: 1,
        evaluationPeriods: 5,
        datapointsToAlarm: 2,
      },
      {
        id: 'DynamoDbSystemErrors',
        title: 'DynamoDB system errors',
        description: 'DynamoDB answered requests of the service with a 500 (an AWS-side failure).',
        metric: table.metricSystemErrorsForOperations({ operations, period: PERIOD }),
        threshold: 1,
        evaluationPeriods: 5,
        datapointsToAlarm: 2,
      },
    ];
  }
}
