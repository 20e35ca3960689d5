import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';

import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';

import { PUBLIC_PATHS, PUBLIC_SERVICE } from '../lib/booking-stack';
import { OPERATORS_GROUP } from '../lib/users';
import { servicesOf } from '../lib/topology';
import {
  asArray,
  CERTIFICATE_ARN,
  joined,
  referencedId,
  Resource,
  resourcesOf,
  synthesize,
  taskDefinitionOf,
  topology,
} from './support';

const { template } = synthesize();
const { stack: plainStack, template: plain } = synthesize({ certificateArn: '', allowPlainHttp: 'true' });
const services = servicesOf(topology);

function listeners(of: Template): Resource[] {
  return [...resourcesOf(of, 'AWS::ElasticLoadBalancingV2::Listener').values()];
}

function listenerOnPort(of: Template, port: number): [string, Resource] {
  const matches = [...resourcesOf(of, 'AWS::ElasticLoadBalancingV2::Listener')].filter(
    ([, listener]) => listener.Properties?.Port === port,
  );
  assert.equal(matches.length, 1, `listeners on port ${port}`);
  return matches[0];
}

function containerOf(of: Template, service: string): Record<string, any> {
  const containers = taskDefinitionOf(of, service).Properties?.ContainerDefinitions as Record<string, any>[];
  return containers.find((container) => container.Name === service) as Record<string, any>;
}

function variablesOf(of: Template, service: string): Map<string, string> {
  return new Map(
    (containerOf(of, service).Environment as { Name: string; Value: unknown }[]).map((variable) => [
      variable.Name,
      joined(variable.Value),
    ]),
  );
}

/** The API listener answers with a 404 problem unless a rule forwards the request to booking-api. */
function assertOnlyBookingsRouted(of: Template, listenerId: string): void {
  const listener = resourcesOf(of, 'AWS::ElasticLoadBalancingV2::Listener').get(listenerId)?.Properties ?? {};
  assert.deepEqual(listener.DefaultActions, [
    {
      Type: 'fixed-response',
      FixedResponseConfig: {
        StatusCode: '404',
        ContentType: 'application/problem+json',
        MessageBody: JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }),
      },
    },
  ]);
  const rules = [...resourcesOf(of, 'AWS::ElasticLoadBalancingV2::ListenerRule').values()];
  assert.equal(rules.length, 1);
  const rule = rules[0].Properties ?? {};
  assert.equal(referencedId(rule.ListenerArn), listenerId);
  assert.deepEqual(rule.Conditions, [
    { Field: 'path-pattern', PathPatternConfig: { Values: ['/bookings', '/bookings/*'] } },
  ]);
  const targetGroups = [...resourcesOf(of, 'AWS::ElasticLoadBalancingV2::TargetGroup').keys()];
  assert.deepEqual(
    asArray(rule.Actions).map((action: Record<string, any>) => [action.Type, referencedId(action.TargetGroupArn)]),
    [['forward', targetGroups[0]]],
  );
  for (const path of ['/admin/dead-letters', '/actuator/health', '/actuator/prometheus', '/', '/bookingsx']) {
    assert.ok(!PUBLIC_PATHS.some((pattern) => matchesPathPattern(pattern, path)), `${path} is not routed`);
  }
  for (const path of ['/bookings', '/bookings/42', '/bookings/42/cancel']) {
    assert.ok(
      PUBLIC_PATHS.some((pattern) => matchesPathPattern(pattern, path)),
      `${path} is routed`,
    );
  }
}

/** An ALB path pattern: `*` matches any characters, `?` one, everything else itself. */
function matchesPathPattern(pattern: string, path: string): boolean {
  const expression = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${expression}$`).test(path);
}

describe('the load balancer', () => {
  test('serves HTTPS on 443 with the certificate given at deploy time and a TLS 1.2+ policy', () => {
    const [, https] = listenerOnPort(template, 443);
    assert.equal(https.Properties?.Protocol, 'HTTPS');
    assert.deepEqual(https.Properties?.Certificates, [{ CertificateArn: CERTIFICATE_ARN }]);
    assert.equal(https.Properties?.SslPolicy, 'ELBSecurityPolicy-TLS13-1-2-2021-06');
  });

  test('only redirects plain HTTP on port 80 to HTTPS', () => {
    const [, http] = listenerOnPort(template, 80);
    assert.equal(http.Properties?.Protocol, 'HTTP');
    assert.deepEqual(http.Properties?.DefaultActions, [
      { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
    ]);
    assert.equal(listeners(template).length, 2);
  });

  test('forwards /bookings and /bookings/* only: /admin, /actuator and anything else get its 404', () => {
    const [httpsId] = listenerOnPort(template, 443);
    assertOnlyBookingsRouted(template, httpsId);
  });

  test('checks readiness, the database included, before sending a task requests', () => {
    const targetGroups = [...resourcesOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup').values()];
    assert.equal(targetGroups.length, 1);
    assert.equal(targetGroups[0].Properties?.HealthCheckPath, '/actuator/health/readiness');
  });

  test('drops requests with invalid header fields', () => {
    const balancer = [...resourcesOf(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer').values()][0];
    const attributes = asArray(balancer.Properties?.LoadBalancerAttributes) as { Key: string; Value: string }[];
    assert.ok(
      attributes.some((a) => a.Key === 'routing.http.drop_invalid_header_fields.enabled' && a.Value === 'true'),
    );
  });
});

describe('plain HTTP', () => {
  test('is refused unless a certificate or allowPlainHttp=true is given', () => {
    assert.throws(
      () => synthesize({ certificateArn: '' }),
      /The load balancer needs a certificate: give -c certificateArn=/,
    );
    assert.throws(
      () => synthesize({ allowPlainHttp: 'true' }),
      /Give either certificateArn or allowPlainHttp=true, not both/,
    );
    assert.throws(
      () => synthesize({ certificateArn: 'my-certificate' }),
      /Context certificateArn must be the ARN of an ACM certificate, not my-certificate/,
    );
  });

  test('when asked for, serves the same routes on port 80 only, and says so loudly', () => {
    assert.deepEqual(
      listeners(plain).map((listener) => [listener.Properties?.Port, listener.Properties?.Protocol]),
      [[80, 'HTTP']],
    );
    const [httpId] = listenerOnPort(plain, 80);
    assertOnlyBookingsRouted(plain, httpId);
    Annotations.fromStack(plainStack).hasWarning('*', Match.stringLikeRegexp('allowPlainHttp=true.*plain HTTP'));
    assert.deepEqual(
      Annotations.fromStack(synthesize().stack).findWarning('*', Match.stringLikeRegexp('plain HTTP')),
      [],
    );
  });
});

describe('the network', () => {
  test('gives no task a public IP: every service runs in the private subnets that go out through the NAT gateway', () => {
    const subnets = resourcesOf(template, 'AWS::EC2::Subnet');
    for (const [id, service] of resourcesOf(template, 'AWS::ECS::Service')) {
      const network = service.Properties?.NetworkConfiguration.AwsvpcConfiguration;
      assert.equal(network.AssignPublicIp, 'DISABLED', id);
      for (const subnet of asArray(network.Subnets).map(referencedId)) {
        const properties = subnets.get(subnet)?.Properties ?? {};
        assert.equal(properties.MapPublicIpOnLaunch, false, subnet);
        assert.ok(
          asArray(properties.Tags).some(
            (tag: { Key: string; Value: string }) => tag.Key === 'aws-cdk:subnet-type' && tag.Value === 'Private',
          ),
          `${id} runs in ${subnet}, a private subnet`,
        );
      }
    }
    assert.ok(!JSON.stringify(template.toJSON()).includes('"AssignPublicIp":"ENABLED"'));
  });

  test('has one NAT gateway, a free S3 gateway endpoint for the image layers, and logs rejected traffic', () => {
    assert.equal(resourcesOf(template, 'AWS::EC2::NatGateway').size, 1);
    const endpoints = [...resourcesOf(template, 'AWS::EC2::VPCEndpoint').values()];
    assert.deepEqual(
      endpoints.map((endpoint) => [joined(endpoint.Properties?.ServiceName), endpoint.Properties?.VpcEndpointType]),
      [['com.amazonaws.{AWS::Region}.s3', 'Gateway']],
    );
    const flowLogs = [...resourcesOf(template, 'AWS::EC2::FlowLog').values()];
    assert.deepEqual(
      flowLogs.map((flowLog) => flowLog.Properties?.TrafficType),
      ['REJECT'],
    );
  });

  test('lets operators into the tasks with ECS Exec, each session logged', () => {
    for (const [id, service] of resourcesOf(template, 'AWS::ECS::Service')) {
      assert.equal(service.Properties?.EnableExecuteCommand, true, id);
    }
    const cluster = [...resourcesOf(template, 'AWS::ECS::Cluster').values()][0];
    const exec = cluster.Properties?.Configuration.ExecuteCommandConfiguration;
    assert.equal(exec.Logging, 'OVERRIDE');
    assert.ok(exec.LogConfiguration.CloudWatchLogGroupName);
  });
});

describe('the containers', () => {
  test('are health-checked by ECS on liveness, so that a database outage replaces no task', () => {
    for (const service of services) {
      const command = containerOf(template, service).HealthCheck.Command.join(' ');
      assert.ok(command.includes('http://localhost:8080/actuator/health/liveness'), service);
      assert.ok(!command.includes('readiness'), service);
    }
  });

  test('connect to their database verifying its certificate and host name', () => {
    for (const service of services) {
      assert.match(
        variablesOf(template, service).get('DB_URL') ?? '',
        /^jdbc:postgresql:\/\/[^?]+\?sslmode=verify-full&sslrootcert=\/app\/certs\/rds-global-bundle\.pem$/,
        service,
      );
    }
  });
});

describe('authentication', () => {
  test('a Cognito user pool with no self sign-up, a strong password policy and threat protection', () => {
    const pools = [...resourcesOf(template, 'AWS::Cognito::UserPool').values()];
    assert.equal(pools.length, 1);
    const pool = pools[0].Properties ?? {};
    assert.equal(pool.AdminCreateUserConfig.AllowAdminCreateUserOnly, true);
    assert.deepEqual(
      { ...pool.Policies.PasswordPolicy, TemporaryPasswordValidityDays: undefined },
      {
        MinimumLength: 14,
        RequireLowercase: true,
        RequireUppercase: true,
        RequireNumbers: true,
        RequireSymbols: true,
        TemporaryPasswordValidityDays: undefined,
      },
    );
    assert.equal(pool.UserPoolTier, 'PLUS');
    assert.equal(pool.UserPoolAddOns.AdvancedSecurityMode, 'ENFORCED');
  });

  test('has the operators group and a public app client for the command line', () => {
    const groups = [...resourcesOf(template, 'AWS::Cognito::UserPoolGroup').values()];
    assert.deepEqual(
      groups.map((group) => group.Properties?.GroupName),
      [OPERATORS_GROUP],
    );
    const clients = [...resourcesOf(template, 'AWS::Cognito::UserPoolClient').values()];
    assert.equal(clients.length, 1);
    const client = clients[0].Properties ?? {};
    assert.equal(client.GenerateSecret, false);
    assert.deepEqual(
      [...client.ExplicitAuthFlows].sort(),
      ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'].sort(),
    );
  });

  test('every service is told the issuer of the pool and its key set', () => {
    const pool = [...resourcesOf(template, 'AWS::Cognito::UserPool').keys()][0];
    const issuer = `https://cognito-idp.{AWS::Region}.{AWS::URLSuffix}/{${pool}}`;
    for (const service of services) {
      const variables = variablesOf(template, service);
      assert.equal(variables.get('JWT_ISSUER'), issuer, service);
      assert.equal(variables.get('JWT_JWK_SET_URI'), `${issuer}/.well-known/jwks.json`, service);
      assert.ok(!variables.has('MESSAGING_ADMIN_PASSWORD'), service);
    }
    assert.equal(resourcesOf(template, 'AWS::SecretsManager::Secret').size, services.length, 'database secrets only');
    assert.ok(services.includes(PUBLIC_SERVICE));
  });
});
