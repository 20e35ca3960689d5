import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';

import {
  OUTBOX_METRICS,
  PROMETHEUS_NAMESPACE,
  PUBLIC_SERVICE,
  RDS_CA_BUNDLE,
  OTLP_TRACES_ENDPOINT,
  SERVICE_ENVIRONMENT,
  XRAY_ACTIONS,
  XRAY_INDEXED_ATTRIBUTES,
} from '../lib/booking-stack';
import { REPOSITORY_ROOT } from '../lib/paths';
import { deadLetterQueueName, servicesOf } from '../lib/topology';
import {
  asArray,
  grantsOf,
  joined,
  logicalIdOf,
  queueId,
  referencedId,
  Resource,
  resourcesOf,
  synthesize,
  taskDefinitionOf,
  topicId,
  topology,
} from './support';

const { app, template } = synthesize();
// One more synthesis with every parameter the tests change, as synthesis is the slow part.
const { template: tuned } = synthesize({
  acceptableLatencySeconds: '30',
  secondsPerMessage: '0.1',
  minTasks: '2',
  maxTasks: '6',
  deleteDatabasesOnDestroy: 'true',
});
const services = servicesOf(topology);
const consumers = services.filter((service) => service !== PUBLIC_SERVICE);
const publishers = topology.topics.map((topic) => topic.publisher);

function containerOf(service: string): Record<string, any> {
  const containers = taskDefinitionOf(template, service).Properties?.ContainerDefinitions as Record<string, any>[];
  return containers.find((container) => container.Name === service) as Record<string, any>;
}

function serviceId(service: string): string {
  return logicalIdOf(template, 'AWS::ECS::Service', 'ServiceName', service);
}

const CONSUME = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
];

// ECS Exec, the operators' way to /admin and /actuator: its channels take no resource, its
// sessions are logged to the exec log group.
const EXEC_CHANNELS = [
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
];
const WRITE_LOGS = ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'];

/** What each service may do, from the topology and the code paths listed in the README. */
function expectedGrants(service: string): string[] {
  const execLogs = logicalIdOf(template, 'AWS::Logs::LogGroup', 'LogGroupName', '/booking-demo/ecs-exec');
  const grants: string[] = [
    ...EXEC_CHANNELS.map((action) => `${action} *`),
    'logs:DescribeLogGroups *',
    ...WRITE_LOGS.map(
      (action) => `${action} arn:{AWS::Partition}:logs:{AWS::Region}:{AWS::AccountId}:log-group:{${execLogs}}:*`,
    ),
    // The trace collector's writes to X-Ray, which take no resource.
    ...XRAY_ACTIONS.map((action) => `${action} *`),
  ];
  const own = topology.queues.find((queue) => queue.consumer === service);
  if (own !== undefined) {
    const queue = queueId(template, own.name);
    const deadLetterQueue = queueId(template, deadLetterQueueName(own));
    grants.push(...CONSUME.map((action) => `${action} ${queue}`), `sqs:SendMessage ${queue}`);
    grants.push(...CONSUME.map((action) => `${action} ${deadLetterQueue}`));
  }
  for (const topic of topology.topics.filter((candidate) => candidate.publisher === service)) {
    const id = topicId(template, topic.name);
    const key = [...resourcesOf(template, 'AWS::KMS::Key').keys()][0];
    grants.push(`sns:Publish ${id}`, `sns:ListSubscriptionsByTopic ${id}`);
    grants.push(`kms:GenerateDataKey ${key}`, `kms:Decrypt ${key}`);
    for (const queue of topology.queues) {
      if (queue.consumer !== service && queue.subscriptions.some((subscription) => subscription.topic === topic.name)) {
        for (const name of [queue.name, deadLetterQueueName(queue)]) {
          grants.push(
            `sqs:GetQueueAttributes ${queueId(template, name)}`,
            `sqs:GetQueueUrl ${queueId(template, name)}`,
          );
        }
      }
    }
    const metricsLogs = logicalIdOf(
      template,
      'AWS::Logs::LogGroup',
      'LogGroupName',
      `/booking-demo/${service}/prometheus`,
    );
    grants.push(...WRITE_LOGS.map((action) => `${action} ${metricsLogs}`));
  }
  return grants.sort();
}

describe('the services', () => {
  test('run on Fargate, one ECS service per service of the topology', () => {
    const names = [...resourcesOf(template, 'AWS::ECS::Service').values()].map(
      (service) => service.Properties?.ServiceName,
    );
    assert.deepEqual(names.sort(), [...services].sort());
  });

  test('are built from the repository Dockerfile, one image per module', () => {
    const assembly = app.synth();
    const manifest = JSON.parse(readFileSync(path.join(assembly.directory, 'BookingDemo.assets.json'), 'utf8'));
    const images = Object.values(manifest.dockerImages as Record<string, { source: Record<string, any> }>).map(
      (image) => image.source,
    );
    assert.deepEqual(images.map((image) => image.dockerBuildArgs.MODULE).sort(), [...services].sort());
    for (const image of images) {
      assert.equal(image.dockerBuildTarget, 'service');
      assert.equal(image.platform, 'linux/amd64');
      const staged = path.join(assembly.directory, image.directory);
      const dockerfile = readFileSync(path.join(staged, 'Dockerfile'), 'utf8');
      assert.ok(dockerfile.includes('ARG MODULE'));
      assert.match(
        dockerfile,
        new RegExp(
          `^ADD .*https://truststore\\.pki\\.rds\\.amazonaws\\.com/global/global-bundle\\.pem ${RDS_CA_BUNDLE}$`,
          'm',
        ),
        'the image carries the RDS certificate authorities where DB_URL expects them',
      );
      assert.throws(
        () => readFileSync(path.join(staged, 'infra', 'aws', 'package.json')),
        'the CDK app is left out of the build context',
      );
    }
  });

  test('get their queue, topic ARN, database, endpoints and secrets from the variables their application.yml reads', () => {
    for (const service of services) {
      const environment = SERVICE_ENVIRONMENT[service];
      const applicationYml = readFileSync(
        path.join(REPOSITORY_ROOT, service, 'src/main/resources/application.yml'),
        'utf8',
      );
      const container = containerOf(service);
      const variables = new Map<string, unknown>(
        (container.Environment as { Name: string; Value: unknown }[]).map((variable) => [
          variable.Name,
          variable.Value,
        ]),
      );
      const secrets = (container.Secrets as { Name: string }[]).map((secret) => secret.Name).sort();
      assert.deepEqual(secrets, ['DB_PASSWORD', 'DB_USER']);
      // The token variables and OTLP_TRACES_ENDPOINT are read by the plumbing, which may name
      // them outside each application.yml; the tests of the edge and of the traces check their
      // values. SPRING_ and MANAGEMENT_ variables set Boot's own properties.
      for (const name of [...variables.keys(), ...secrets].filter(
        (name) =>
          !name.startsWith('SPRING_') &&
          !name.startsWith('MANAGEMENT_') &&
          !name.startsWith('JWT_') &&
          !['JAVA_TOOL_OPTIONS', 'OTLP_TRACES_ENDPOINT'].includes(name),
      )) {
        assert.ok(applicationYml.includes(`\${${name}:`), `${service}'s application.yml reads ${name}`);
      }
      const own = topology.queues.find((queue) => queue.consumer === service);
      assert.deepEqual(variables.get(environment.queueVariable), {
        'Fn::GetAtt': [queueId(template, String(own?.name)), 'QueueName'],
      });
      const topic = topology.topics.find((candidate) => candidate.publisher === service);
      if (topic !== undefined && environment.topicVariable !== undefined) {
        assert.equal(referencedId(variables.get(environment.topicVariable)), topicId(template, topic.name));
      }
      assert.equal(
        joined(variables.get('SPRING_CLOUD_AWS_SQS_ENDPOINT')),
        'https://sqs.{AWS::Region}.{AWS::URLSuffix}',
      );
      assert.equal(
        joined(variables.get('SPRING_CLOUD_AWS_SNS_ENDPOINT')),
        'https://sns.{AWS::Region}.{AWS::URLSuffix}',
      );
      assert.equal(
        joined(variables.get('DB_URL')).replace(/^jdbc:postgresql:\/\/\{\w+\}:\{\w+\}\//, ''),
        `${environment.database}?sslmode=verify-full&sslrootcert=${RDS_CA_BUNDLE}`,
      );
    }
  });

  test('reach the API through a load balancer that checks readiness', () => {
    const targetGroups = [...resourcesOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup').values()];
    assert.equal(targetGroups.length, 1);
    assert.equal(targetGroups[0].Properties?.HealthCheckPath, '/actuator/health/readiness');
    const loadBalanced = [...resourcesOf(template, 'AWS::ECS::Service')].filter(
      ([, service]) => service.Properties?.LoadBalancers,
    );
    assert.deepEqual(
      loadBalanced.map(([id]) => id),
      [serviceId(PUBLIC_SERVICE)],
    );
    assert.ok(template.findOutputs('ApiUrl'));
  });
});

describe('traces and logs', () => {
  const cdkJson = JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'infra/aws/cdk.json'), 'utf8'));

  for (const service of services) {
    test(`${service} sends its spans to an ADOT collector in its task, which sends them to X-Ray`, () => {
      const containers = taskDefinitionOf(template, service).Properties?.ContainerDefinitions as Record<string, any>[];
      const collector = containers.find((container) => container.Name === 'otel-collector') as Record<string, any>;
      assert.ok(collector, `${service}'s task has an otel-collector container`);
      assert.equal(collector.Image, cdkJson.context.otelCollectorImage);
      assert.match(collector.Image, /^public\.ecr\.aws\/aws-observability\/aws-otel-collector:v\d+\.\d+\.\d+$/);
      assert.equal(collector.Essential, false);
      const config = joined(
        (collector.Environment as { Name: string; Value: unknown }[]).find(
          (variable) => variable.Name === 'AOT_CONFIG_CONTENT',
        )?.Value,
      );
      const endpoint = new URL(OTLP_TRACES_ENDPOINT);
      assert.match(
        config,
        new RegExp(
          `receivers:\\n  otlp:\\n    protocols:\\n      http:\\n        endpoint: 127\\.0\\.0\\.1:${endpoint.port}\\n`,
        ),
      );
      assert.match(config, /exporters:\n  awsxray:\n    region: \{AWS::Region\}\n/);
      assert.ok(config.includes(`indexed_attributes: [${XRAY_INDEXED_ATTRIBUTES.join(', ')}]`));
      assert.ok(XRAY_INDEXED_ATTRIBUTES.includes('booking.id'));
      assert.match(
        config,
        /traces:\n      receivers: \[otlp\]\n      processors: \[batch\]\n      exporters: \[awsxray\]/,
      );

      const variables = new Map(
        (containerOf(service).Environment as { Name: string; Value: unknown }[]).map((variable) => [
          variable.Name,
          variable.Value,
        ]),
      );
      assert.equal(variables.get('OTLP_TRACES_ENDPOINT'), 'http://localhost:4318/v1/traces');
      assert.equal(variables.get('MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED'), 'false');
      assert.equal(variables.has('ZIPKIN_ENDPOINT'), false);
    });

    test(`${service} logs one ECS JSON object per line`, () => {
      const variables = new Map(
        (containerOf(service).Environment as { Name: string; Value: unknown }[]).map((variable) => [
          variable.Name,
          variable.Value,
        ]),
      );
      assert.equal(variables.get('LOG_FORMAT'), 'ecs');
      const applicationYml = readFileSync(
        path.join(REPOSITORY_ROOT, service, 'src/main/resources/application.yml'),
        'utf8',
      );
      assert.ok(applicationYml.includes('console: ${LOG_FORMAT:}'), `${service} reads LOG_FORMAT`);
    });
  }

  test('the task roles may write to X-Ray and do nothing else there', () => {
    for (const service of services) {
      const roleId = referencedId(taskDefinitionOf(template, service).Properties?.TaskRoleArn);
      assert.deepEqual(
        grantsOf(template, roleId).filter((grant) => grant.startsWith('xray:')),
        ['xray:PutTelemetryRecords *', 'xray:PutTraceSegments *'],
      );
    }
  });
});

describe('each task role', () => {
  for (const service of services) {
    test(`lets ${service} do exactly what its code calls, on its own resources`, () => {
      const roleId = referencedId(taskDefinitionOf(template, service).Properties?.TaskRoleArn);
      assert.deepEqual(grantsOf(template, roleId), expectedGrants(service));
    });
  }
});

describe('the databases', () => {
  test('one PostgreSQL per service, private, credentials generated in Secrets Manager, final snapshot on delete', () => {
    const databases = [...resourcesOf(template, 'AWS::RDS::DBInstance').values()];
    assert.deepEqual(
      databases.map((db) => db.Properties?.DBName).sort(),
      services.map((s) => SERVICE_ENVIRONMENT[s].database).sort(),
    );
    for (const database of databases) {
      assert.equal(database.Properties?.Engine, 'postgres');
      assert.equal(database.Properties?.DBInstanceClass, 'db.t4g.micro');
      assert.equal(database.Properties?.PubliclyAccessible, false);
      assert.match(JSON.stringify(database.Properties?.MasterUserPassword), /resolve:secretsmanager/);
      assert.equal(database.DeletionPolicy, 'Snapshot');
    }
  });

  test('each is reachable from its own service only', () => {
    for (const service of services) {
      const servicesGroup = referencedId(
        (
          resourcesOf(template, 'AWS::ECS::Service').get(serviceId(service))?.Properties?.NetworkConfiguration
            .AwsvpcConfiguration.SecurityGroups as unknown[]
        )[0],
      );
      const database = [...resourcesOf(template, 'AWS::RDS::DBInstance').values()].find(
        (db) => db.Properties?.DBName === SERVICE_ENVIRONMENT[service].database,
      );
      const databaseGroups = asArray(database?.Properties?.VPCSecurityGroups).map(referencedId);
      const ingress = [...resourcesOf(template, 'AWS::EC2::SecurityGroupIngress').values()].filter((rule) =>
        databaseGroups.includes(referencedId(rule.Properties?.GroupId)),
      );
      assert.equal(ingress.length, 1, service);
      assert.equal(referencedId(ingress[0].Properties?.SourceSecurityGroupId), servicesGroup);
      assert.equal(ingress[0].Properties?.FromPort, 5432);
      for (const groupId of databaseGroups) {
        assert.equal(
          resourcesOf(template, 'AWS::EC2::SecurityGroup').get(groupId)?.Properties?.SecurityGroupIngress,
          undefined,
        );
      }
    }
  });
});

describe('scaling', () => {
  test('each consumer tracks its backlog per task: visible messages divided by running tasks', () => {
    const policies = [...resourcesOf(template, 'AWS::ApplicationAutoScaling::ScalingPolicy').values()];
    for (const service of consumers) {
      const own = topology.queues.find((queue) => queue.consumer === service);
      const policy = policies.find((candidate) => candidate.Properties?.PolicyName === `${service}-backlog-per-task`);
      const configuration = policy?.Properties?.TargetTrackingScalingPolicyConfiguration;
      assert.equal(configuration.TargetValue, 10 / 0.1, 'acceptable latency / time per message from cdk.json');
      const metrics = configuration.CustomizedMetricSpecification.Metrics as Record<string, any>[];
      const byId = new Map(metrics.map((metric) => [metric.Id, metric]));
      const visible = byId.get('visible')?.MetricStat;
      assert.equal(visible.Metric.Namespace, 'AWS/SQS');
      assert.equal(visible.Metric.MetricName, 'ApproximateNumberOfMessagesVisible');
      assert.deepEqual(visible.Metric.Dimensions, [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId(template, String(own?.name)), 'QueueName'] } },
      ]);
      const running = byId.get('running')?.MetricStat;
      assert.equal(running.Metric.Namespace, 'ECS/ContainerInsights');
      assert.equal(running.Metric.MetricName, 'RunningTaskCount');
      const dimensions = new Map(
        running.Metric.Dimensions.map((d: { Name: string; Value: unknown }) => [d.Name, d.Value]),
      );
      assert.deepEqual(dimensions.get('ServiceName'), { 'Fn::GetAtt': [serviceId(service), 'Name'] });
      assert.deepEqual(
        metrics.filter((metric) => metric.ReturnData !== false).map((metric) => metric.Expression),
        ['visible / running'],
      );
      const target = resourcesOf(template, 'AWS::ApplicationAutoScaling::ScalableTarget').get(
        referencedId(policy?.Properties?.ScalingTargetId),
      );
      assert.equal(target?.Properties?.MinCapacity, 1);
      assert.equal(target?.Properties?.MaxCapacity, 10);
      assert.ok(joined(target?.Properties?.ResourceId).endsWith(`/{${serviceId(service)}}`));
    }
  });

  test('booking-api tracks requests per target on its load balancer', () => {
    const policies = [...resourcesOf(template, 'AWS::ApplicationAutoScaling::ScalingPolicy').values()].filter(
      (policy) => policy.Properties?.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification,
    );
    assert.equal(policies.length, 1);
    const configuration = policies[0].Properties?.TargetTrackingScalingPolicyConfiguration;
    assert.equal(configuration.PredefinedMetricSpecification.PredefinedMetricType, 'ALBRequestCountPerTarget');
    assert.equal(configuration.TargetValue, 200);
  });

  test('the cluster reports running tasks through Container Insights', () => {
    const cluster = [...resourcesOf(template, 'AWS::ECS::Cluster').values()][0];
    assert.deepEqual(cluster.Properties?.ClusterSettings, [{ Name: 'containerInsights', Value: 'enabled' }]);
  });

  test('the target and the task bounds come from the context', () => {
    const policy = [...resourcesOf(tuned, 'AWS::ApplicationAutoScaling::ScalingPolicy').values()].find(
      (candidate) => candidate.Properties?.PolicyName === 'ledger-service-backlog-per-task',
    );
    assert.equal(policy?.Properties?.TargetTrackingScalingPolicyConfiguration.TargetValue, 300);
    const target = resourcesOf(tuned, 'AWS::ApplicationAutoScaling::ScalableTarget').get(
      referencedId(policy?.Properties?.ScalingTargetId),
    );
    assert.equal(target?.Properties?.MinCapacity, 2);
    assert.equal(target?.Properties?.MaxCapacity, 6);
  });
});

describe('the alarms', () => {
  const alarms = [...resourcesOf(template, 'AWS::CloudWatch::Alarm').values()];
  const alertsTopic = topicId(template, 'booking-demo-alerts');

  function alarmNamed(name: string): Record<string, any> {
    const alarm = alarms.find((candidate) => candidate.Properties?.AlarmName === name);
    assert.ok(alarm, `alarm ${name}`);
    assert.deepEqual(asArray(alarm.Properties?.AlarmActions).map(referencedId), [alertsTopic]);
    return alarm.Properties as Record<string, any>;
  }

  test('fire when a dead-letter queue holds a message', () => {
    for (const queue of topology.queues) {
      const alarm = alarmNamed(`booking-demo-${queue.name}-dlq-not-empty`);
      assert.equal(alarm.Namespace, 'AWS/SQS');
      assert.equal(alarm.MetricName, 'ApproximateNumberOfMessagesVisible');
      assert.deepEqual(alarm.Dimensions, [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId(template, deadLetterQueueName(queue)), 'QueueName'] } },
      ]);
      assert.equal(alarm.ComparisonOperator, 'GreaterThanOrEqualToThreshold');
      assert.equal(alarm.Threshold, 1);
    }
  });

  test('fire when the oldest message of a queue is too old', () => {
    for (const queue of topology.queues) {
      const alarm = alarmNamed(`booking-demo-${queue.name}-oldest-message`);
      assert.equal(alarm.MetricName, 'ApproximateAgeOfOldestMessage');
      assert.deepEqual(alarm.Dimensions, [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId(template, queue.name), 'QueueName'] } },
      ]);
      assert.equal(alarm.Threshold, 300);
    }
  });

  test('fire on an outbox backlog, a metric the CloudWatch agent beside each publisher extracts', () => {
    for (const service of publishers) {
      const alarm = alarmNamed(`booking-demo-${service}-outbox-backlog`);
      assert.equal(alarm.Namespace, PROMETHEUS_NAMESPACE);
      assert.equal(alarm.MetricName, 'outbox_backlog');
      assert.deepEqual(alarm.Dimensions, [{ Name: 'application', Value: service }]);
      const containers = taskDefinitionOf(template, service).Properties?.ContainerDefinitions as Record<string, any>[];
      const agent = containers.find((container) => container.Name === 'cloudwatch-agent');
      const variables = new Map(
        agent?.Environment.map((v: { Name: string; Value: unknown }) => [v.Name, joined(v.Value)]),
      );
      const config = JSON.parse(String(variables.get('CW_CONFIG_CONTENT')).replace(/\{[A-Za-z0-9]+\}/g, 'token'));
      const emf = config.logs.metrics_collected.prometheus.emf_processor;
      assert.equal(emf.metric_namespace, PROMETHEUS_NAMESPACE);
      assert.deepEqual(emf.metric_declaration[0].dimensions, [['application']]);
      assert.deepEqual(
        emf.metric_declaration[0].metric_selectors,
        OUTBOX_METRICS.map((metric) => `^${metric}$`),
      );
      assert.ok(String(variables.get('PROMETHEUS_CONFIG_CONTENT')).includes('/actuator/prometheus'));
    }
    assert.equal(alarms.length, topology.queues.length * 3 + publishers.length * 3);
  });

  test('fire on an outbox event unpublished too long, however flat the backlog, and on any set-aside row', () => {
    for (const service of publishers) {
      const oldest = alarmNamed(`booking-demo-${service}-outbox-oldest-event`);
      assert.equal(oldest.Namespace, PROMETHEUS_NAMESPACE);
      assert.equal(oldest.MetricName, 'outbox_oldest_unpublished_seconds');
      assert.deepEqual(oldest.Dimensions, [{ Name: 'application', Value: service }]);
      assert.equal(oldest.Statistic, 'Maximum');
      assert.equal(oldest.ComparisonOperator, 'GreaterThanThreshold');
      assert.equal(oldest.Threshold, 300);
      const setAside = alarmNamed(`booking-demo-${service}-outbox-set-aside`);
      assert.equal(setAside.Namespace, PROMETHEUS_NAMESPACE);
      assert.equal(setAside.MetricName, 'outbox_set_aside');
      assert.deepEqual(setAside.Dimensions, [{ Name: 'application', Value: service }]);
      assert.equal(setAside.ComparisonOperator, 'GreaterThanOrEqualToThreshold');
      assert.equal(setAside.Threshold, 1);
      assert.ok(asArray(setAside.AlarmActions).length > 0, `${service}: the set-aside alarm notifies`);
    }
    assert.ok(OUTBOX_METRICS.includes('outbox_oldest_unpublished_seconds'));
    assert.ok(OUTBOX_METRICS.includes('outbox_set_aside'));
  });
});

describe('the stack as a whole', () => {
  test('tags everything it creates with the project', () => {
    for (const [id, resource] of Object.entries(template.toJSON().Resources as Record<string, Resource>)) {
      const tags = resource.Properties?.Tags;
      if (Array.isArray(tags)) {
        assert.ok(
          tags.some((tag) => tag.Key === 'project' && tag.Value === 'booking-demo'),
          id,
        );
      }
    }
  });

  test('leaves nothing behind on destroy but the databases final snapshots', () => {
    for (const [id, resource] of Object.entries(template.toJSON().Resources as Record<string, Resource>)) {
      const expected = resource.Type === 'AWS::RDS::DBInstance' ? 'Snapshot' : undefined;
      assert.ok(
        [expected, 'Delete'].includes(resource.DeletionPolicy),
        `${id} has DeletionPolicy ${resource.DeletionPolicy}`,
      );
    }
    for (const database of resourcesOf(tuned, 'AWS::RDS::DBInstance').values()) {
      assert.equal(database.DeletionPolicy, 'Delete');
    }
  });
});
