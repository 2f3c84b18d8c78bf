export { ceNetconfDialect } from './ce-netconf.dialect.js';
export { NetconfConfigError } from './netconf-config-error.js';
export { NS as CE_NETCONF_NAMESPACES } from './namespaces.js';
export { LEAF_LISTS as CE_NETCONF_LEAF_LISTS, LIST_KEYS as CE_NETCONF_LIST_KEYS } from './yang-tree.js';
