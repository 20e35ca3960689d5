import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The operators' group: the services find it in the token's cognito:groups claim. */
export const OPERATORS_GROUP = 'operators';

/**
 * The Cognito user pool whose tokens the services accept: accounts created by an
 * administrator only, the `operators` group, and an app client for the command line.
 */
export class Users extends Construct {
  readonly userPool: cognito.UserPool;

  readonly client: cognito.UserPoolClient;

  /** The `iss` claim of the pool's tokens, which the services compare. */
  readonly issuer: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.userPool = new cognito.UserPool(this, 'Pool', {
      userPoolName: 'booking-demo',
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      // Threat protection blocks sign-ins that look compromised and passwords known from leaks.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: cognito.AccountRecovery.NONE,
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional (TOTP) so that docs/aws.md signs in from the command line with a password; enforced ' +
        'threat protection guards the sign-ins. Make it required before real operators use the pool.',
    });
    new cognito.CfnUserPoolGroup(this, 'Operators', {
      userPoolId: this.userPool.userPoolId,
      groupName: OPERATORS_GROUP,
      description: 'Operators: the /admin endpoints of every service',
    });
    // USER_PASSWORD_AUTH lets the AWS CLI get a token without AWS credentials (the password
    // travels to Cognito over TLS); SRP is for real clients.
    this.client = this.userPool.addClient('Cli', {
      userPoolClientName: 'booking-demo-cli',
      authFlows: { userPassword: true, userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    this.issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;

    new CfnOutput(stack, 'UserPoolId', { value: this.userPool.userPoolId, description: 'The users of the API' });
    new CfnOutput(stack, 'UserPoolClientId', {
      value: this.client.userPoolClientId,
      description: 'The app client for aws cognito-idp initiate-auth',
    });
    new CfnOutput(stack, 'TokenIssuer', { value: this.issuer, description: 'JWT_ISSUER of every service' });
  }
}
