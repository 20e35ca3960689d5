import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';

import { deadLetterQueueName } from '../lib/topology';
import { asArray, queueId, referencedId, resourcesOf, synthesize, topicId, topology } from './support';

// Every expectation here is derived from infra/topology.json, so that the stack and the
// file cannot drift apart.
describe('the SNS/SQS topology', () => {
  const { template } = synthesize();
  const defaults = topology.queueDefaults;

  test('has every topic of topology.json, and besides them only the alerts topic', () => {
    const names = [...resourcesOf(template, 'AWS::SNS::Topic').values()].map((topic) => topic.Properties?.TopicName);
    assert.deepEqual(names.sort(), [...topology.topics.map((topic) => topic.name), 'booking-demo-alerts'].sort());
  });

  test('has every queue and its dead-letter queue, and nothing else', () => {
    const names = [...resourcesOf(template, 'AWS::SQS::Queue').values()].map((queue) => queue.Properties?.QueueName);
    const expected = topology.queues.flatMap((queue) => [queue.name, deadLetterQueueName(queue)]);
    assert.deepEqual(names.sort(), expected.sort());
  });

  test('gives each queue the declared attributes and a redrive policy to its dead-letter queue', () => {
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    for (const declared of topology.queues) {
      const queue = queues.get(queueId(template, declared.name))?.Properties;
      assert.equal(queue?.VisibilityTimeout, defaults.visibilityTimeoutSeconds, declared.name);
      assert.equal(queue?.ReceiveMessageWaitTimeSeconds, defaults.receiveMessageWaitTimeSeconds, declared.name);
      assert.equal(queue?.MessageRetentionPeriod, defaults.messageRetentionSeconds, declared.name);
      assert.equal(queue?.SqsManagedSseEnabled, defaults.sqsManagedSseEnabled, declared.name);
      assert.equal(
        referencedId(queue?.RedrivePolicy.deadLetterTargetArn),
        queueId(template, deadLetterQueueName(declared)),
      );
      assert.equal(queue?.RedrivePolicy.maxReceiveCount, defaults.maxReceiveCount, declared.name);

      const deadLetterQueue = queues.get(queueId(template, deadLetterQueueName(declared)))?.Properties;
      assert.equal(deadLetterQueue?.VisibilityTimeout, defaults.visibilityTimeoutSeconds);
      assert.equal(deadLetterQueue?.ReceiveMessageWaitTimeSeconds, defaults.receiveMessageWaitTimeSeconds);
      assert.equal(deadLetterQueue?.MessageRetentionPeriod, defaults.deadLetterQueueRetentionSeconds);
      assert.equal(deadLetterQueue?.SqsManagedSseEnabled, defaults.sqsManagedSseEnabled);
      assert.equal(deadLetterQueue?.RedrivePolicy, undefined);
    }
  });

  test('has exactly the declared raw-delivery subscriptions with their filter policies', () => {
    const actual = [...resourcesOf(template, 'AWS::SNS::Subscription').values()].map((subscription) => {
      const properties = subscription.Properties ?? {};
      assert.equal(properties.Protocol, 'sqs');
      assert.equal(properties.RawMessageDelivery, true);
      assert.ok([undefined, 'MessageAttributes'].includes(properties.FilterPolicyScope));
      assert.deepEqual(Object.keys(properties.FilterPolicy), ['eventType']);
      return `${referencedId(properties.TopicArn)} -> ${referencedId(properties.Endpoint)}: ${[...properties.FilterPolicy.eventType].sort()}`;
    });
    const expected = topology.queues.flatMap((queue) =>
      queue.subscriptions.map(
        (subscription) =>
          `${topicId(template, subscription.topic)} -> ${queueId(template, queue.name)}: ${[...subscription.eventTypes].sort()}`,
      ),
    );
    assert.deepEqual(actual.sort(), expected.sort());
  });

  test('lets only the subscribed topics send to each queue, and nobody to a dead-letter queue', () => {
    const policies = [...resourcesOf(template, 'AWS::SQS::QueuePolicy').values()];
    const policedQueues = policies.flatMap((policy) => asArray(policy.Properties?.Queues).map(referencedId));
    assert.deepEqual(policedQueues.sort(), topology.queues.map((queue) => queueId(template, queue.name)).sort());
    for (const declared of topology.queues) {
      const id = queueId(template, declared.name);
      const policy = policies.find((candidate) => asArray(candidate.Properties?.Queues).map(referencedId).includes(id));
      const statements = asArray(policy?.Properties?.PolicyDocument.Statement) as Record<string, any>[];
      for (const statement of statements) {
        assert.equal(statement.Effect, 'Allow');
        assert.deepEqual(statement.Principal, { Service: 'sns.amazonaws.com' });
        assert.deepEqual(asArray(statement.Action), ['sqs:SendMessage']);
        assert.equal(referencedId(statement.Resource), id);
      }
      const sources = statements.flatMap((statement) =>
        asArray(statement.Condition.ArnEquals['aws:SourceArn']).map(referencedId),
      );
      const expected = [
        ...new Set(declared.subscriptions.map((subscription) => topicId(template, subscription.topic))),
      ];
      assert.deepEqual(sources.sort(), expected.sort(), declared.name);
    }
  });
});
