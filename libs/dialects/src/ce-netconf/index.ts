export { ceNetconfDialect } from './ce-netconf.dialect.js';
export { NetconfConfigError } from './netconf-config-error.js';
export { NS as CE_NETCONF_NAMESPACES } from './namespaces.js';
