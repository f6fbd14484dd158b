import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { COMMON_ACCESS_LOG_FIELDS } from './api';
import { acknowledge } from './nag';

export interface HttpFrontDoorProps {
  /** The function behind every route (payload format 2.0, which the service's adapter reads). */
  readonly handler: IFunction;
  /** Steady-state requests a second the stage accepts before answering 429. */
  readonly throttlingRateLimit: number;
  /** Burst the stage accepts above the rate. */
  readonly throttlingBurstLimit: number;
  /**
   * Retention of the access log group.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the log group when the stack is deleted.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The REST API's access log fields that an HTTP API also knows (no WAF status, no X-Ray trace:
 * an HTTP API has neither), one JSON object per request.
 */
export const HTTP_ACCESS_LOG_FORMAT = AccessLogFormat.custom(JSON.stringify(COMMON_ACCESS_LOG_FIELDS));

/**
 * The cheaper front door (`-c apiType=http`): an API Gateway HTTP API whose `$default` route and
 * stage send every path to the function, with stage throttling and JSON access logs. It gives up
 * what docs/performance.md lists (WAF, usage plans, execution logs, X-Ray at the door) for $1.00
 * instead of $3.50 a million requests. The `$default` stage keeps the stage name out of the path,
 * so the service sees the same `/stores/{store_hash}/v3/...` paths as behind the REST API.
 */
export class HttpFrontDoor extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /** The base URL of the store API, `{store_hash}` left as a template. */
  readonly storeBaseUrl: string;

  constructor(scope: Construct, id: string, props: HttpFrontDoorProps) {
    super(scope, id);
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Customer Segmentation API (BigCommerce-compatible), Lambda proxy integration',
      defaultIntegration: new HttpLambdaIntegration('Service', props.handler),
      createDefaultStage: false,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttlingRateLimit, burstLimit: props.throttlingBurstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: HTTP_ACCESS_LOG_FORMAT },
    });
    this.storeBaseUrl = `${this.httpApi.apiEndpoint}/stores/{store_hash}/v3`;

    acknowledge(this.httpApi, {
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorization is the X-Auth-Token of the BigCommerce API, checked by the service against hashed tokens scoped to the store in the path; an API Gateway authorizer cannot express that contract.',
    });
  }
}
