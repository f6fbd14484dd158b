import { basename, join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, RecursiveLoop, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { esbuildAliasArgs } from '../../service/bundle/aliases';
import { RUNTIME_SDK_EXTERNALS } from '../../service/bundle/runtime-sdk';
import { acknowledge } from './nag';

export interface ServiceFunctionProps {
  /** The TypeScript file that exports the handler. */
  readonly entry: string;
  /**
   * The exported handler's name.
   * @default 'handler'
   */
  readonly handler?: string;
  /**
   * Memory in MB; Lambda gives CPU in proportion.
   * @default 1024
   */
  readonly memorySize?: number;
  /**
   * Bundle the AWS SDK (at the version package-lock.json pins) instead of using the runtime's.
   * @default false
   */
  readonly bundleAwsSdk?: boolean;
  /**
   * How long one invocation may run. Behind API Gateway anything over 29 s is cut off anyway.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Retention of the function's log group.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the log group when the stack is deleted.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Reserved concurrency: a ceiling for this function and a floor carved out of the account pool.
   * @default - none, the function uses the unreserved pool
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Environment variables.
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * @default - no description
   */
  readonly description?: string;
  /**
   * Why the function needs no Lambda dead-letter queue (cdk-nag `Serverless-LambdaDLQ`), which
   * depends on what invokes it.
   * @default - invoked synchronously by API Gateway, which gets the error back
   */
  readonly withoutDeadLetterQueueBecause?: string;
  /**
   * What else, besides X-Ray, a grant added to the role allows on any resource, and why
   * (cdk-nag `AwsSolutions-IAM5[Resource::*]`).
   * @default - X-Ray only
   */
  readonly otherWildcardResources?: string;
  /**
   * Files copied beside the bundle, into `folder` of the function's code, for the function to
   * read at run time (never bundled into its JavaScript).
   * @default - none
   */
  readonly filesBesideBundle?: { readonly folder: string; readonly files: readonly string[] };
}

const quote = (path: string) => `'${path.replace(/'/g, "'\\''")}'`;

/** Bundling hooks that copy files into a folder of the function's code after esbuild has run. */
function copyBesideBundle({ folder, files }: NonNullable<ServiceFunctionProps['filesBesideBundle']>): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) => [
      `mkdir -p ${quote(join(outputDir, folder))}`,
      ...files.map((file) => `cp ${quote(file)} ${quote(join(outputDir, folder, basename(file)))}`),
    ],
  };
}

/** The runtime every function of ours runs on; the bundle targets the same Node.js version. */
export const SERVICE_RUNTIME = Runtime.NODEJS_22_X;
const BUNDLE_TARGET = 'node22';

/**
 * A Node.js function with our defaults: Node.js 22 on arm64, an esbuild bundle (minified, with
 * source maps the runtime applies to stack traces), X-Ray tracing, JSON logs into a log group of
 * its own with a retention, and a role that may write to that log group and nothing else until
 * a grant adds to it.
 */
export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });

    // An explicit role instead of AWSLambdaBasicExecutionRole: that managed policy may write to
    // every log group in the account, this one only to the function's own.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.node.path}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: props.handler ?? 'handler',
      description: props.description,
      runtime: SERVICE_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.role,
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.INFO,
      recursiveLoop: RecursiveLoop.TERMINATE,
      // No NODE_OPTIONS=--enable-source-maps: it indexes the source map on every cold start; a
      // logged stack is mapped to the sources when it is logged instead (service/src/stack-trace.ts).
      environment: props.environment,
      bundling: {
        minify: true,
        sourceMap: true,
        // The map only has to translate positions; the sources themselves stay out of the artifact.
        sourcesContent: false,
        target: BUNDLE_TARGET,
        format: OutputFormat.CJS,
        // The AWS SDK is left to the runtime's copy by default: the bundle is a third of the size
        // (docs/performance.md). Only @aws-sdk/* is left to it, never @smithy/* (which cdk.json's
        // sdkV3ExcludeSmithyPackages would add): what the service imports from @smithy is bundled,
        // so the function starts on any runtime SDK since OLDEST_RUNTIME_SDK (service/bundle/runtime-sdk.ts).
        // Bundled (bundleAwsSdk=true), Lambda runs the version package-lock.json pins.
        externalModules: props.bundleAwsSdk ? [] : [...RUNTIME_SDK_EXTERNALS],
        // Small stand-ins for dependencies of Express the API does not need (service/bundle/aliases.ts).
        esbuildArgs: esbuildAliasArgs(),
        commandHooks: props.filesBesideBundle ? copyBesideBundle(props.filesBesideBundle) : undefined,
      },
    });

    acknowledge(this.role, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: [
        'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, only "*".',
        props.otherWildcardResources,
      ]
        .filter(Boolean)
        .join(' '),
    });
    for (const id of ['AwsSolutions-L1', 'Serverless-LambdaLatestVersion']) {
      acknowledge(this.function, {
        id,
        reason:
          'Node.js 22 is the runtime this project targets and tests (supported by Lambda until 2027); Node.js 24 is a deliberate upgrade, not a default to drift onto.',
      });
    }
    acknowledge(this.function, {
      id: 'Serverless-LambdaDLQ',
      reason:
        props.withoutDeadLetterQueueBecause ??
        'API Gateway invokes the function synchronously and gets its error back; a dead-letter queue only catches asynchronous invocations, which nothing makes.',
    });
  }
}
