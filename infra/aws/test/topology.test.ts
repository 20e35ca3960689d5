import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';

import { deadLetterQueueName, subscriptionDeadLetterQueueName } from '../lib/topology';
import {
  asArray,
  deniesWithoutTls,
  queueId,
  queuePolicyStatements,
  referencedId,
  resourcesOf,
  sendersOf,
  synthesize,
  topicId,
  topology,
} from './support';

// Every expectation here is derived from infra/topology.json, so that the stack and the
// file cannot drift apart.
describe('the SNS/SQS topology', () => {
  const { template } = synthesize();
  const defaults = topology.queueDefaults;

  test('has every topic of topology.json, and besides them only the alerts topic', () => {
    const names = [...resourcesOf(template, 'AWS::SNS::Topic').values()].map((topic) => topic.Properties?.TopicName);
    assert.deepEqual(names.sort(), [...topology.topics.map((topic) => topic.name), 'booking-demo-alerts'].sort());
  });

  test('has every queue, its dead-letter queue and its subscription dead-letter queue, and nothing else', () => {
    const names = [...resourcesOf(template, 'AWS::SQS::Queue').values()].map((queue) => queue.Properties?.QueueName);
    const expected = topology.queues.flatMap((queue) => [
      queue.name,
      deadLetterQueueName(queue),
      subscriptionDeadLetterQueueName(queue),
    ]);
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

  test('lets only the subscribed topics send to each queue and to its subscription dead-letter queue, and nobody to a dead-letter queue', () => {
    const policed = [...resourcesOf(template, 'AWS::SQS::QueuePolicy').values()].flatMap((policy) =>
      asArray(policy.Properties?.Queues).map(referencedId),
    );
    assert.deepEqual(policed.sort(), [...resourcesOf(template, 'AWS::SQS::Queue').keys()].sort());
    for (const declared of topology.queues) {
      const expected = [
        ...new Set(declared.subscriptions.map((subscription) => topicId(template, subscription.topic))),
      ];
      assert.deepEqual(sendersOf(template, queueId(template, declared.name)), expected.sort(), declared.name);
      assert.deepEqual(
        sendersOf(template, queueId(template, subscriptionDeadLetterQueueName(declared))),
        expected.sort(),
        subscriptionDeadLetterQueueName(declared),
      );
      assert.deepEqual(sendersOf(template, queueId(template, deadLetterQueueName(declared))), []);
    }
  });

  test('encrypts every topic, the alerts topic included, with a rotating customer-managed key', () => {
    const keys = [...resourcesOf(template, 'AWS::KMS::Key')];
    assert.equal(keys.length, 1);
    const [keyId, key] = keys[0];
    assert.equal(key.Properties?.EnableKeyRotation, true);
    for (const [id, topic] of resourcesOf(template, 'AWS::SNS::Topic')) {
      assert.equal(referencedId(topic.Properties?.KmsMasterKeyId), keyId, id);
    }
    const statements = asArray(key.Properties?.KeyPolicy.Statement) as Record<string, any>[];
    for (const service of ['sns.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      const statement = statements.find((candidate) => candidate.Principal?.Service === service);
      assert.ok(statement, `the key policy lets ${service} use the key`);
      assert.deepEqual(asArray(statement.Action).sort(), ['kms:Decrypt', 'kms:GenerateDataKey*']);
      assert.deepEqual(statement.Condition, { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
    }
  });

  test('keeps every queue encrypted', () => {
    for (const [id, queue] of resourcesOf(template, 'AWS::SQS::Queue')) {
      assert.equal(queue.Properties?.SqsManagedSseEnabled, true, id);
    }
  });

  test('refuses every request without TLS on every queue and every topic', () => {
    for (const id of resourcesOf(template, 'AWS::SQS::Queue').keys()) {
      const statements = queuePolicyStatements(template, id);
      assert.ok(
        statements.some((statement) => deniesWithoutTls(statement, ['sqs:*'])),
        `${id}: ${JSON.stringify(statements)}`,
      );
    }
    const topicPolicies = [...resourcesOf(template, 'AWS::SNS::TopicPolicy').values()];
    for (const id of resourcesOf(template, 'AWS::SNS::Topic').keys()) {
      const policies = topicPolicies.filter((policy) =>
        asArray(policy.Properties?.Topics).map(referencedId).includes(id),
      );
      assert.equal(policies.length, 1, id);
      const statements = asArray(policies[0].Properties?.PolicyDocument.Statement) as Record<string, any>[];
      const denied = statements
        .filter((statement) => deniesWithoutTls(statement, []))
        .flatMap((statement) => asArray(statement.Action));
      for (const action of ['sns:Publish', 'sns:Subscribe', 'sns:SetTopicAttributes', 'sns:GetTopicAttributes']) {
        assert.ok(denied.includes(action), `${id} denies ${action} without TLS`);
      }
    }
  });

  test('gives every subscription a dead-letter queue of its own queue, and alarms when it holds a message', () => {
    const subscriptions = [...resourcesOf(template, 'AWS::SNS::Subscription').values()];
    const alarms = [...resourcesOf(template, 'AWS::CloudWatch::Alarm').values()].map((alarm) => alarm.Properties ?? {});
    for (const declared of topology.queues) {
      const queue = queueId(template, declared.name);
      const target = queueId(template, subscriptionDeadLetterQueueName(declared));
      const own = subscriptions.filter((subscription) => referencedId(subscription.Properties?.Endpoint) === queue);
      assert.equal(own.length, declared.subscriptions.length);
      for (const subscription of own) {
        assert.equal(referencedId(subscription.Properties?.RedrivePolicy.deadLetterTargetArn), target, declared.name);
      }
      const alarm = alarms.find(
        (candidate) => candidate.AlarmName === `booking-demo-${subscriptionDeadLetterQueueName(declared)}-not-empty`,
      );
      assert.ok(alarm, `the alarm of ${subscriptionDeadLetterQueueName(declared)}`);
      assert.equal(alarm.MetricName, 'ApproximateNumberOfMessagesVisible');
      assert.deepEqual(alarm.Dimensions, [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [target, 'QueueName'] } }]);
      assert.equal(alarm.Threshold, 1);
      assert.deepEqual(asArray(alarm.AlarmActions).map(referencedId), [topicId(template, 'booking-demo-alerts')]);
    }
  });
});
