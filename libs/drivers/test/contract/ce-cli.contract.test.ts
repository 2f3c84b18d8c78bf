import { CeCliDriver } from '#drivers';
import { runDriverContract } from './driver-contract.js';

runDriverContract({
  platform: 'ce-cli',
  factory: (target) => new CeCliDriver(target),
  port: (sw) => sw.cli.port,
});
