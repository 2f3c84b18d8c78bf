import { describeLeaderElection } from './support/cluster.scenario.js';

describeLeaderElection('redis');
