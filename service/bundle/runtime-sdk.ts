/**
 * What a Lambda bundle leaves to the AWS SDK the Node.js runtime ships, when the SDK is not
 * bundled (`bundleAwsSdk=false`, the default), and the oldest SDK that is known to work.
 *
 * Only `@aws-sdk/*` is left to the runtime, and the service uses nothing of it but the main entry
 * points of `@aws-sdk/client-dynamodb` and `@aws-sdk/lib-dynamodb`, which have existed since the
 * SDK's first release. Anything the service imports from `@smithy/*` itself (the retry strategy,
 * `service/src/store/retry.ts`) is bundled, so it is the version package-lock.json pins, not
 * whatever the runtime happens to carry: `@smithy/core/retry` exists only in @smithy/core 3.24 and
 * later, and a runtime whose SDK predates it could not even load the function. The SDK calls the
 * strategy through its interface (`acquireInitialRetryToken`, `refreshRetryTokenForRetry`,
 * `recordSuccess`), which SDKs as old as `OLDEST_RUNTIME_SDK` call the same way.
 *
 * The CDK stack (infra/lib/service-function.ts) and the benchmark (bench/lib/bundle.ts) both
 * bundle with these externals; test/infra/runtime-sdk.test.ts loads the stack's built bundle
 * against `OLDEST_RUNTIME_SDK`, installed on its own, and invokes it against DynamoDB Local.
 */
export const RUNTIME_SDK_EXTERNALS: readonly string[] = ['@aws-sdk/*'];

/**
 * The oldest AWS SDK for JavaScript v3 (`@aws-sdk/client-dynamodb` and `@aws-sdk/lib-dynamodb`)
 * the default deploy supports as the runtime's copy: June 2024, older than any SDK Lambda's
 * Node.js 22 runtime (November 2024) has shipped. The README names it.
 */
export const OLDEST_RUNTIME_SDK = '3.600.0';
