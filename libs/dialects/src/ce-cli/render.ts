import { canonicalize, type DeviceIntent } from '#intent';
import { buildTree, printConfig, type ConfigNode } from './config-tree.js';
import { allFragments } from './entity-fragments.js';
import { assertRenderable } from './render-checks.js';

/** The configuration tree of an intent (canonical order), after checking it can be rendered. */
export function renderTree(intent: DeviceIntent): ConfigNode[] {
  const i = canonicalize(intent);
  assertRenderable(i);
  return buildTree(allFragments(i));
}

/** DeviceIntent → the configuration as `display current-configuration` prints it. */
export const renderCeCli = (intent: DeviceIntent): string => printConfig(renderTree(intent));
