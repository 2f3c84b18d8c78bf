export { ceCliDialect } from './ce-cli.dialect.js';
export { CeCliParseError, CeCliRenderError, type CeCliParseErrorCode } from './ce-cli.errors.js';
export { renderCeCli } from './render.js';
export { parseCeCli } from './parse.js';
export { renderCeCliChanges } from './render-changes.js';
export { VrpCommandError, VrpConfigModel, type VrpNode, viewKey } from './vrp-config-model.js';
