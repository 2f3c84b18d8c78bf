import { NetconfRpcError } from '#drivers';
import type { ConfigWriter, SwitchConfigStore } from '../device/switch-config-store.js';

const EOL = '\r\n';

/**
 * CE's `configuration exclusive`: one login locks the configuration so that no other login or
 * NETCONF session commits until it types `undo configuration exclusive` or logs out. Held as the
 * store's lock on running, which every commit and every write to running respects.
 */
export function exclusiveCommand(store: SwitchConfigStore, writer: ConfigWriter, line: string): { output: string } | undefined {
  if (line === 'configuration exclusive') {
    if (store.lockHolder('running')?.sessionId === writer.sessionId) return { output: '' };
    try {
      store.lock(writer, 'running');
      return { output: '' };
    } catch (error) {
      if (error instanceof NetconfRpcError) return { output: `Error: The configuration is locked: ${error.first.message ?? error.message}.${EOL}` };
      throw error;
    }
  }
  if (line === 'undo configuration exclusive') {
    if (store.lockHolder('running')?.sessionId !== writer.sessionId) return { output: `Error: This session does not hold the configuration lock.${EOL}` };
    store.unlock(writer, 'running');
    return { output: '' };
  }
  return undefined;
}
