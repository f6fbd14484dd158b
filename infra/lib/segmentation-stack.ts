import * as path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { AlarmWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { DOCS_ASSET_FILES, DOCS_ASSETS_FOLDER } from '../../service/src/docs/assets';
import { Api } from './api';
import { MembershipCleanup } from './cleanup';
import type { StackConfig } from './config';
import { Data } from './data';
import { EventPublishing } from './events';
import { FunctionUrlFrontDoor } from './function-url';
import { HookDeliveries } from './hooks';
import { HttpFrontDoor } from './http-api';
import { Observability } from './observability';
import { ServiceFunction, type ServiceFunctionProps } from './service-function';

/** The Lambda entry of the service: the Express app behind the API Gateway adapter. */
export const SERVICE_ENTRY = path.join(__dirname, '..', '..', 'service', 'src', 'entry', 'lambda.ts');

/**
 * The API reference's files from swagger-ui-dist, shipped beside the bundle (not inside it: the
 * function's JavaScript stays small), with the variable that tells the function to serve them.
 */
function docsFiles(): Pick<ServiceFunctionProps, 'environment' | 'filesBesideBundle'> {
  const dir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  return {
    environment: { DOCS_ENABLED: 'true' },
    filesBesideBundle: { folder: DOCS_ASSETS_FOLDER, files: DOCS_ASSET_FILES.map((file) => path.join(dir, file)) },
  };
}

export interface SegmentationStackProps extends StackProps {
  readonly config: StackConfig;
}

/**
 * The whole service in one stack: the table, the function that serves the API, its front door
 * (`apiType`: the REST API, an HTTP API, or a function URL behind CloudFront), the stream-fed
 * cleanup that finishes deletes, and the alarms and dashboard that watch them.
 */
export class SegmentationStack extends Stack {
  readonly data: Data;
  readonly service: ServiceFunction;
  /** The REST API (`apiType=rest`, the default); undefined behind the other doors. */
  readonly api: Api | undefined;
  /** The HTTP API (`apiType=http`); undefined behind the other doors. */
  readonly httpApi: HttpFrontDoor | undefined;
  /** The function URL behind CloudFront (`apiType=function-url`); undefined otherwise. */
  readonly functionUrl: FunctionUrlFrontDoor | undefined;
  readonly cleanup: MembershipCleanup;
  readonly events: EventPublishing;
  readonly observability: Observability;
  /** Webhook deliveries: wake-up queue, delivery function, the key sealing secrets, alarms. */
  readonly hooks: HookDeliveries;

  constructor(scope: Construct, id: string, props: SegmentationStackProps) {
    const { config } = props;
    const prod = config.stage === 'prod';
    super(scope, id, {
      description: `Customer Segmentation API (${config.stage})`,
      terminationProtection: prod,
      ...props,
    });
    Tags.of(this).add('project', 'customer-segmentation');
    Tags.of(this).add('stage', config.stage);
    // Prod keeps its logs when the stack goes, as it keeps its data.
    const logRemovalPolicy = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.data = new Data(this, 'Data', { protect: prod });

    this.service = new ServiceFunction(this, 'Service', {
      entry: SERVICE_ENTRY,
      description: 'Customer Segmentation API: the Express app behind API Gateway',
      memorySize: config.lambdaMemoryMb,
      timeout: Duration.seconds(10),
      reservedConcurrentExecutions: config.reservedConcurrency,
      logRetention: config.logRetention,
      logRemovalPolicy,
      bundleAwsSdk: config.bundleAwsSdk,
      ...(config.docs ? docsFiles() : {}),
    });
    this.data.bindTo(this.service.function);

    // Deletes answer at once; the memberships they leave are removed from the table's stream.
    this.cleanup = new MembershipCleanup(this, 'Cleanup', {
      data: this.data,
      apiFunction: this.service.function,
      logRetention: config.logRetention,
      logRemovalPolicy,
      bundleAwsSdk: config.bundleAwsSdk,
    });

    // Every committed change, announced from the same stream: the stores' feeds and an EventBridge bus.
    this.events = new EventPublishing(this, 'Events', {
      data: this.data,
      logRetention: config.logRetention,
      logRemovalPolicy,
      bundleAwsSdk: config.bundleAwsSdk,
    });

    const door = {
      handler: this.service.function,
      throttlingRateLimit: config.throttlingRateLimit,
      throttlingBurstLimit: config.throttlingBurstLimit,
      logRetention: config.logRetention,
      logRemovalPolicy,
    };
    this.api =
      config.apiType === 'rest'
        ? new Api(this, 'Api', { ...door, stageName: config.stage, cloudWatchRole: config.apiGatewayCloudWatchRole, waf: config.waf })
        : undefined;
    this.httpApi = config.apiType === 'http' ? new HttpFrontDoor(this, 'HttpApi', door) : undefined;
    this.functionUrl =
      config.apiType === 'function-url'
        ? new FunctionUrlFrontDoor(this, 'FunctionUrl', { handler: this.service.function, logRetention: config.logRetention })
        : undefined;
    const front = (this.api ?? this.httpApi ?? this.functionUrl)!;

    this.observability = new Observability(this, 'Observability', {
      apiStage: front.stage,
      function: this.service.function,
      table: this.data.table,
      alarmEmail: config.alarmEmail,
      latencyP99Threshold: Duration.millis(config.latencyAlarmP99Ms),
      cleanup: { function: this.cleanup.service.function, deadLetterQueue: this.cleanup.deadLetterQueue },
      events: { function: this.events.service.function, deadLetterQueue: this.events.deadLetterQueue },
    });

    // Webhooks: a wake-up queue feeding the delivery function, woken by every event put on the
    // bus (and by the sweep); its alarms notify the same topic.
    this.hooks = new HookDeliveries(this, 'Hooks', {
      data: this.data,
      apiFunction: this.service.function,
      eventBus: this.events.bus,
      alarmTopic: this.observability.topic,
      logRetention: config.logRetention,
      logRemovalPolicy,
      bundleAwsSdk: config.bundleAwsSdk,
    });
    this.observability.dashboard.addWidgets(
      ...this.hooks.alarms.map((alarm) => new AlarmWidget({ alarm, title: `Alarm: webhooks ${alarm.node.id}`, width: 8, height: 4 })),
    );

    new CfnOutput(this, 'ApiBaseUrl', {
      description: 'Base URL of the store API; replace {store_hash} with the store',
      value: front.storeBaseUrl,
    });
    new CfnOutput(this, 'TableName', {
      description: 'The DynamoDB table (TABLE_NAME for `npm run token`)',
      value: this.data.table.tableName,
    });
    new CfnOutput(this, 'CleanupDeadLetterQueueUrl', {
      description: 'Stream records the membership cleanup gave up on (see README.md, Deploy)',
      value: this.cleanup.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'CleanupFunctionName', {
      description: 'The membership cleanup function, to re-run a cleanup by hand (see README.md, Deploy)',
      value: this.cleanup.service.function.functionName,
    });
    new CfnOutput(this, 'HooksDeadLetterQueueUrl', {
      description: 'Webhook wake-ups the delivery function gave up on (docs/webhooks.md)',
      value: this.hooks.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'EventBusName', {
      description: 'The EventBridge bus the change events are put on (docs/events.md)',
      value: this.events.bus.eventBusName,
    });
    new CfnOutput(this, 'EventsDeadLetterQueueUrl', {
      description: 'Stream records the event publisher gave up on (docs/events.md)',
      value: this.events.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'DashboardName', {
      description: 'The CloudWatch dashboard of the stage',
      value: this.observability.dashboard.dashboardName,
    });
  }
}
