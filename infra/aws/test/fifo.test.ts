import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';

import { Template } from 'aws-cdk-lib/assertions';

import { PUBLIC_SERVICE, SERVICE_ENVIRONMENT } from '../lib/booking-stack';
import { deadLetterQueueName, inMode, servicesOf } from '../lib/topology';
import {
  asArray,
  grantsOf,
  sendersOf,
  queueId,
  referencedId,
  resourcesOf,
  synthesize,
  taskDefinitionOf,
  topicId,
  topology,
} from './support';

// The FIFO names are spelled out here rather than derived with the app's inMode, so that
// a mistake in the derivation cannot hide in the expectations.
function fifoName(name: string): string {
  return `${name}.fifo`;
}

function fifoDeadLetterQueueName(queue: string): string {
  return `${queue}-dlq.fifo`;
}

function fifoSubscriptionDeadLetterQueueName(queue: string): string {
  return `${queue}-sns-dlq.fifo`;
}

const { template: standard } = synthesize();
const { template: fifo } = synthesize({ messagingMode: 'fifo' });
const services = servicesOf(topology);
const consumers = services.filter((service) => service !== PUBLIC_SERVICE);
const fifoSettings = topology.fifo;
const defaults = topology.queueDefaults;

function containerVariables(template: Template, service: string): Map<string, unknown> {
  const containers = taskDefinitionOf(template, service).Properties?.ContainerDefinitions as Record<string, any>[];
  const container = containers.find((candidate) => candidate.Name === service);
  return new Map(
    (container?.Environment as { Name: string; Value: unknown }[]).map((variable) => [variable.Name, variable.Value]),
  );
}

describe('fifo mode (-c messagingMode=fifo)', () => {
  test('derives the names as the provisioner does: .fifo once, and <base>-dlq.fifo for a dead-letter queue', () => {
    const twice = inMode(inMode(topology, 'fifo'), 'fifo');
    assert.deepEqual(
      twice.topics.map((topic) => topic.name),
      topology.topics.map((topic) => fifoName(topic.name)),
    );
    assert.deepEqual(
      twice.queues.map((queue) => [queue.name, deadLetterQueueName(queue)]),
      topology.queues.map((queue) => [fifoName(queue.name), fifoDeadLetterQueueName(queue.name)]),
    );
    assert.deepEqual(
      twice.queues.flatMap((queue) => queue.subscriptions.map((subscription) => subscription.topic)),
      topology.queues.flatMap((queue) => queue.subscriptions.map((subscription) => fifoName(subscription.topic))),
    );
    assert.equal(inMode(topology, 'standard'), topology);
  });

  test('has every topic of topology.json as a FIFO topic named .fifo, and the alerts topic standard as alarms need it', () => {
    const topics = resourcesOf(fifo, 'AWS::SNS::Topic');
    const names = [...topics.values()].map((topic) => topic.Properties?.TopicName);
    assert.deepEqual(
      names.sort(),
      [...topology.topics.map((topic) => fifoName(topic.name)), 'booking-demo-alerts'].sort(),
    );
    for (const declared of topology.topics) {
      const topic = topics.get(topicId(fifo, fifoName(declared.name)))?.Properties;
      assert.equal(topic?.FifoTopic, true, declared.name);
      assert.equal(topic?.ContentBasedDeduplication, fifoSettings.contentBasedDeduplication, declared.name);
    }
    assert.equal(topics.get(topicId(fifo, 'booking-demo-alerts'))?.Properties?.FifoTopic, undefined);
  });

  test('has each queue and its dead-letter queues as FIFO queues named .fifo, with the FIFO settings and the queue defaults', () => {
    const queues = resourcesOf(fifo, 'AWS::SQS::Queue');
    const names = [...queues.values()].map((queue) => queue.Properties?.QueueName);
    const expected = topology.queues.flatMap((queue) => [
      fifoName(queue.name),
      fifoDeadLetterQueueName(queue.name),
      fifoSubscriptionDeadLetterQueueName(queue.name),
    ]);
    assert.deepEqual(names.sort(), expected.sort());
    for (const declared of topology.queues) {
      for (const [name, retention] of [
        [fifoName(declared.name), defaults.messageRetentionSeconds],
        [fifoDeadLetterQueueName(declared.name), defaults.deadLetterQueueRetentionSeconds],
        [fifoSubscriptionDeadLetterQueueName(declared.name), defaults.deadLetterQueueRetentionSeconds],
      ] as const) {
        const queue = queues.get(queueId(fifo, name))?.Properties;
        assert.equal(queue?.FifoQueue, true, name);
        assert.equal(queue?.ContentBasedDeduplication, fifoSettings.contentBasedDeduplication, name);
        assert.equal(queue?.DeduplicationScope, fifoSettings.deduplicationScope, name);
        assert.equal(queue?.FifoThroughputLimit, fifoSettings.fifoThroughputLimit, name);
        assert.equal(queue?.VisibilityTimeout, defaults.visibilityTimeoutSeconds, name);
        assert.equal(queue?.ReceiveMessageWaitTimeSeconds, defaults.receiveMessageWaitTimeSeconds, name);
        assert.equal(queue?.MessageRetentionPeriod, retention, name);
        assert.equal(queue?.SqsManagedSseEnabled, defaults.sqsManagedSseEnabled, name);
      }
    }
  });

  test('redrives each queue to its FIFO dead-letter queue after the declared receives', () => {
    const queues = resourcesOf(fifo, 'AWS::SQS::Queue');
    for (const declared of topology.queues) {
      const redrive = queues.get(queueId(fifo, fifoName(declared.name)))?.Properties?.RedrivePolicy;
      assert.equal(
        referencedId(redrive?.deadLetterTargetArn),
        queueId(fifo, fifoDeadLetterQueueName(declared.name)),
        declared.name,
      );
      assert.equal(redrive?.maxReceiveCount, defaults.maxReceiveCount, declared.name);
      const deadLetterQueue = queues.get(queueId(fifo, fifoDeadLetterQueueName(declared.name)))?.Properties;
      assert.equal(deadLetterQueue?.RedrivePolicy, undefined, declared.name);
    }
  });

  test('subscribes each queue to its .fifo topics with raw delivery, the declared filter policies and a FIFO dead-letter queue', () => {
    const actual = [...resourcesOf(fifo, 'AWS::SNS::Subscription').values()].map((subscription) => {
      const properties = subscription.Properties ?? {};
      assert.equal(properties.Protocol, 'sqs');
      assert.equal(properties.RawMessageDelivery, true);
      assert.ok([undefined, 'MessageAttributes'].includes(properties.FilterPolicyScope));
      assert.deepEqual(Object.keys(properties.FilterPolicy), ['eventType']);
      return `${referencedId(properties.TopicArn)} -> ${referencedId(properties.Endpoint)}: ${[...properties.FilterPolicy.eventType].sort()}, else ${referencedId(properties.RedrivePolicy.deadLetterTargetArn)}`;
    });
    const expected = topology.queues.flatMap((queue) =>
      queue.subscriptions.map(
        (subscription) =>
          `${topicId(fifo, fifoName(subscription.topic))} -> ${queueId(fifo, fifoName(queue.name))}: ${[...subscription.eventTypes].sort()}, else ${queueId(fifo, fifoSubscriptionDeadLetterQueueName(queue.name))}`,
      ),
    );
    assert.deepEqual(actual.sort(), expected.sort());
  });

  test('lets only the subscribed .fifo topics send to each queue and to its subscription dead-letter queue, and nobody to a dead-letter queue', () => {
    for (const declared of topology.queues) {
      const expected = [
        ...new Set(declared.subscriptions.map((subscription) => topicId(fifo, fifoName(subscription.topic)))),
      ];
      assert.deepEqual(sendersOf(fifo, queueId(fifo, fifoName(declared.name))), expected.sort(), declared.name);
      assert.deepEqual(
        sendersOf(fifo, queueId(fifo, fifoSubscriptionDeadLetterQueueName(declared.name))),
        expected.sort(),
        declared.name,
      );
      assert.deepEqual(sendersOf(fifo, queueId(fifo, fifoDeadLetterQueueName(declared.name))), []);
    }
  });

  test('gives each task role the grants it has in standard mode, on the .fifo twins of its queues and topics', () => {
    const twins = new Map<string, string>([
      ...topology.topics.map((topic): [string, string] => [
        topicId(standard, topic.name),
        topicId(fifo, fifoName(topic.name)),
      ]),
      ...topology.queues.flatMap((queue): [string, string][] => [
        [queueId(standard, queue.name), queueId(fifo, fifoName(queue.name))],
        [queueId(standard, deadLetterQueueName(queue)), queueId(fifo, fifoDeadLetterQueueName(queue.name))],
      ]),
    ]);
    const fifoResources = new Set(twins.values());
    for (const service of services) {
      const standardRole = referencedId(taskDefinitionOf(standard, service).Properties?.TaskRoleArn);
      const fifoRole = referencedId(taskDefinitionOf(fifo, service).Properties?.TaskRoleArn);
      const expected = grantsOf(standard, standardRole)
        .map((grant) => {
          const [action, resource] = grant.split(' ');
          return `${action} ${twins.get(resource) ?? resource}`;
        })
        .sort();
      const actual = grantsOf(fifo, fifoRole);
      assert.deepEqual(actual, expected, service);
      for (const grant of actual.filter((candidate) => /^(sqs|sns):/.test(candidate))) {
        assert.ok(fifoResources.has(grant.split(' ')[1]), `${service}: ${grant}`);
      }
    }
  });

  test('tells every service MESSAGING_MODE=fifo and gives it its .fifo queue and topic', () => {
    for (const service of services) {
      const environment = SERVICE_ENVIRONMENT[service];
      const variables = containerVariables(fifo, service);
      assert.equal(variables.get('MESSAGING_MODE'), 'fifo', service);
      const own = topology.queues.find((queue) => queue.consumer === service);
      assert.deepEqual(variables.get(environment.queueVariable), {
        'Fn::GetAtt': [queueId(fifo, fifoName(String(own?.name))), 'QueueName'],
      });
      const topic = topology.topics.find((candidate) => candidate.publisher === service);
      if (topic !== undefined && environment.topicVariable !== undefined) {
        assert.equal(referencedId(variables.get(environment.topicVariable)), topicId(fifo, fifoName(topic.name)));
      }
    }
  });

  test('scales each consumer on the visible messages of its .fifo queue', () => {
    const policies = [...resourcesOf(fifo, 'AWS::ApplicationAutoScaling::ScalingPolicy').values()];
    for (const service of consumers) {
      const own = topology.queues.find((queue) => queue.consumer === service);
      const policy = policies.find((candidate) => candidate.Properties?.PolicyName === `${service}-backlog-per-task`);
      const metrics = policy?.Properties?.TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification
        .Metrics as Record<string, any>[];
      const visible = metrics.find((metric) => metric.Id === 'visible')?.MetricStat.Metric;
      assert.equal(visible.MetricName, 'ApproximateNumberOfMessagesVisible');
      assert.deepEqual(visible.Dimensions, [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId(fifo, fifoName(String(own?.name))), 'QueueName'] } },
      ]);
    }
  });

  test('alarms on the .fifo dead-letter queues and on the age of the oldest message of the .fifo queues', () => {
    const alarms = [...resourcesOf(fifo, 'AWS::CloudWatch::Alarm').values()].map((alarm) => alarm.Properties ?? {});
    const alertsTopic = topicId(fifo, 'booking-demo-alerts');
    for (const queue of topology.queues) {
      for (const [name, metric, queueName] of [
        [
          `booking-demo-${fifoDeadLetterQueueName(queue.name)}-not-empty`,
          'ApproximateNumberOfMessagesVisible',
          fifoDeadLetterQueueName(queue.name),
        ],
        [`booking-demo-${fifoName(queue.name)}-oldest-message`, 'ApproximateAgeOfOldestMessage', fifoName(queue.name)],
      ]) {
        const alarm = alarms.find((candidate) => candidate.AlarmName === name);
        assert.ok(alarm, `alarm ${name}`);
        assert.equal(alarm.MetricName, metric);
        assert.deepEqual(alarm.Dimensions, [
          { Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId(fifo, queueName), 'QueueName'] } },
        ]);
        assert.deepEqual(asArray(alarm.AlarmActions).map(referencedId), [alertsTopic]);
      }
    }
  });
});

describe('the messaging mode', () => {
  test('is standard unless the context says otherwise, and every service is told so', () => {
    for (const service of services) {
      assert.equal(containerVariables(standard, service).get('MESSAGING_MODE'), 'standard', service);
    }
  });

  test('refuses anything but standard or fifo', () => {
    for (const mode of ['ordered', 'FIFO']) {
      assert.throws(() => synthesize({ messagingMode: mode }), {
        message: `Context messagingMode must be standard or fifo, not ${mode}`,
      });
    }
    assert.throws(() => synthesize({ messagingMode: '' }), {
      message: 'Context messagingMode is missing (cdk.json declares its default)',
    });
  });
});
