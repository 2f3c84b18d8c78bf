import type { DeviceIntent } from '#intent';
import type { IntentChange } from '../intent-diff.js';
import { scopeOf } from './change-scope.js';
import { editTrees } from './edit-diff.js';
import { intentTrees } from './render-intent.js';
import { writeConfig } from './xml-writer.js';

/**
 * An edit-config `<config>` for a change set, to be sent with the default operation `merge`:
 * removed list entries, leaf-list values and leaves carry `nc:operation="delete"`, additions and
 * modifications carry only the entries touched, with their keys and the leaves that differ.
 *
 * NETCONF edits are declarative, so the payload is the difference between the rendered running and
 * desired documents, restricted to the subtrees the changes own: a change set limited to, say,
 * the ACLs never touches anything else even if other parts differ.
 */
export function renderEditConfig(changes: readonly IntentChange[], running: DeviceIntent | null, desired: DeviceIntent): string {
  if (!changes.length) return '';
  const edit = editTrees(running ? intentTrees(running) : [], intentTrees(desired), changes.flatMap(scopeOf));
  return edit.length ? writeConfig(edit) : '';
}
