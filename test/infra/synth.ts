import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/lib/app';
import type { SegmentationStack } from '../../infra/lib/segmentation-stack';

/** The context cdk.json gives every `cdk` command (feature flags included), so tests synthesize what the CLI would. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'),
).context;

export interface Synthesized {
  app: App;
  stack: SegmentationStack;
  template: Template;
}

export interface SynthOptions {
  /** Really bundle the function with esbuild (slow); unit tests leave it off. */
  bundle?: boolean;
  /** Where the cloud assembly goes. */
  outdir?: string;
}

/**
 * Synthesizes the app as `cdk synth -c key=value ...` would, cdk-nag included: a finding that is
 * not acknowledged makes this throw, so every test that synthesizes also guards the nag rules.
 */
export function synth(context: Record<string, unknown> = {}, options: SynthOptions = {}): Synthesized {
  const app = new App({
    outdir: options.outdir,
    context: {
      ...CDK_JSON_CONTEXT,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...context,
    },
  });
  const stack = buildApp(app);
  return { app, stack, template: Template.fromStack(stack) };
}
