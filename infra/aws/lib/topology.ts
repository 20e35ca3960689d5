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

/** An SQS queue read by one service; its dead-letter queue is `<name>-dlq`, or `<base>-dlq.fifo` for a FIFO queue. */
export interface QueueDeclaration {
  readonly name: string;
  readonly consumer: string;
  readonly subscriptions: readonly SubscriptionDeclaration[];
}

/** The FIFO attributes the provisioner and this app give every topic and queue in fifo mode. */
export interface FifoSettings {
  readonly contentBasedDeduplication: boolean;
  readonly deduplicationScope: string;
  readonly fifoThroughputLimit: string;
}

/** The SNS/SQS topology declared once in infra/topology.json, read the way the Java provisioner reads it. */
export interface Topology {
  readonly fifo: FifoSettings;
  readonly queueDefaults: QueueDefaults;
  readonly topics: readonly TopicDeclaration[];
  readonly queues: readonly QueueDeclaration[];
}

/** The kind of topics and queues a deployment runs on, named as the services' MESSAGING_MODE names it. */
export type MessagingMode = 'standard' | 'fifo';

/** Every messaging mode, the default first. */
export const MESSAGING_MODES: readonly MessagingMode[] = ['standard', 'fifo'];

const FIFO_SUFFIX = '.fifo';

/** Whether a topic or queue name is that of a FIFO one, which SNS and SQS require to end in `.fifo`. */
export function isFifo(name: string): boolean {
  return name.endsWith(FIFO_SUFFIX);
}

/** The name of a queue's dead-letter queue, which SQS requires to be of the queue's kind. */
export function deadLetterQueueName(queue: Pick<QueueDeclaration, 'name'>): string {
  if (isFifo(queue.name)) {
    return `${queue.name.slice(0, -FIFO_SUFFIX.length)}-dlq${FIFO_SUFFIX}`;
  }
  return `${queue.name}-dlq`;
}

/**
 * The name of the queue that keeps what SNS could not deliver to a queue (a deleted queue, a
 * refused policy), of the topic's kind as SNS requires: `<name>-sns-dlq` or `<base>-sns-dlq.fifo`.
 */
export function subscriptionDeadLetterQueueName(queue: Pick<QueueDeclaration, 'name'>): string {
  if (isFifo(queue.name)) {
    return `${queue.name.slice(0, -FIFO_SUFFIX.length)}-sns-dlq${FIFO_SUFFIX}`;
  }
  return `${queue.name}-sns-dlq`;
}

/**
 * The topology of a messaging mode, derived as the provisioner's Topology.inMode derives it:
 * the declaration itself in standard mode, every topic and queue name with `.fifo` in fifo mode.
 */
export function inMode(topology: Topology, mode: MessagingMode): Topology {
  if (mode === 'standard') {
    return topology;
  }
  return {
    ...topology,
    topics: topology.topics.map((topic) => ({ ...topic, name: fifoName(topic.name) })),
    queues: topology.queues.map((queue) => ({
      ...queue,
      name: fifoName(queue.name),
      subscriptions: queue.subscriptions.map((subscription) => ({
        ...subscription,
        topic: fifoName(subscription.topic),
      })),
    })),
  };
}

function fifoName(name: string): string {
  return isFifo(name) ? name : `${name}${FIFO_SUFFIX}`;
}

/** Reads and checks a topology file: unknown keys, a missing fifo block and subscriptions to undeclared topics are refused. */
export function readTopology(file: string): Topology {
  const topology = JSON.parse(readFileSync(file, 'utf8')) as Topology;
  onlyKeys('topology', topology, ['fifo', 'queueDefaults', 'topics', 'queues']);
  if (topology.fifo === undefined) {
    throw new Error('The topology declares no fifo settings');
  }
  onlyKeys('fifo', topology.fifo, ['contentBasedDeduplication', 'deduplicationScope', 'fifoThroughputLimit']);
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
