import { VrpCommandError as VrpLineError, VrpConfigModel } from '../vrp-config-model.js';

/** A script line VRP refused, with its line number in the script. */
export class VrpCommandError extends Error {
  constructor(
    readonly lineNo: number,
    readonly command: string,
    reason: string,
  ) {
    super(`script line ${lineNo} "${command}": ${reason}`);
  }
}

/**
 * Runs a whole change script (system-view … commit, return) against the VRP model, the way the
 * provisioning layer will send it: load `display current-configuration` text, type the script,
 * print the result.
 */
export class VrpInterpreter {
  private constructor(private readonly model: VrpConfigModel) {}

  static load(config: string): VrpInterpreter {
    return new VrpInterpreter(VrpConfigModel.load(config));
  }

  /** Type a script; any line VRP would reject throws VrpCommandError. */
  type(script: string): void {
    const lines = script.split('\n').map((l) => l.trim());
    if (lines.at(-1) === '') lines.pop();
    if (lines[0] !== 'system-view' || lines.at(-2) !== 'commit' || lines.at(-1) !== 'return') throw new Error(`not a system-view … commit / return script:\n${script}`);
    let path: string[] = [];
    lines.slice(1, -2).forEach((command, k) => {
      if (command === 'quit') {
        if (path.length === 0) throw new VrpCommandError(k + 2, command, 'already in the system view');
        path = path.slice(0, -1);
        return;
      }
      try {
        path = this.model.apply(path, command);
      } catch (e) {
        if (e instanceof VrpLineError) throw new VrpCommandError(k + 2, command, e.reason);
        throw e;
      }
    });
  }

  print(): string {
    return this.model.print();
  }
}
