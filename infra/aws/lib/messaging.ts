import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

import { deadLetterQueueName, FifoSettings, isFifo, Topology } from './topology';

/** One queue of the topology with its dead-letter queue. */
export interface QueuePair {
  readonly name: string;
  readonly consumer: string;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
}

/**
 * The SNS topics, SQS queues, dead-letter queues and raw-delivery subscriptions of
 * infra/topology.json in one messaging mode, with the same attributes the Java provisioner
 * applies (the FIFO ones to every topic and queue whose name ends in `.fifo`); each
 * subscription adds the queue policy statement that lets only its topic send.
 */
export class Messaging extends Construct {
  readonly topics = new Map<string, sns.Topic>();

  readonly queues = new Map<string, QueuePair>();

  constructor(scope: Construct, id: string, topology: Topology) {
    super(scope, id);
    for (const declared of topology.topics) {
      const topic = new sns.Topic(this, declared.name, {
        topicName: declared.name,
        ...(isFifo(declared.name) ? fifoTopicAttributes(topology.fifo) : {}),
      });
      topic.applyRemovalPolicy(RemovalPolicy.DESTROY);
      this.topics.set(declared.name, topic);
    }
    for (const declared of topology.queues) {
      const defaults = topology.queueDefaults;
      const deadLetterQueue = new sqs.Queue(this, deadLetterQueueName(declared), {
        ...commonAttributes(deadLetterQueueName(declared), topology),
        retentionPeriod: Duration.seconds(defaults.deadLetterQueueRetentionSeconds),
      });
      const queue = new sqs.Queue(this, declared.name, {
        ...commonAttributes(declared.name, topology),
        retentionPeriod: Duration.seconds(defaults.messageRetentionSeconds),
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: defaults.maxReceiveCount },
      });
      for (const subscription of declared.subscriptions) {
        this.topic(subscription.topic).addSubscription(
          new subscriptions.SqsSubscription(queue, {
            rawMessageDelivery: true,
            filterPolicy: {
              eventType: sns.SubscriptionFilter.stringFilter({ allowlist: [...subscription.eventTypes] }),
            },
          }),
        );
      }
      this.queues.set(declared.name, { name: declared.name, consumer: declared.consumer, queue, deadLetterQueue });
    }
  }

  topic(name: string): sns.Topic {
    const topic = this.topics.get(name);
    if (topic === undefined) {
      throw new Error(`No topic named ${name}`);
    }
    return topic;
  }

  /** The queue a service reads, if it reads one. */
  queueOf(service: string): QueuePair | undefined {
    return [...this.queues.values()].find((pair) => pair.consumer === service);
  }
}

function commonAttributes(name: string, topology: Topology): sqs.QueueProps {
  const defaults = topology.queueDefaults;
  return {
    queueName: name,
    ...(isFifo(name) ? fifoQueueAttributes(topology.fifo) : {}),
    visibilityTimeout: Duration.seconds(defaults.visibilityTimeoutSeconds),
    receiveMessageWaitTime: Duration.seconds(defaults.receiveMessageWaitTimeSeconds),
    encryption: defaults.sqsManagedSseEnabled ? sqs.QueueEncryption.SQS_MANAGED : sqs.QueueEncryption.UNENCRYPTED,
    removalPolicy: RemovalPolicy.DESTROY,
  };
}

function fifoTopicAttributes(fifo: FifoSettings): sns.TopicProps {
  return { fifo: true, contentBasedDeduplication: fifo.contentBasedDeduplication };
}

function fifoQueueAttributes(fifo: FifoSettings): sqs.QueueProps {
  return {
    fifo: true,
    contentBasedDeduplication: fifo.contentBasedDeduplication,
    deduplicationScope: oneOf('deduplicationScope', fifo.deduplicationScope, Object.values(sqs.DeduplicationScope)),
    fifoThroughputLimit: oneOf('fifoThroughputLimit', fifo.fifoThroughputLimit, Object.values(sqs.FifoThroughputLimit)),
  };
}

function oneOf<T extends string>(key: string, value: string, allowed: readonly T[]): T {
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) {
    throw new Error(`The topology's fifo.${key} must be one of ${allowed.join(', ')}, not ${value}`);
  }
  return match;
}
