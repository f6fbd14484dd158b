import type { App } from 'aws-cdk-lib';
import { readConfig } from './config';
import { addNagPacks } from './nag';
import { SegmentationStack } from './segmentation-stack';

/** The name of a stage's stack: one stack per stage, side by side in one account if need be. */
export function stackName(stage: string): string {
  return `CustomerSegmentation-${stage}`;
}

/**
 * Builds the app from its context: the stack of the chosen stage, checked by the cdk-nag rule
 * packs on every synth. `infra/bin/app.ts` and the tests both call this.
 */
export function buildApp(app: App): SegmentationStack {
  const config = readConfig((key) => app.node.tryGetContext(key));
  const stack = new SegmentationStack(app, stackName(config.stage), {
    config,
    // Environment-agnostic unless the CLI knows an account and region: synth needs no credentials,
    // deploy goes to the account and region of the credentials in use.
    env:
      process.env.CDK_DEFAULT_ACCOUNT && process.env.CDK_DEFAULT_REGION
        ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
        : undefined,
  });
  addNagPacks(app);
  return stack;
}
