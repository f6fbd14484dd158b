import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');

describe('npm run synth, as a platform engineer runs it', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'segmentation-synth-'));
  });
  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  it('synthesizes the prod stage through cdk.json with no AWS credentials and no network', async () => {
    // Only what a fresh shell has: no credentials, no profile, no region.
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_EC2_METADATA_DISABLED: 'true' };

    const { stderr } = await execFileAsync('npm', ['run', 'synth', '--', '-c', 'stage=prod', '-o', outdir, '--quiet'], {
      cwd: ROOT,
      env,
      timeout: 120_000,
    });

    const template = JSON.parse(readFileSync(path.join(outdir, 'CustomerSegmentation-prod.template.json'), 'utf8'));
    const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types).toEqual(
      expect.arrayContaining(['AWS::DynamoDB::Table', 'AWS::Lambda::Function', 'AWS::ApiGateway::Stage', 'AWS::WAFv2::WebACL']),
    );
    expect(Object.keys(template.Outputs)).toEqual(expect.arrayContaining(['ApiBaseUrl', 'TableName']));
    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
    expect(stderr).not.toMatch(/NOTICES|telemetry is enabled/i);
  });
});
