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
  /** Delete the databases with the stack instead of keeping a final snapshot. */
  readonly deleteDatabasesOnDestroy: boolean;
  readonly cloudwatchAgentImage: string;
  /** An address that receives the alarms, subscribed to the alerts topic when given. */
  readonly alertEmail?: string;
}

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
    deleteDatabasesOnDestroy: flag(node, 'deleteDatabasesOnDestroy'),
    cloudwatchAgentImage: text(node, 'cloudwatchAgentImage'),
    alertEmail: node.tryGetContext('alertEmail') as string | undefined,
  };
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

function text(node: Node, key: string): string {
  const value = node.tryGetContext(key);
  if (value === undefined || value === null || String(value) === '') {
    throw new Error(`Context ${key} is missing (cdk.json declares its default)`);
  }
  return String(value);
}
