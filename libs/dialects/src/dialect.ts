import type { DeviceIntent, DeviceRole } from '#intent';
import type { IntentChange } from './intent-diff.js';

/** What the running config cannot say about the device itself; known from the inventory. */
export interface ParseContext {
  device: string;
  role: DeviceRole;
}

/**
 * One device syntax. `parse(render(i))` must equal `canonicalize(i)` for every intent, so drift and
 * diffs compare like with like; `renderChanges` turns a structural diff into the platform's change
 * set, and returns '' when there are no changes.
 */
export interface Dialect {
  readonly platform: string;
  render(intent: DeviceIntent): string;
  parse(text: string, context: ParseContext): DeviceIntent;
  renderChanges(changes: IntentChange[], running: DeviceIntent | null, desired: DeviceIntent): string;
}
