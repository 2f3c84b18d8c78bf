export * from './if-mib-rows.js';
export * from './snmp-agent.js';
export * from './snmp-agent-options.js';
