import { Node } from 'constructs';

import { MESSAGING_MODES, MessagingMode } from './topology';

/**
 * The app's parameters, read from the CDK context (defaults in cdk.json, overrides with
 * `-c key=value`).
 */
export interface Settings {
  /** The kind of topics and queues to deploy, and the MESSAGING_MODE every service is given. */
  readonly messagingMode: MessagingMode;
  /** How long a message may wait in a consumer's queue; with secondsPerMessage it sets the backlog per task. */
  readonly acceptableLatencySeconds: number;
  /** How long one task takes to process one message, measured (events_processing_seconds). */
  readonly secondsPerMessage: number;
  readonly minTasks: number;
  readonly maxTasks: number;
  /** booking-api's target of ALB requests per task per minute. */
  readonly requestsPerTarget: number;
  readonly oldestMessageAgeAlarmSeconds: number;
  readonly outboxBacklogAlarmThreshold: number;
  /** How long an outbox event may wait unpublished, growing backlog or not, before its alarm fires. */
  readonly outboxOldestEventAlarmSeconds: number;
  /** Delete the databases with the stack instead of keeping a final snapshot. */
  readonly deleteDatabasesOnDestroy: boolean;
  readonly cloudwatchAgentImage: string;
  /** The ADOT collector beside each service, which sends its spans to X-Ray. */
  readonly otelCollectorImage: string;
  /** An address that receives the alarms, subscribed to the alerts topic when given. */
  readonly alertEmail?: string;
  /** The ACM certificate of the HTTPS listener; absent only when plain HTTP is asked for. */
  readonly certificateArn?: string;
  /** Serve the API on plain HTTP (port 80) instead of HTTPS, for a throwaway deployment. */
  readonly allowPlainHttp: boolean;
}

const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;

export function backlogPerTaskTarget(settings: Settings): number {
  return settings.acceptableLatencySeconds / settings.secondsPerMessage;
}

export function settingsFrom(node: Node): Settings {
  const settings: Settings = {
    messagingMode: messagingMode(node),
    acceptableLatencySeconds: positive(node, 'acceptableLatencySeconds'),
    secondsPerMessage: positive(node, 'secondsPerMessage'),
    minTasks: positive(node, 'minTasks'),
    maxTasks: positive(node, 'maxTasks'),
    requestsPerTarget: positive(node, 'requestsPerTarget'),
    oldestMessageAgeAlarmSeconds: positive(node, 'oldestMessageAgeAlarmSeconds'),
    outboxBacklogAlarmThreshold: positive(node, 'outboxBacklogAlarmThreshold'),
    outboxOldestEventAlarmSeconds: positive(node, 'outboxOldestEventAlarmSeconds'),
    deleteDatabasesOnDestroy: flag(node, 'deleteDatabasesOnDestroy'),
    cloudwatchAgentImage: text(node, 'cloudwatchAgentImage'),
    otelCollectorImage: text(node, 'otelCollectorImage'),
    alertEmail: node.tryGetContext('alertEmail') as string | undefined,
    certificateArn: optionalText(node, 'certificateArn'),
    allowPlainHttp: flag(node, 'allowPlainHttp'),
  };
  if (settings.certificateArn === undefined && !settings.allowPlainHttp) {
    throw new Error(
      'The load balancer needs a certificate: give -c certificateArn=arn:aws:acm:<region>:<account>:certificate/<id> ' +
        '(an ACM certificate of your domain, in the region of the stack), or -c allowPlainHttp=true for a throwaway ' +
        'deployment whose API and tokens travel unencrypted',
    );
  }
  if (settings.certificateArn !== undefined && settings.allowPlainHttp) {
    throw new Error('Give either certificateArn or allowPlainHttp=true, not both');
  }
  if (settings.certificateArn !== undefined && !CERTIFICATE_ARN.test(settings.certificateArn)) {
    throw new Error(`Context certificateArn must be the ARN of an ACM certificate, not ${settings.certificateArn}`);
  }
  if (settings.minTasks > settings.maxTasks) {
    throw new Error(`minTasks (${settings.minTasks}) is above maxTasks (${settings.maxTasks})`);
  }
  return settings;
}

function messagingMode(node: Node): MessagingMode {
  const value = text(node, 'messagingMode');
  const mode = MESSAGING_MODES.find((candidate) => candidate === value);
  if (mode === undefined) {
    throw new Error(`Context messagingMode must be ${MESSAGING_MODES.join(' or ')}, not ${value}`);
  }
  return mode;
}

function positive(node: Node, key: string): number {
  const value = Number(text(node, key));
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`Context ${key} must be a positive number, not ${node.tryGetContext(key)}`);
  }
  return value;
}

function flag(node: Node, key: string): boolean {
  const value = String(node.tryGetContext(key) ?? 'false');
  if (value !== 'true' && value !== 'false') {
    throw new Error(`Context ${key} must be true or false, not ${value}`);
  }
  return value === 'true';
}

function optionalText(node: Node, key: string): string | undefined {
  const value = node.tryGetContext(key);
  return value === undefined || value === null || String(value) === '' ? undefined : String(value);
}

function text(node: Node, key: string): string {
  const value = node.tryGetContext(key);
  if (value === undefined || value === null || String(value) === '') {
    throw new Error(`Context ${key} is missing (cdk.json declares its default)`);
  }
  return String(value);
}
