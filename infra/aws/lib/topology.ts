import { readFileSync } from 'node:fs';

/** Attributes shared by every queue and dead-letter queue (infra/topology.json's queueDefaults). */
export interface QueueDefaults {
  readonly visibilityTimeoutSeconds: number;
  readonly receiveMessageWaitTimeSeconds: number;
  readonly messageRetentionSeconds: number;
  readonly deadLetterQueueRetentionSeconds: number;
  readonly maxReceiveCount: number;
  readonly sqsManagedSseEnabled: boolean;
}

/** An SNS topic and the service that publishes to it. */
export interface TopicDeclaration {
  readonly name: string;
  readonly publisher: string;
}

/** A raw-delivery subscription of a queue to a topic, filtered on the eventType message attribute. */
export interface SubscriptionDeclaration {
  readonly topic: string;
  readonly eventTypes: readonly string[];
}

/** An SQS queue read by one service; its dead-letter queue is `<name>-dlq`. */
export interface QueueDeclaration {
  readonly name: string;
  readonly consumer: string;
  readonly subscriptions: readonly SubscriptionDeclaration[];
}

/** The FIFO attributes the provisioner gives every topic and queue in fifo mode; this app deploys standard mode. */
export interface FifoSettings {
  readonly contentBasedDeduplication: boolean;
  readonly deduplicationScope: string;
  readonly fifoThroughputLimit: string;
}

/** The SNS/SQS topology declared once in infra/topology.json, read the way the Java provisioner reads it. */
export interface Topology {
  readonly fifo?: FifoSettings;
  readonly queueDefaults: QueueDefaults;
  readonly topics: readonly TopicDeclaration[];
  readonly queues: readonly QueueDeclaration[];
}

export function deadLetterQueueName(queue: QueueDeclaration): string {
  return `${queue.name}-dlq`;
}

/** Reads and checks a topology file: unknown keys and subscriptions to undeclared topics are refused. */
export function readTopology(file: string): Topology {
  const topology = JSON.parse(readFileSync(file, 'utf8')) as Topology;
  onlyKeys('topology', topology, ['fifo', 'queueDefaults', 'topics', 'queues']);
  if (topology.fifo !== undefined) {
    onlyKeys('fifo', topology.fifo, ['contentBasedDeduplication', 'deduplicationScope', 'fifoThroughputLimit']);
  }
  onlyKeys('queueDefaults', topology.queueDefaults, [
    'visibilityTimeoutSeconds',
    'receiveMessageWaitTimeSeconds',
    'messageRetentionSeconds',
    'deadLetterQueueRetentionSeconds',
    'maxReceiveCount',
    'sqsManagedSseEnabled',
  ]);
  const topicNames = new Set(topology.topics.map((topic) => topic.name));
  for (const topic of topology.topics) {
    onlyKeys(`topic ${topic.name}`, topic, ['name', 'publisher']);
  }
  for (const queue of topology.queues) {
    onlyKeys(`queue ${queue.name}`, queue, ['name', 'consumer', 'subscriptions']);
    for (const subscription of queue.subscriptions) {
      onlyKeys(`subscription of ${queue.name}`, subscription, ['topic', 'eventTypes']);
      if (!topicNames.has(subscription.topic)) {
        throw new Error(`Queue '${queue.name}' subscribes to undeclared topic '${subscription.topic}'`);
      }
      if (subscription.eventTypes.length === 0) {
        throw new Error(`Subscription of '${queue.name}' to '${subscription.topic}' lets no event type through`);
      }
    }
  }
  return topology;
}

/** The services of the topology: every publisher and consumer, in declaration order. */
export function servicesOf(topology: Topology): string[] {
  return [...new Set([...topology.topics.map((t) => t.publisher), ...topology.queues.map((q) => q.consumer)])];
}

function onlyKeys(what: string, value: object, allowed: string[]): void {
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new Error(`${what} has unknown keys ${unknown.join(', ')}`);
  }
}
