import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

import { BookingStack } from '../lib/booking-stack';
import { addSecurityChecks } from '../lib/checks';
import { APP_DIRECTORY, REPOSITORY_ROOT, TOPOLOGY_FILE } from '../lib/paths';
import { settingsFrom } from '../lib/settings';
import { readTopology, Topology } from '../lib/topology';

/** A CloudFormation resource of a synthesized template. */
export interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

// The built-in CloudFormation validation runs in `npm run synth`, once per messaging mode;
// the tests synthesize several times and check what the validation cannot: the app's intent.
process.env.CDK_VALIDATION = 'false';

export const topology: Topology = readTopology(TOPOLOGY_FILE);

/** A certificate ARN of the right shape, as a deployment passes with -c certificateArn=…. */
export const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

/**
 * The context the CDK CLI passes: cdk.json's defaults, the certificate a deployment gives,
 * and the overrides of a test; cdk-nag checks the stack as the app's synthesis does.
 */
export function synthesize(overrides: Record<string, unknown> = {}): {
  app: App;
  stack: BookingStack;
  template: Template;
} {
  const cdkJson = JSON.parse(readFileSync(path.join(APP_DIRECTORY, 'cdk.json'), 'utf8'));
  const outdir = mkdtempSync(path.join(tmpdir(), 'booking-aws-test-'));
  process.on('exit', () => rmSync(outdir, { recursive: true, force: true }));
  const app = new App({
    outdir,
    context: { ...cdkJson.context, certificateArn: CERTIFICATE_ARN, ...overrides },
  });
  const stack = new BookingStack(app, 'BookingDemo', {
    topology,
    repositoryRoot: REPOSITORY_ROOT,
    settings: settingsFrom(app.node),
  });
  addSecurityChecks(app);
  return { app, stack, template: Template.fromStack(stack) };
}

export function resourcesOf(template: Template, type: string): Map<string, Resource> {
  return new Map(Object.entries(template.findResources(type) as Record<string, Resource>));
}

/** The logical id of the one resource of a type whose property has a value. */
export function logicalIdOf(template: Template, type: string, property: string, value: unknown): string {
  const matches = [...resourcesOf(template, type)].filter(([, resource]) => resource.Properties?.[property] === value);
  if (matches.length !== 1) {
    throw new Error(`${matches.length} resources of type ${type} have ${property} = ${value}`);
  }
  return matches[0][0];
}

export function queueId(template: Template, name: string): string {
  return logicalIdOf(template, 'AWS::SQS::Queue', 'QueueName', name);
}

export function topicId(template: Template, name: string): string {
  return logicalIdOf(template, 'AWS::SNS::Topic', 'TopicName', name);
}

/** The task definition of a service. */
export function taskDefinitionOf(template: Template, service: string): Resource {
  const id = logicalIdOf(template, 'AWS::ECS::TaskDefinition', 'Family', `booking-demo-${service}`);
  return resourcesOf(template, 'AWS::ECS::TaskDefinition').get(id) as Resource;
}

/** A resource of a policy statement: its logical id, an ARN written with {tokens}, or `*`. */
function resourceName(resource: unknown): string {
  return typeof resource === 'object' && resource !== null && 'Fn::Join' in resource
    ? joined(resource)
    : resource === '*'
      ? '*'
      : referencedId(resource);
}

/** Every (action, resource) the role's policies allow, resources named by logical id, ARN or `*`. */
export function grantsOf(template: Template, roleId: string): string[] {
  const role = resourcesOf(template, 'AWS::IAM::Role').get(roleId)?.Properties ?? {};
  assert.equal(role.ManagedPolicyArns, undefined, `${roleId} has managed policies`);
  const documents = [
    ...asArray(role.Policies).map((policy: Record<string, any>) => policy.PolicyDocument),
    ...[...resourcesOf(template, 'AWS::IAM::Policy').values()]
      .filter((policy) => asArray(policy.Properties?.Roles).some((role) => referencedId(role) === roleId))
      .map((policy) => policy.Properties?.PolicyDocument),
  ];
  return documents
    .flatMap((document) => asArray(document.Statement) as Record<string, any>[])
    .flatMap((statement) => {
      assert.equal(statement.Effect, 'Allow');
      assert.equal(statement.Condition, undefined);
      return asArray(statement.Action as string | string[]).flatMap((action) =>
        asArray(statement.Resource).map((resource) => `${action} ${resourceName(resource)}`),
      );
    })
    .sort();
}

/** The logical id a `Ref` or an `Fn::GetAtt` points to. */
export function referencedId(value: unknown): string {
  const reference = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  if (typeof reference?.Ref === 'string') {
    return reference.Ref;
  }
  const getAtt = reference?.['Fn::GetAtt'];
  if (Array.isArray(getAtt)) {
    return getAtt[0];
  }
  throw new Error(`Not a reference to a resource: ${JSON.stringify(value)}`);
}

/** The text of an Fn::Join, with each token written as {logicalId}. */
export function joined(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join !== undefined) {
    return join[1].map(joined).join(join[0]);
  }
  return `{${referencedId(value)}}`;
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

/** The statements of the one queue policy that covers a queue. */
export function queuePolicyStatements(template: Template, queue: string): Record<string, any>[] {
  const policies = [...resourcesOf(template, 'AWS::SQS::QueuePolicy').values()].filter((policy) =>
    asArray(policy.Properties?.Queues).map(referencedId).includes(queue),
  );
  assert.equal(policies.length, 1, `policies of ${queue}`);
  return asArray(policies[0].Properties?.PolicyDocument.Statement) as Record<string, any>[];
}

/**
 * The topics a queue's policy lets send to it, checking that each Allow statement lets SNS
 * send to this queue only, from one topic.
 */
export function sendersOf(template: Template, queue: string): string[] {
  return queuePolicyStatements(template, queue)
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => {
      assert.deepEqual(statement.Principal, { Service: 'sns.amazonaws.com' });
      assert.deepEqual(asArray(statement.Action), ['sqs:SendMessage']);
      assert.equal(referencedId(statement.Resource), queue);
      return asArray(statement.Condition.ArnEquals['aws:SourceArn']).map(referencedId);
    })
    .sort();
}

/** Whether a policy statement denies everyone every request made without TLS. */
export function deniesWithoutTls(statement: Record<string, any>, actions: string[]): boolean {
  return (
    statement.Effect === 'Deny' &&
    ['"*"', JSON.stringify({ AWS: '*' })].includes(JSON.stringify(statement.Principal)) &&
    JSON.stringify(statement.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }) &&
    actions.every((action) => asArray(statement.Action).includes(action))
  );
}
