export * from './netconf/driver-options.js';
export * from './netconf/netconf-connection.js';
export * from './netconf/candidate-transaction.js';
export * from './netconf/netconf.driver.js';
export * from './ce-netconf/ce-netconf.driver.js';
export * from './ce-netconf/oper-state.js';
export * from './default-registry.js';
