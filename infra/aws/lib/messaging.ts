import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

import { deadLetterQueueName, FifoSettings, isFifo, subscriptionDeadLetterQueueName, Topology } from './topology';

/**
 * One queue of the topology with its dead-letter queue, and the queue that keeps what SNS
 * could not deliver to it.
 */
export interface QueuePair {
  readonly name: string;
  readonly consumer: string;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly subscriptionDeadLetterQueue: sqs.Queue;
}

/** The topic actions a topic policy can name besides sns:Publish, which enforceSSL already covers. */
const TOPIC_ACTIONS_BESIDES_PUBLISH = [
  'sns:GetTopicAttributes',
  'sns:SetTopicAttributes',
  'sns:AddPermission',
  'sns:RemovePermission',
  'sns:DeleteTopic',
  'sns:Subscribe',
  'sns:ListSubscriptionsByTopic',
];

/**
 * The SNS topics, SQS queues, dead-letter queues and raw-delivery subscriptions of
 * infra/topology.json in one messaging mode, with the same attributes the Java provisioner
 * applies (the FIFO ones to every topic and queue whose name ends in `.fifo`); each
 * subscription adds the queue policy statement that lets only its topic send, and a
 * dead-letter queue for what SNS cannot deliver. Every topic is encrypted with one
 * customer-managed key, and every topic and queue policy refuses requests without TLS.
 */
export class Messaging extends Construct {
  readonly topics = new Map<string, sns.Topic>();

  readonly queues = new Map<string, QueuePair>();

  /** The key of every topic, the alerts topic included. */
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, topology: Topology) {
    super(scope, id);
    this.key = topicKey(this);
    for (const declared of topology.topics) {
      this.topics.set(
        declared.name,
        this.encryptedTopic(declared.name, isFifo(declared.name) ? fifoTopicAttributes(topology.fifo) : {}),
      );
    }
    for (const declared of topology.queues) {
      const defaults = topology.queueDefaults;
      const deadLetterQueue = new sqs.Queue(this, deadLetterQueueName(declared), {
        ...commonAttributes(deadLetterQueueName(declared), topology),
        retentionPeriod: Duration.seconds(defaults.deadLetterQueueRetentionSeconds),
      });
      // SNS sends here what it cannot deliver to the queue; the subscription adds the
      // statement that lets its topic send, as it does for the queue itself.
      const subscriptionDeadLetterQueue = new sqs.Queue(this, subscriptionDeadLetterQueueName(declared), {
        ...commonAttributes(subscriptionDeadLetterQueueName(declared), topology),
        retentionPeriod: Duration.seconds(defaults.deadLetterQueueRetentionSeconds),
      });
      Validations.of(subscriptionDeadLetterQueue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: `It is the dead-letter queue of the subscriptions of ${declared.name}, named in their redrive policy.`,
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
            deadLetterQueue: subscriptionDeadLetterQueue,
          }),
        );
      }
      this.queues.set(declared.name, {
        name: declared.name,
        consumer: declared.consumer,
        queue,
        deadLetterQueue,
        subscriptionDeadLetterQueue,
      });
    }
  }

  /** A topic encrypted with the messaging key whose policy refuses every request without TLS. */
  encryptedTopic(name: string, attributes: sns.TopicProps = {}): sns.Topic {
    const topic = new sns.Topic(this, name, {
      topicName: name,
      ...attributes,
      masterKey: this.key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyTopicActionsWithoutTls',
        effect: iam.Effect.DENY,
        principals: [new iam.StarPrincipal()],
        actions: TOPIC_ACTIONS_BESIDES_PUBLISH,
        resources: [topic.topicArn],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    topic.applyRemovalPolicy(RemovalPolicy.DESTROY);
    return topic;
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
    enforceSSL: true,
    removalPolicy: RemovalPolicy.DESTROY,
  };
}

/**
 * The topics' key. Publishers use it through their roles' grants (the key policy delegates
 * to IAM); SNS and CloudWatch, which publishes the alarms, through the key policy, limited to
 * this account. The queues keep SQS-managed encryption, into which SNS delivers without a key
 * grant; a queue moved to this key would need the SNS statement below, which is already there.
 */
function topicKey(scope: Construct): kms.Key {
  const account = Stack.of(scope).account;
  const key = new kms.Key(scope, 'TopicKey', {
    alias: 'alias/booking-demo-messaging',
    description: 'Encrypts the booking-demo SNS topics',
    enableKeyRotation: true,
    pendingWindow: Duration.days(7),
    removalPolicy: RemovalPolicy.DESTROY,
  });
  for (const [sid, service] of [
    ['SnsUsesTheKey', 'sns.amazonaws.com'],
    ['CloudWatchPublishesAlarms', 'cloudwatch.amazonaws.com'],
  ]) {
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid,
        principals: [new iam.ServicePrincipal(service)],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
  }
  return key;
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
