import * as path from 'node:path';

// Sources compile to build/{bin,lib,test}, two levels below this directory.
const appDirectory = path.resolve(__dirname, '..', '..');

/** infra/aws, where cdk.json lives. */
export const APP_DIRECTORY = appDirectory;

/** infra/topology.json, the topology the Java provisioner applies too. */
export const TOPOLOGY_FILE = path.resolve(appDirectory, '..', 'topology.json');

/** The repository's root, the build context of its Dockerfile. */
export const REPOSITORY_ROOT = path.resolve(appDirectory, '..', '..');
