export * from './device-error.js';
export * from './ssh/host-key.js';
export * from './ssh/ssh-connect.js';
export * from './netconf/index.js';
export * from './driver/device-driver.js';
export * from './driver/platform-registry.js';
export * from './platforms/ce-cli/index.js';
