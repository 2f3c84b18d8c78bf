import { CeCliParseError, ceCliDialect, ceNetconfDialect } from '#dialects';
import { NetconfRpcError, XmlElement } from '#drivers';
import { readEditTree } from '../device/config-tree.js';
import type { ConfigWriter, SwitchConfigStore } from '../device/switch-config-store.js';
import type { DropPoint, SwitchFaults } from '../faults/switch-faults.js';

/** A commit the switch refused; `message` is what the CLI prints after `Error: `. */
export class CliCommitError extends Error {
  override readonly name = 'CliCommitError';
}

/**
 * Fault injection (drop-on-commit): the terminal must cut the SSH connection without printing
 * anything more. `after` means the commit was applied first.
 */
export class CliConnectionDropped extends Error {
  override readonly name = 'CliConnectionDropped';
  constructor(readonly point: DropPoint) {
    super(`connection dropped ${point} the commit (injected fault)`);
  }
}

/**
 * The CLI's view of the one configuration the switch has: the store's running datastore, read as
 * `display current-configuration` text and written back as a whole. NETCONF and the CLI are two
 * views of that store, so what one writes the other reads.
 */
export class CliConfigAccess {
  /** The last running tree read and its text: the prompt and every typed line read running. */
  private cached: { config: string; text: string } | undefined;

  constructor(
    private readonly store: SwitchConfigStore,
    private readonly faults?: SwitchFaults,
  ) {}

  get device(): string {
    return this.store.context.device;
  }

  /** The store behind this view, for the CLI's transaction commands (commit trial, configuration exclusive). */
  get switchStore(): SwitchConfigStore {
    return this.store;
  }

  /** Running as `display current-configuration` prints it. */
  runningText(): string {
    const config = this.store.toConfig('running');
    if (this.cached?.config !== config) this.cached = { config, text: this.render(config) };
    return this.cached.text;
  }

  private render(config: string): string {
    try {
      return ceCliDialect.render(ceNetconfDialect.parse(config, this.store.context));
    } catch {
      // Out of the box the switch holds only its hostname, which is not yet a whole DeviceIntent.
      const hostname = /<hostname>([^<]*)<\/hostname>/.exec(config)?.[1] ?? this.device;
      return `#\nsysname ${hostname}\n#\nreturn\n`;
    }
  }

  /**
   * Replaces running with the configuration `text` describes: read strictly by the ce-cli dialect,
   * written as the ce-netconf dialect's tree, and handed to the store's `replaceRunning`, which
   * validates it and records it in the commit log like any commit. The CLI session's changes are
   * its own candidate, so a NETCONF session's uncommitted candidate neither blocks nor joins it.
   */
  commit(writer: ConfigWriter, text: string): void {
    if (this.faults?.takeCommitDrop('before')) throw new CliConnectionDropped('before');
    let config: string;
    try {
      config = ceNetconfDialect.render(ceCliDialect.parse(text, this.store.context));
    } catch (error) {
      if (error instanceof CeCliParseError) throw new CliCommitError(error.line > 0 ? `${error.reason} (line ${error.line}: "${error.text}")` : error.reason);
      throw error;
    }
    try {
      this.store.replaceRunning(writer, readEditTree(XmlElement.parseDocument(config)));
    } catch (error) {
      if (!(error instanceof NetconfRpcError)) throw error;
      const first = error.first;
      // What a CE switch prints when another user holds the configuration.
      if (first.tag === 'in-use' && /locked/.test(first.message ?? '')) throw new CliCommitError('The configuration is locked by other user');
      throw new CliCommitError(first.message ?? error.message);
    }
    if (this.faults?.takeCommitDrop('after')) throw new CliConnectionDropped('after');
  }
}
