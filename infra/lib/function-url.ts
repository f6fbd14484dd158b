import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { FunctionUrlOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IMetric, MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { type FunctionUrl, FunctionUrlAuthType, InvokeMode, type Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from './nag';
import type { ApiStageMetrics } from './observability';

export interface FunctionUrlFrontDoorProps {
  /** The function behind the URL (payload format 2.0, which the service's adapter reads). */
  readonly handler: LambdaFunction;
  /**
   * How long CloudFront keeps its standard logs (the bucket's lifecycle).
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * The function URL's own metrics, which Lambda publishes in the stack's region (CloudFront's are in
 * us-east-1 only, out of reach of an alarm anywhere else): the alarms read these where the other
 * doors give their stage's.
 */
class FunctionUrlMetrics implements ApiStageMetrics {
  readonly stageName = 'function URL';

  constructor(private readonly fn: LambdaFunction) {}

  metricServerError(props?: MetricOptions): IMetric {
    return this.fn.metric('Url5xxCount', props);
  }

  metricLatency(props?: MetricOptions): IMetric {
    return this.fn.metric('UrlRequestLatency', props);
  }
}

/**
 * The cheapest front door (`-c apiType=function-url`): a Lambda function URL with a CloudFront
 * distribution in front of it, caching off, every method and every viewer header but Host passed
 * on (the API reads X-Auth-Token, Content-Type and the query string), HTTPS only. A function URL
 * costs nothing beyond the invocation; CloudFront charges its HTTPS requests. What it gives up is
 * in docs/function-url.md and docs/performance.md: no WAF (see config.ts), no throttling at the
 * door, CloudFront standard logs instead of access logs.
 *
 * The URL's auth type is NONE, not AWS_IAM with origin access control: with OAC, Lambda takes a
 * POST or PUT only when the caller itself sends the SHA-256 of the body in x-amz-content-sha256,
 * which no BigCommerce client does. The URL can therefore be called around CloudFront; every call
 * still needs the store's X-Auth-Token, and there is no firewall or throttle at CloudFront to skip.
 */
export class FunctionUrlFrontDoor extends Construct {
  readonly functionUrl: FunctionUrl;
  readonly distribution: Distribution;
  readonly logBucket: Bucket;
  /** What the alarms read for this door. */
  readonly stage: ApiStageMetrics;
  /** The base URL of the store API on CloudFront, `{store_hash}` left as a template. */
  readonly storeBaseUrl: string;

  constructor(scope: Construct, id: string, props: FunctionUrlFrontDoorProps) {
    super(scope, id);
    this.functionUrl = props.handler.addFunctionUrl({ authType: FunctionUrlAuthType.NONE, invokeMode: InvokeMode.BUFFERED });

    const retentionDays = props.logRetention ?? RetentionDays.ONE_MONTH;
    // CloudFront standard logs go to S3 through the bucket's ACL, so the bucket must own objects
    // as their writer; the lifecycle applies the stack's log retention. Kept when the stack goes:
    // a bucket with logs in it cannot be deleted by CloudFormation.
    this.logBucket = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(retentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.logBucket, {
      id: 'AwsSolutions-S1',
      reason:
        'This bucket holds the CloudFront standard logs; logging the log bucket into itself or another bucket only logs the log delivery.',
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Customer Segmentation API (BigCommerce-compatible), Lambda function URL origin',
      defaultBehavior: {
        origin: new FunctionUrlOrigin(this.functionUrl),
        allowedMethods: AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
    });
    acknowledge(this.distribution, {
      id: 'AwsSolutions-CFR1',
      reason: 'The API serves stores wherever their shoppers and back offices are; a geo restriction would refuse them.',
    });
    acknowledge(this.distribution, {
      id: 'AwsSolutions-CFR2',
      reason:
        'A web ACL for CloudFront must be created in us-east-1, which this single-region stack cannot do: the config refuses waf=true with apiType=function-url (use apiType=rest for a WAF).',
    });
    acknowledge(this.distribution, {
      id: 'AwsSolutions-CFR4',
      reason:
        "The distribution uses CloudFront's default *.cloudfront.net certificate, whose viewer policy CloudFront fixes at TLSv1; a minimum of TLSv1.2 needs a custom domain and an ACM certificate.",
    });

    this.stage = new FunctionUrlMetrics(props.handler);
    this.storeBaseUrl = `https://${this.distribution.distributionDomainName}/stores/{store_hash}/v3`;
  }
}
