import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  EndpointType,
  LambdaRestApi,
  LogGroupLogDestination,
  MethodLoggingLevel,
  type Stage,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { acknowledge } from './nag';

export interface ApiProps {
  /** The function behind every route (Lambda proxy integration). */
  readonly handler: IFunction;
  /** The API Gateway stage, also the first segment of the URL path. */
  readonly stageName: string;
  /** Steady-state requests a second the stage accepts before answering 429. */
  readonly throttlingRateLimit: number;
  /** Burst the stage accepts above the rate. */
  readonly throttlingBurstLimit: number;
  /**
   * Retention of the access and execution log groups.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the log groups when the stack is deleted.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Create the account's API Gateway CloudWatch Logs role. It is one setting per account and
   * region, shared by every API in it: only the stack that owns it should ask for it.
   * @default false
   */
  readonly cloudWatchRole?: boolean;
  /**
   * Put an AWS WAF web ACL (AWS managed rule groups) in front of the stage.
   * @default false
   */
  readonly waf?: boolean;
}

/** The AWS managed rule groups of the web ACL, in evaluation order. */
export const MANAGED_RULE_GROUPS: { name: string; countOnly?: string[] }[] = [
  { name: 'AWSManagedRulesAmazonIpReputationList' },
  // SizeRestrictions_BODY blocks bodies over 8 KB; batch requests are allowed up to 64 KB and
  // the service enforces that limit itself.
  { name: 'AWSManagedRulesCommonRuleSet', countOnly: ['SizeRestrictions_BODY'] },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet' },
];

/** The access log fields every API Gateway front door knows, REST or HTTP. */
export const COMMON_ACCESS_LOG_FIELDS = {
  requestId: AccessLogField.contextRequestId(),
  extendedRequestId: AccessLogField.contextExtendedRequestId(),
  requestTime: AccessLogField.contextRequestTime(),
  ip: AccessLogField.contextIdentitySourceIp(),
  userAgent: AccessLogField.contextIdentityUserAgent(),
  httpMethod: AccessLogField.contextHttpMethod(),
  path: AccessLogField.contextPath(),
  status: AccessLogField.contextStatus(),
  responseLength: AccessLogField.contextResponseLength(),
  responseLatency: AccessLogField.contextResponseLatency(),
  integrationLatency: AccessLogField.contextIntegrationLatency(),
  integrationStatus: AccessLogField.contextIntegrationStatus(),
  integrationRequestId: AccessLogField.contextAwsEndpointRequestId(),
  errorMessage: AccessLogField.contextErrorMessage(),
};

/**
 * One JSON object per request: who called what, how it ended and how long each leg took. The
 * format itself is valid JSON (every value quoted: API Gateway writes `-` for a missing number).
 */
export const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    ...COMMON_ACCESS_LOG_FIELDS,
    wafStatus: AccessLogField.contextWafStatus(),
    xrayTraceId: AccessLogField.contextXrayTraceId(),
  }),
);

/**
 * The public face: a regional REST API proxying every path to the function (so even an unknown
 * path is answered by the service, in its error envelope), with stage throttling, JSON access
 * logs, error-level execution logs, X-Ray tracing and, when asked for, a WAF web ACL.
 */
export class Api extends Construct {
  readonly restApi: LambdaRestApi;
  readonly stage: Stage;
  readonly accessLogs: LogGroup;
  readonly executionLogs: LogGroup;
  readonly webAcl: CfnWebACL | undefined;
  /** The base URL of the store API, `{store_hash}` left as a template. */
  readonly storeBaseUrl: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const retention = props.logRetention ?? RetentionDays.ONE_MONTH;
    const removalPolicy = props.logRemovalPolicy ?? RemovalPolicy.DESTROY;

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention, removalPolicy });

    this.restApi = new LambdaRestApi(this, 'RestApi', {
      handler: props.handler,
      proxy: true,
      restApiName: Stack.of(this).stackName,
      description: 'Customer Segmentation API (BigCommerce-compatible), Lambda proxy integration',
      endpointTypes: [EndpointType.REGIONAL],
      cloudWatchRole: props.cloudWatchRole ?? false,
      deployOptions: {
        stageName: props.stageName,
        throttlingRateLimit: props.throttlingRateLimit,
        throttlingBurstLimit: props.throttlingBurstLimit,
        tracingEnabled: true,
        // Execution logs only for errors, and never the request/response bodies: those carry
        // shopper data and the X-Auth-Token header.
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: ACCESS_LOG_FORMAT,
      },
    });
    this.stage = this.restApi.deploymentStage;
    this.storeBaseUrl = `${this.restApi.url}stores/{store_hash}/v3`;

    // API Gateway creates the execution log group on first use, without a retention. Creating it
    // first, under the name API Gateway will use, puts it under the stack's retention and removal.
    this.executionLogs = new LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.restApi.restApiId}/${props.stageName}`,
      retention,
      removalPolicy,
    });
    this.stage.node.addDependency(this.executionLogs);

    this.webAcl = props.waf ? this.addWebAcl() : undefined;

    acknowledge(this.restApi, {
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorization is the X-Auth-Token of the BigCommerce API, checked by the service against hashed tokens scoped to the store in the path; an API Gateway authorizer cannot express that contract.',
    });
    acknowledge(this.restApi, {
      id: 'AwsSolutions-COG4',
      reason: 'Clients are store back ends holding X-Auth-Tokens, not Cognito users; the service authorizes every store route itself.',
    });
    acknowledge(this.restApi, {
      id: 'AwsSolutions-APIG2',
      reason:
        'Every request is validated by the service against the OpenAPI document, the single source of the API shape; a gateway model would be a second copy free to drift.',
    });
    if (!props.waf) {
      acknowledge(this.restApi, {
        id: 'AwsSolutions-APIG3',
        reason: 'WAF is off for this stage by choice (context waf=false); prod turns it on by default.',
      });
    }
    if (props.cloudWatchRole) {
      acknowledge(this.restApi, {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          "The account's API Gateway logging role is exactly what this AWS managed policy is for; API Gateway needs it to write any API's logs.",
      });
    }
  }

  private addWebAcl(): CfnWebACL {
    const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('segmentation-api'),
      rules: MANAGED_RULE_GROUPS.map((group, priority) => ({
        name: group.name,
        priority,
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name: group.name,
            ruleActionOverrides: group.countOnly?.map((name) => ({ name, actionToUse: { count: {} } })),
          },
        },
        visibilityConfig: visibility(group.name),
      })),
    });
    const association = new CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.stage.stageArn,
      webAclArn: webAcl.attrArn,
    });
    // The stage ARN is assembled from the API id and the stage name, so CloudFormation would not
    // otherwise wait for the stage to exist before associating it.
    association.node.addDependency(this.stage);
    return webAcl;
  }
}
