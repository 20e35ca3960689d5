import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';

import { App, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Template } from 'aws-cdk-lib/assertions';

import { addSecurityChecks } from '../lib/checks';
import { synthesize } from './support';

/** The violations cdk-nag reported in an app's validation report, acknowledged ones excluded. */
function violationsOf(app: App): unknown[] {
  const report = JSON.parse(readFileSync(path.join(app.synth().directory, 'validation-report.json'), 'utf8'));
  return (report.pluginReports as { violations?: unknown[] }[]).flatMap((plugin) => plugin.violations ?? []);
}

// cdk.json makes warnings fail the synthesis as errors do (@aws-cdk/core:strictCfnValidateErrors),
// so a synthesis that succeeds has no unacknowledged finding of either level.
describe('cdk-nag (AwsSolutions rules)', () => {
  for (const [mode, overrides] of [
    ['standard mode with HTTPS', {}],
    ['fifo mode with HTTPS', { messagingMode: 'fifo' }],
    ['plain HTTP', { certificateArn: '', allowPlainHttp: 'true' }],
  ] as const) {
    test(`finds nothing unacknowledged in ${mode}`, () => {
      const { app } = synthesize(overrides);
      assert.deepEqual(violationsOf(app), []);
    });
  }

  test('fails the synthesis on a finding nobody acknowledged', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'booking-aws-nag-'));
    process.on('exit', () => rmSync(outdir, { recursive: true, force: true }));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Unchecked');
    new sns.Topic(stack, 'Bare');
    addSecurityChecks(app);
    assert.throws(() => Template.fromStack(stack), /Validation failed/);
    const report = readFileSync(path.join(outdir, 'validation-report.json'), 'utf8');
    assert.match(report, /AwsSolutions-SNS3/);
  });
});
