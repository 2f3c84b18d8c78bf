import { performance } from 'node:perf_hooks';
import { compile, IncrementalCompiler, type SnapshotPort } from '#intent';
import { BENCH_SIZE, syntheticFabric } from './synthetic-fabric.js';

/**
 * npm run bench:compile — full compile of a 2-spine / 64-leaf / 500-node / 200-VPC / 2,000-switch /
 * 50,000-port fabric, then one-port incremental changes; prints times and peak memory.
 */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const snapshot = syntheticFabric(BENCH_SIZE);
console.log(
  `fabric: ${snapshot.devices.length} devices, ${snapshot.containerNodes.length} container nodes, ${snapshot.vpcs.length} VPCs, ` +
    `${snapshot.logicalSwitches.length} logical switches, ${snapshot.ports.length} ports, ${snapshot.ipBlocks.length} IP blocks`,
);

const full: number[] = [];
let devices = 0;
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  devices = compile(snapshot).devices.size;
  full.push(performance.now() - t);
}
console.log(`full compile: median ${median(full).toFixed(1)} ms over 5 runs (first ${full[0]?.toFixed(1)} ms), ${devices} device intents`);

const inc = new IncrementalCompiler(structuredClone(snapshot));
const template = snapshot.ports[0] as SnapshotPort;
const times: number[] = [];
for (let i = 0; i < 200; i++) {
  const port: SnapshotPort = { ...template, id: `bench-${i}`, name: `bench-${i}`, ip: `10.0.0.${200 + (i % 50)}`, mac: `02:bb:00:00:00:${(i % 256).toString(16).padStart(2, '0')}` };
  const t = performance.now();
  inc.apply({ kind: 'logical-port', before: null, after: port });
  inc.apply({ kind: 'logical-port', before: port, after: null });
  times.push((performance.now() - t) / 2);
}
console.log(`incremental, one port added or removed: median ${median(times).toFixed(2)} ms, p99 ${[...times].sort((a, b) => a - b)[Math.floor(times.length * 0.99)]?.toFixed(2)} ms over ${times.length * 2} changes`);
console.log(`peak memory (max RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
