import { CeCliParseError, ceCliDialect, ceNetconfDialect } from '#dialects';
import { NetconfRpcError, XmlElement } from '#drivers';
import { readEditTree } from '../device/config-tree.js';
import type { ConfigWriter, SwitchConfigStore } from '../device/switch-config-store.js';

/** A commit the switch refused; `message` is what the CLI prints after `Error: `. */
export class CliCommitError extends Error {
  override readonly name = 'CliCommitError';
}

/**
 * The CLI's view of the one configuration the switch has: the store's running datastore, read as
 * `display current-configuration` text and written back as a whole. NETCONF and the CLI are two
 * views of that store, so what one writes the other reads.
 */
export class CliConfigAccess {
  /** The last running tree read and its text: the prompt and every typed line read running. */
  private cached: { config: string; text: string } | undefined;

  constructor(private readonly store: SwitchConfigStore) {}

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
   * written as the ce-netconf dialect's tree, then put through the store's candidate and `commit`
   * so that it is validated and recorded in the commit log like any other commit.
   */
  commit(writer: ConfigWriter, text: string): void {
    let config: string;
    try {
      config = ceNetconfDialect.render(ceCliDialect.parse(text, this.store.context));
    } catch (error) {
      if (error instanceof CeCliParseError) throw new CliCommitError(error.line > 0 ? `${error.reason} (line ${error.line}: "${error.text}")` : error.reason);
      throw error;
    }
    // The store's candidate is shared with NETCONF sessions: never commit someone else's changes.
    if (this.store.toConfig('candidate') !== this.store.toConfig('running')) {
      throw new CliCommitError('The candidate datastore holds uncommitted changes of another session');
    }
    try {
      this.store.editConfig(writer, 'candidate', readEditTree(XmlElement.parseDocument(config)), { defaultOperation: 'replace' });
      this.store.commit(writer);
    } catch (error) {
      if (this.store.lockHolder('candidate') === undefined) this.store.discardChanges(writer);
      if (error instanceof NetconfRpcError) throw new CliCommitError(error.first.message ?? error.message);
      throw error;
    }
  }
}
