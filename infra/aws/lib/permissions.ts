import * as iam from 'aws-cdk-lib/aws-iam';

import { Messaging } from './messaging';
import { Topology } from './topology';

// The listener receives, deletes (also in batches) and hides a failed message for its
// backoff; Spring Cloud AWS resolves the URL and reads the attributes at start-up.
const CONSUME = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
];

// The dead-letter endpoints list (receive and release), redrive (receive, send to the
// source queue, delete) and discard (delete); the depth gauges resolve its URL.
const READ_DEAD_LETTERS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
];

// QueueDepthMetrics: GetQueueUrl then GetQueueAttributes on each queue and on the
// dead-letter queue its RedrivePolicy names.
const READ_DEPTH = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];

/**
 * The task role of a service, and nothing more: its own queue and dead-letter queue,
 * redrive into its own queue, publishing to its own topic (with the topic key's data keys),
 * and the depth of the queues subscribed to that topic, which QueueDepthMetrics finds with
 * ListSubscriptionsByTopic.
 */
export function taskRoleStatements(service: string, topology: Topology, messaging: Messaging): iam.PolicyStatement[] {
  const statements: iam.PolicyStatement[] = [];
  const own = messaging.queueOf(service);
  if (own !== undefined) {
    statements.push(
      new iam.PolicyStatement({ sid: 'ConsumeOwnQueue', actions: CONSUME, resources: [own.queue.queueArn] }),
      new iam.PolicyStatement({
        sid: 'ReadOwnDeadLetterQueue',
        actions: READ_DEAD_LETTERS,
        resources: [own.deadLetterQueue.queueArn],
      }),
      new iam.PolicyStatement({
        sid: 'RedriveIntoOwnQueue',
        actions: ['sqs:SendMessage'],
        resources: [own.queue.queueArn],
      }),
    );
  }
  const ownTopics = topology.topics.filter((topic) => topic.publisher === service);
  if (ownTopics.length > 0) {
    // SNS encrypts a published message with a data key it asks KMS for on the publisher's behalf.
    statements.push(
      new iam.PolicyStatement({
        sid: 'EncryptForOwnTopic',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [messaging.key.keyArn],
      }),
    );
  }
  for (const declared of ownTopics) {
    const topic = messaging.topic(declared.name);
    statements.push(
      new iam.PolicyStatement({ sid: 'PublishOwnTopic', actions: ['sns:Publish'], resources: [topic.topicArn] }),
      new iam.PolicyStatement({
        sid: 'ListOwnTopicSubscriptions',
        actions: ['sns:ListSubscriptionsByTopic'],
        resources: [topic.topicArn],
      }),
    );
    const subscribed = topology.queues.filter(
      (queue) => queue.consumer !== service && queue.subscriptions.some((s) => s.topic === declared.name),
    );
    if (subscribed.length > 0) {
      statements.push(
        new iam.PolicyStatement({
          sid: 'ReadDepthOfSubscribedQueues',
          actions: READ_DEPTH,
          resources: subscribed.flatMap((queue) => {
            const pair = messaging.queues.get(queue.name);
            if (pair === undefined) {
              throw new Error(`No queue named ${queue.name}`);
            }
            return [pair.queue.queueArn, pair.deadLetterQueue.queueArn];
          }),
        }),
      );
    }
  }
  return statements;
}
