export * from './if-mib.js';
export * from './snmp-errors.js';
export * from './snmp-poller.js';
export * from './snmp-trap-receiver.js';
export * from './udp-binding.js';
