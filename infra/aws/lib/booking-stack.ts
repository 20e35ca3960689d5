import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, StackProps, Tags, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

import { Messaging } from './messaging';
import { taskRoleStatements } from './permissions';
import { backlogPerTaskTarget, Settings } from './settings';
import { deadLetterQueueName, inMode, servicesOf, subscriptionDeadLetterQueueName, Topology } from './topology';
import { Users } from './users';

/** What each service reads from its environment, as its application.yml names it. */
export interface ServiceEnvironment {
  readonly database: string;
  readonly queueVariable: string;
  readonly topicVariable?: string;
}

export const SERVICE_ENVIRONMENT: Record<string, ServiceEnvironment> = {
  'booking-api': { database: 'booking', queueVariable: 'BOOKING_QUEUE', topicVariable: 'BOOKING_EVENTS_TOPIC' },
  'payment-service': { database: 'payment', queueVariable: 'PAYMENT_QUEUE', topicVariable: 'PAYMENT_EVENTS_TOPIC' },
  'ledger-service': { database: 'ledger', queueVariable: 'LEDGER_QUEUE' },
  'notification-service': { database: 'notification', queueVariable: 'NOTIFICATION_QUEUE' },
};

/** The service that sits behind the load balancer; the others only consume queues. */
export const PUBLIC_SERVICE = 'booking-api';

/** The namespace of the metrics the CloudWatch agent sidecars extract from /actuator/prometheus. */
export const PROMETHEUS_NAMESPACE = 'BookingDemo';

/** The Prometheus series that reach CloudWatch, per publishing service. */
export const OUTBOX_METRICS = ['outbox_backlog', 'outbox_oldest_unpublished_seconds', 'outbox_set_aside'];

/** The paths the load balancer forwards to booking-api; everything else gets its 404. */
export const PUBLIC_PATHS = ['/bookings', '/bookings/*'];

/** Where a service sends its spans: the ADOT collector in its own task, over OTLP/HTTP. */
export const OTLP_TRACES_ENDPOINT = 'http://localhost:4318/v1/traces';

/** The X-Ray actions the collector needs; none of them can be limited to a resource. */
export const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

/** The span attributes X-Ray indexes as annotations, so that a booking's traces can be searched. */
export const XRAY_INDEXED_ATTRIBUTES = ['booking.id', 'event.type'];

/** Where the Dockerfile puts the RDS certificate authorities' bundle in a service image. */
export const RDS_CA_BUNDLE = '/app/certs/rds-global-bundle.pem';

const CONTAINER_PORT = 8080;
// Readiness includes the database: the load balancer stops sending requests to a task that
// cannot reach it. Liveness does not: ECS replaces a task only when its JVM is stuck, so a
// database outage pauses the listeners instead of replacing every task.
const READINESS_PATH = '/actuator/health/readiness';
const LIVENESS_PATH = '/actuator/health/liveness';

export interface BookingStackProps extends StackProps {
  /** The topology as declared, with its standard names: the stack deploys it in the settings' messaging mode. */
  readonly topology: Topology;
  /** The repository's root: the Docker build context of the services' images. */
  readonly repositoryRoot: string;
  readonly settings: Settings;
}

/**
 * The booking system on AWS: the topology of infra/topology.json in standard or fifo mode,
 * a PostgreSQL database per service, the four services on ECS Fargate in private subnets
 * (booking-api's /bookings behind an HTTPS load balancer), a Cognito user pool whose tokens
 * the services accept, least-privilege task roles, scaling on backlog per task, and alarms to
 * an alerts topic.
 */
export class BookingStack extends Stack {
  constructor(scope: Construct, id: string, props: BookingStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const topology = inMode(props.topology, settings.messagingMode);
    Tags.of(this).add('project', 'booking-demo');

    const messaging = new Messaging(this, 'Messaging', topology);

    // Only the load balancer and the NAT gateway in public subnets. The tasks sit in private
    // subnets without public addresses and go out through one NAT gateway: they need the AWS
    // APIs, ECR, the public ECR gallery (the CloudWatch agent's image) and Cognito's key set,
    // and one gateway costs less than interface endpoints for the APIs alone (docs/aws.md, What it
    // costs). S3 is a free gateway endpoint, so image layers bypass the NAT gateway. The
    // databases sit in isolated subnets that have no route out.
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      logGroupName: '/booking-demo/vpc-flow-logs',
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'tasks', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
        { name: 'databases', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
      flowLogs: {
        Rejected: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
          trafficType: ec2.FlowLogTrafficType.REJECT,
        },
      },
    });
    // ECS Exec is how operators reach /admin and /actuator: the sessions are logged here.
    const execLogs = new logs.LogGroup(this, 'ExecLogs', {
      logGroupName: '/booking-demo/ecs-exec',
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      clusterName: 'booking-demo',
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      executeCommandConfiguration: {
        logging: ecs.ExecuteCommandLogging.OVERRIDE,
        logConfiguration: { cloudWatchLogGroup: execLogs },
      },
    });

    const users = new Users(this, 'Users');

    const alerts = messaging.encryptedTopic('booking-demo-alerts');
    if (settings.alertEmail) {
      alerts.addSubscription(new snsSubscriptions.EmailSubscription(settings.alertEmail));
    }
    const alarmAction = new actions.SnsAction(alerts);

    for (const service of servicesOf(topology)) {
      const deployment = new ServiceDeployment(this, service, {
        service,
        topology,
        settings,
        messaging,
        cluster,
        tokenIssuer: users.issuer,
        repositoryRoot: props.repositoryRoot,
      });
      for (const alarm of deployment.alarms) {
        alarm.addAlarmAction(alarmAction);
        alarm.addOkAction(alarmAction);
      }
    }

    for (const pair of messaging.queues.values()) {
      const dlqAlarm = new cloudwatch.Alarm(this, `${deadLetterQueueName(pair)}-not-empty`, {
        alarmName: `booking-demo-${deadLetterQueueName(pair)}-not-empty`,
        alarmDescription: `A message reached ${deadLetterQueueName(pair)}: list it with GET /admin/dead-letters on ${pair.consumer}, then redrive or discard it.`,
        metric: pair.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      const ageAlarm = new cloudwatch.Alarm(this, `${pair.name}-oldest-message`, {
        alarmName: `booking-demo-${pair.name}-oldest-message`,
        alarmDescription: `The oldest message on ${pair.name} waits longer than ${settings.oldestMessageAgeAlarmSeconds} s: its consumer is stopped or too slow.`,
        metric: pair.queue.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(1),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: settings.oldestMessageAgeAlarmSeconds,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      const undeliveredAlarm = new cloudwatch.Alarm(this, `${subscriptionDeadLetterQueueName(pair)}-not-empty`, {
        alarmName: `booking-demo-${subscriptionDeadLetterQueueName(pair)}-not-empty`,
        alarmDescription: `SNS could not deliver a message to ${pair.name} and kept it in ${subscriptionDeadLetterQueueName(pair)}: check the queue and its policy, then move the message to ${pair.name} (docs/aws.md, Deploy).`,
        metric: pair.subscriptionDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      for (const alarm of [dlqAlarm, ageAlarm, undeliveredAlarm]) {
        alarm.addAlarmAction(alarmAction);
        alarm.addOkAction(alarmAction);
      }
    }

    new CfnOutput(this, 'AlertsTopicArn', { value: alerts.topicArn, description: 'Subscribe to receive the alarms' });
  }
}

interface ServiceDeploymentProps {
  readonly service: string;
  readonly topology: Topology;
  readonly settings: Settings;
  readonly messaging: Messaging;
  readonly cluster: ecs.Cluster;
  /** The issuer of the tokens the service accepts. */
  readonly tokenIssuer: string;
  readonly repositoryRoot: string;
}

/**
 * One service: its database, secrets, task role, Fargate service, scaling, and for a
 * publisher the CloudWatch agent that carries its outbox gauges to CloudWatch.
 */
class ServiceDeployment extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ServiceDeploymentProps) {
    super(scope, id);
    const { service, topology, settings, messaging, cluster } = props;
    const environment = SERVICE_ENVIRONMENT[service];
    if (environment === undefined) {
      throw new Error(`No environment is known for service ${service}`);
    }
    const stack = Stack.of(this);
    Tags.of(this).add('service', service);
    const ownQueue = messaging.queueOf(service);
    const ownTopic = topology.topics.find((topic) => topic.publisher === service);
    if (ownQueue === undefined) {
      throw new Error(`Service ${service} reads no queue of the topology`);
    }

    const serviceSecurityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: cluster.vpc,
      description: `${service} tasks`,
      allowAllOutbound: true,
    });
    const databaseSecurityGroup = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', {
      vpc: cluster.vpc,
      description: `${service} database: reachable from ${service} tasks only`,
      allowAllOutbound: false,
    });
    databaseSecurityGroup.addIngressRule(serviceSecurityGroup, ec2.Port.tcp(5432), `PostgreSQL from ${service}`);

    const database = new rds.DatabaseInstance(this, 'Database', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_6 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.BURSTABLE4_GRAVITON, ec2.InstanceSize.MICRO),
      vpc: cluster.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [databaseSecurityGroup],
      databaseName: environment.database,
      credentials: rds.Credentials.fromGeneratedSecret(environment.database),
      allocatedStorage: 20,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      multiAz: false,
      publiclyAccessible: false,
      backupRetention: Duration.days(1),
      deletionProtection: false,
      removalPolicy: settings.deleteDatabasesOnDestroy ? RemovalPolicy.DESTROY : RemovalPolicy.SNAPSHOT,
    });
    const databaseSecret = database.secret;
    if (databaseSecret === undefined) {
      throw new Error('A generated credential always has a secret');
    }
    databaseSecret.applyRemovalPolicy(RemovalPolicy.DESTROY);

    Validations.of(database).acknowledge(
      { id: 'AwsSolutions-RDS3', reason: 'Single-AZ on purpose: a demo at minimum cost (docs/aws.md, What it costs).' },
      {
        id: 'AwsSolutions-RDS10',
        reason: 'No deletion protection so that cdk destroy removes the stack; a final snapshot is kept instead.',
      },
      {
        id: 'AwsSolutions-RDS11',
        reason: 'The default port is no secret: only the own service security group reaches it, with TLS.',
      },
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'The services read DB_PASSWORD once at start, so a rotation would break running tasks until redeployed.',
      },
    );
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/booking-demo/${service}`,
      retention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `${service}: its own queue and dead-letter queue, its own topic, the depths it reports`,
    });
    for (const statement of taskRoleStatements(service, topology, messaging)) {
      taskRole.addToPrincipalPolicy(statement);
    }
    const execLogs = cluster.executeCommandConfiguration?.logConfiguration?.cloudWatchLogGroup;
    if (execLogs === undefined) {
      throw new Error('The cluster logs the ECS Exec sessions');
    }
    Validations.of(taskRole).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'ECS Exec: the ssmmessages channel actions and logs:DescribeLogGroups take no resource, nor do the X-Ray ' +
          'writes of the trace collector (PutTraceSegments, PutTelemetryRecords); everything else names its ' +
          'queue, topic, key or log group.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:<${stack.getLogicalId(execLogs.node.defaultChild as logs.CfnLogGroup)}>:*]`,
        reason: 'ECS Exec writes each session to a log stream of its own in the exec log group.',
      },
    );

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      family: `booking-demo-${service}`,
      cpu: 512,
      memoryLimitMiB: 1024,
      taskRole,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    const variables: Record<string, string> = {
      PORT: String(CONTAINER_PORT),
      AWS_REGION: stack.region,
      // application.yml points the SDK at the local emulator by default; these
      // client-specific endpoints take precedence over it.
      SPRING_CLOUD_AWS_SNS_ENDPOINT: `https://sns.${stack.region}.${stack.urlSuffix}`,
      SPRING_CLOUD_AWS_SQS_ENDPOINT: `https://sqs.${stack.region}.${stack.urlSuffix}`,
      // TLS with the server's certificate and name checked against the RDS CAs baked into the
      // image; RDS for PostgreSQL 15 and later refuses unencrypted connections too (rds.force_ssl).
      DB_URL: `jdbc:postgresql://${database.dbInstanceEndpointAddress}:${database.dbInstanceEndpointPort}/${environment.database}?sslmode=verify-full&sslrootcert=${RDS_CA_BUNDLE}`,
      JAVA_TOOL_OPTIONS: '-XX:MaxRAMPercentage=60',
      MESSAGING_MODE: settings.messagingMode,
      // In fifo mode the services append .fifo to a configured name or ARN unless it ends in
      // .fifo already, as the names and ARNs of this stack's FIFO queues and topics do.
      [environment.queueVariable]: ownQueue.queue.queueName,
      JWT_ISSUER: props.tokenIssuer,
      JWT_JWK_SET_URI: `${props.tokenIssuer}/.well-known/jwks.json`,
      // Spans go to the collector beside the service, which sends them on to X-Ray; there is
      // no Zipkin on AWS, so that exporter stays off rather than failing on every batch.
      OTLP_TRACES_ENDPOINT,
      MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED: 'false',
      // One JSON object per line (Elastic Common Schema): CloudWatch Logs Insights reads its
      // fields, the trace id and booking.id among them, without a parse pattern.
      LOG_FORMAT: 'ecs',
    };
    if (ownTopic !== undefined && environment.topicVariable !== undefined) {
      // The ARN, not the name: the services take an ARN as given, so they need no
      // sns:ListTopics, which cannot be limited to one topic.
      variables[environment.topicVariable] = messaging.topic(ownTopic.name).topicArn;
    }
    taskDefinition.addContainer(service, {
      image: ecs.ContainerImage.fromAsset(props.repositoryRoot, {
        target: 'service',
        buildArgs: { MODULE: service },
        platform: Platform.LINUX_AMD64,
      }),
      essential: true,
      portMappings: [{ containerPort: CONTAINER_PORT, name: 'http' }],
      environment: variables,
      secrets: {
        DB_USER: ecs.Secret.fromSecretsManager(databaseSecret, 'username'),
        DB_PASSWORD: ecs.Secret.fromSecretsManager(databaseSecret, 'password'),
      },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: service, logGroup }),
      healthCheck: {
        command: ['CMD-SHELL', `curl -fsS http://localhost:${CONTAINER_PORT}${LIVENESS_PATH} || exit 1`],
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(180),
      },
    });
    if (ownTopic !== undefined) {
      this.addMetricsAgent(service, taskDefinition, taskRole, logGroup, settings);
    }
    this.addTraceCollector(taskDefinition, taskRole, logGroup, settings);

    const isPublic = service === PUBLIC_SERVICE;
    const fargateService = new ecs.FargateService(this, 'Service', {
      cluster,
      serviceName: service,
      taskDefinition,
      desiredCount: settings.minTasks,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      assignPublicIp: false,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [serviceSecurityGroup],
      circuitBreaker: { rollback: true },
      enableExecuteCommand: true,
      healthCheckGracePeriod: isPublic ? Duration.seconds(240) : undefined,
    });

    if (isPublic) {
      this.exposeBehindLoadBalancer(fargateService, cluster, settings);
    } else {
      this.scaleOnBacklogPerTask(service, fargateService, cluster, ownQueue.queue.queueName, settings);
    }

    if (ownTopic !== undefined) {
      this.alarms.push(
        new cloudwatch.Alarm(this, 'OutboxBacklog', {
          alarmName: `booking-demo-${service}-outbox-backlog`,
          alarmDescription: `${service} has more than ${settings.outboxBacklogAlarmThreshold} unpublished outbox rows: SNS is unreachable or the relay is stuck.`,
          metric: this.outboxMetric(service, 'outbox_backlog'),
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          threshold: settings.outboxBacklogAlarmThreshold,
          evaluationPeriods: 5,
          treatMissingData: cloudwatch.TreatMissingData.MISSING,
        }),
        // A flat backlog that nobody publishes never crosses the backlog threshold: its age does.
        new cloudwatch.Alarm(this, 'OutboxOldestEvent', {
          alarmName: `booking-demo-${service}-outbox-oldest-event`,
          alarmDescription: `An outbox event of ${service} waits unpublished for more than ${settings.outboxOldestEventAlarmSeconds} s: SNS is unreachable, or in fifo mode its group waits behind a set-aside row (GET /admin/outbox/set-aside).`,
          metric: this.outboxMetric(service, 'outbox_oldest_unpublished_seconds'),
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          threshold: settings.outboxOldestEventAlarmSeconds,
          evaluationPeriods: 2,
          treatMissingData: cloudwatch.TreatMissingData.MISSING,
        }),
        new cloudwatch.Alarm(this, 'OutboxSetAside', {
          alarmName: `booking-demo-${service}-outbox-set-aside`,
          alarmDescription: `SNS refused outbox events of ${service} too many times; they are set aside, unpublished, until an operator retries or discards them (GET /admin/outbox/set-aside).`,
          metric: this.outboxMetric(service, 'outbox_set_aside'),
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          threshold: 1,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.MISSING,
        }),
      );
    }

    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason: 'The variables are names, ARNs and endpoints; the credentials come from Secrets Manager.',
    });
    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'The execution role pulls the image: ecr:GetAuthorizationToken takes no resource.',
    });
    new CfnOutput(this, 'DatabaseSecret', {
      value: databaseSecret.secretArn,
      description: `${service}: database credentials`,
    });
  }

  /**
   * An internet-facing load balancer that forwards /bookings to the tasks and answers
   * everything else itself with a 404, so /admin and /actuator stay inside the VPC. HTTPS
   * with the given certificate, port 80 only redirecting to it; plain HTTP only when the
   * context asks for it.
   */
  private exposeBehindLoadBalancer(service: ecs.FargateService, cluster: ecs.Cluster, settings: Settings): void {
    const loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: cluster.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
    });
    const notFound = elbv2.ListenerAction.fixedResponse(404, {
      contentType: 'application/problem+json',
      messageBody: JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }),
    });
    let listener: elbv2.ApplicationListener;
    if (settings.certificateArn !== undefined) {
      listener = loadBalancer.addListener('Https', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [elbv2.ListenerCertificate.fromArn(settings.certificateArn)],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        open: true,
        defaultAction: notFound,
      });
      loadBalancer.addRedirect({
        sourcePort: 80,
        sourceProtocol: elbv2.ApplicationProtocol.HTTP,
        targetPort: 443,
        targetProtocol: elbv2.ApplicationProtocol.HTTPS,
      });
    } else {
      const warning =
        'allowPlainHttp=true: the load balancer serves the API on plain HTTP, port 80. Requests, bookings and ' +
        'bearer tokens travel unencrypted: use it for a throwaway deployment only, and give -c certificateArn=... otherwise.';
      Annotations.of(this).addWarningV2('booking-demo:plain-http', warning);
      console.warn(`\n*** WARNING: ${warning} ***\n`);
      listener = loadBalancer.addListener('Http', { port: 80, open: true, defaultAction: notFound });
    }
    const targetGroup = listener.addTargets('Tasks', {
      priority: 10,
      conditions: [elbv2.ListenerCondition.pathPatterns(PUBLIC_PATHS)],
      port: CONTAINER_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: READINESS_PATH,
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });
    service
      .autoScaleTaskCount({ minCapacity: settings.minTasks, maxCapacity: settings.maxTasks })
      .scaleOnRequestCount('RequestsPerTask', {
        requestsPerTarget: settings.requestsPerTarget,
        targetGroup,
        scaleInCooldown: Duration.seconds(120),
        scaleOutCooldown: Duration.seconds(60),
      });
    Validations.of(loadBalancer).acknowledge({
      id: 'AwsSolutions-ELB2',
      reason:
        'Access logs need a bucket that outlives the stack; the demo relies on the ALB metrics and the services logs.',
    });
    Validations.of(loadBalancer).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: 'The public API: the load balancer admits 80 and 443 from anywhere.',
    });
    const scheme = settings.certificateArn !== undefined ? 'https' : 'http';
    new CfnOutput(Stack.of(this), 'LoadBalancerDnsName', {
      value: loadBalancer.loadBalancerDnsName,
      description: 'Point the domain of the certificate at this name (a CNAME or an alias record)',
    });
    new CfnOutput(Stack.of(this), 'ApiUrl', {
      value: `${scheme}://${loadBalancer.loadBalancerDnsName}`,
      description: 'booking-api: only /bookings and /bookings/* are routed, for example curl $ApiUrl/bookings/<id>',
    });
  }

  /**
   * Target tracking on the queue's visible messages divided by the running tasks, as AWS
   * recommends for queue consumers. CDK's scaleToTrackCustomMetric accepts a single
   * metric only, so the policy is written with its metric-math form.
   */
  private scaleOnBacklogPerTask(
    name: string,
    service: ecs.FargateService,
    cluster: ecs.Cluster,
    queueName: string,
    settings: Settings,
  ): void {
    const target = new appscaling.ScalableTarget(this, 'TaskCount', {
      serviceNamespace: appscaling.ServiceNamespace.ECS,
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: `service/${cluster.clusterName}/${service.serviceName}`,
      minCapacity: settings.minTasks,
      maxCapacity: settings.maxTasks,
      role: iam.Role.fromRoleArn(
        this,
        'ScalingRole',
        Stack.of(this).formatArn({
          service: 'iam',
          region: '',
          resource: 'role',
          resourceName:
            'aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService',
        }),
      ),
    });
    target.node.addDependency(service);
    new appscaling.CfnScalingPolicy(this, 'BacklogPerTask', {
      policyName: `${name}-backlog-per-task`,
      policyType: 'TargetTrackingScaling',
      scalingTargetId: target.scalableTargetId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: backlogPerTaskTarget(settings),
        scaleInCooldown: 120,
        scaleOutCooldown: 60,
        customizedMetricSpecification: {
          metrics: [
            {
              id: 'visible',
              label: `messages visible on ${queueName}`,
              metricStat: {
                metric: {
                  namespace: 'AWS/SQS',
                  metricName: 'ApproximateNumberOfMessagesVisible',
                  dimensions: [{ name: 'QueueName', value: queueName }],
                },
                stat: 'Sum',
              },
              returnData: false,
            },
            {
              id: 'running',
              label: `running tasks of ${name}`,
              metricStat: {
                metric: {
                  namespace: 'ECS/ContainerInsights',
                  metricName: 'RunningTaskCount',
                  dimensions: [
                    { name: 'ClusterName', value: cluster.clusterName },
                    { name: 'ServiceName', value: service.serviceName },
                  ],
                },
                stat: 'Average',
              },
              returnData: false,
            },
            {
              id: 'backlogPerTask',
              label: 'messages visible per running task',
              expression: 'visible / running',
              returnData: true,
            },
          ],
        },
      },
    });
  }

  /** One of the outbox gauges the metrics agent carries to CloudWatch, its largest each minute. */
  private outboxMetric(service: string, metricName: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: PROMETHEUS_NAMESPACE,
      metricName,
      dimensionsMap: { application: service },
      period: Duration.minutes(1),
      statistic: cloudwatch.Stats.MAXIMUM,
    });
  }

  /**
   * An ADOT collector beside the service receives its spans over OTLP/HTTP on the task's
   * loopback and sends them to X-Ray in batches, with the booking id as a searchable
   * annotation. Not essential: without it the service loses its traces, not its work.
   */
  private addTraceCollector(
    taskDefinition: ecs.FargateTaskDefinition,
    taskRole: iam.Role,
    serviceLogs: logs.LogGroup,
    settings: Settings,
  ): void {
    taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'SendTracesToXRay', actions: XRAY_ACTIONS, resources: ['*'] }),
    );
    const config = [
      'extensions:',
      '  health_check:',
      '    endpoint: 127.0.0.1:13133',
      'receivers:',
      '  otlp:',
      '    protocols:',
      '      http:',
      '        endpoint: 127.0.0.1:4318',
      'processors:',
      '  batch:',
      '    timeout: 5s',
      'exporters:',
      '  awsxray:',
      `    region: ${Stack.of(this).region}`,
      `    indexed_attributes: [${XRAY_INDEXED_ATTRIBUTES.join(', ')}]`,
      'service:',
      '  extensions: [health_check]',
      '  pipelines:',
      '    traces:',
      '      receivers: [otlp]',
      '      processors: [batch]',
      '      exporters: [awsxray]',
      '',
    ].join('\n');
    taskDefinition.addContainer('otel-collector', {
      image: ecs.ContainerImage.fromRegistry(settings.otelCollectorImage),
      essential: false,
      memoryReservationMiB: 64,
      environment: { AOT_CONFIG_CONTENT: config },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'otel-collector', logGroup: serviceLogs }),
    });
  }

  /**
   * A CloudWatch agent beside the service scrapes its /actuator/prometheus and writes the
   * outbox gauges to CloudWatch as embedded-metric-format logs, so that an alarm can read
   * them without a change to the service.
   */
  private addMetricsAgent(
    service: string,
    taskDefinition: ecs.FargateTaskDefinition,
    taskRole: iam.Role,
    serviceLogs: logs.LogGroup,
    settings: Settings,
  ): void {
    const metricsLogs = new logs.LogGroup(this, 'PrometheusMetrics', {
      logGroupName: `/booking-demo/${service}/prometheus`,
      retention: logs.RetentionDays.ONE_DAY,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnPrometheusMetrics',
        actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        resources: [metricsLogs.logGroupArn],
      }),
    );
    const scrapeConfig = [
      'global:',
      '  scrape_interval: 30s',
      '  scrape_timeout: 10s',
      'scrape_configs:',
      `  - job_name: ${service}`,
      '    metrics_path: /actuator/prometheus',
      '    static_configs:',
      `      - targets: ['localhost:${CONTAINER_PORT}']`,
      '',
    ].join('\n');
    const agentConfig = Stack.of(this).toJsonString({
      logs: {
        force_flush_interval: 15,
        metrics_collected: {
          prometheus: {
            log_group_name: metricsLogs.logGroupName,
            prometheus_config_path: 'env:PROMETHEUS_CONFIG_CONTENT',
            emf_processor: {
              metric_namespace: PROMETHEUS_NAMESPACE,
              metric_declaration: [
                {
                  source_labels: ['application'],
                  label_matcher: `^${service}$`,
                  dimensions: [['application']],
                  metric_selectors: OUTBOX_METRICS.map((metric) => `^${metric}$`),
                },
              ],
            },
          },
        },
      },
    });
    taskDefinition.addContainer('cloudwatch-agent', {
      image: ecs.ContainerImage.fromRegistry(settings.cloudwatchAgentImage),
      essential: false,
      memoryReservationMiB: 64,
      environment: {
        CW_CONFIG_CONTENT: agentConfig,
        PROMETHEUS_CONFIG_CONTENT: scrapeConfig,
      },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'cloudwatch-agent', logGroup: serviceLogs }),
    });
  }
}
