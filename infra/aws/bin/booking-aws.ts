import { App } from 'aws-cdk-lib';

import { BookingStack } from '../lib/booking-stack';
import { addSecurityChecks } from '../lib/checks';
import { REPOSITORY_ROOT, TOPOLOGY_FILE } from '../lib/paths';
import { Settings, settingsFrom } from '../lib/settings';
import { readTopology } from '../lib/topology';

// Environment-agnostic on purpose: synth needs no credentials and looks nothing up; the
// deploy goes to the account and region of the caller's AWS profile.
const app = new App();
let settings: Settings;
try {
  settings = settingsFrom(app.node);
} catch (error) {
  // A wrong or missing parameter: its message is the whole story, a stack trace would bury it.
  console.error(`booking-aws: ${(error as Error).message}`);
  process.exit(1);
}
new BookingStack(app, 'BookingDemo', {
  description: 'The booking system of booking-demo: SNS/SQS topology, databases, ECS services, scaling, alarms',
  topology: readTopology(TOPOLOGY_FILE),
  repositoryRoot: REPOSITORY_ROOT,
  settings,
});
addSecurityChecks(app);
