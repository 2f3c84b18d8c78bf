/**
 * How VRP says no to a typed line: a caret line under the word it could not take, followed by
 * `Error: Unrecognized command found at '^' position.` (or Incomplete / Wrong parameter / Too many
 * parameters / Ambiguous), or an `Error: …` line of its own (a refused value, a failed commit).
 * Warnings and Info lines are not refusals.
 */
const ERROR_LINE = /^\s*Error\s*:\s*(.*)$/i;
const CARET_LINE = /^\s*\^\s*$/;
const SYNTAX_PROBLEM = /(Unrecognized|Incomplete|Ambiguous) command|Wrong parameter|Too many parameters/i;

export interface CliOutputError {
  /** The device's words, e.g. `Unrecognized command found at '^' position.` */
  message: string;
  /** 0-based column of the caret within the typed line, when the device showed one. */
  column?: number;
}

/**
 * The refusal in a command's output, if any. `promptWidth` is the width of the prompt the line
 * was typed at, so that the caret's column is a column of the command.
 */
export function findCliError(output: string, promptWidth = 0): CliOutputError | undefined {
  const lines = output.split('\n');
  const caretAt = lines.findIndex((l) => CARET_LINE.test(l));
  const errors = lines.map((l) => ERROR_LINE.exec(l)?.[1]?.trim()).filter((m): m is string => m !== undefined);
  const syntax = lines.find((l) => SYNTAX_PROBLEM.test(l))?.trim();
  const message = errors.length > 0 ? errors.join(' ') : syntax ?? (caretAt >= 0 ? 'refused at the position marked by the caret' : undefined);
  if (message === undefined) return undefined;
  if (caretAt < 0) return { message };
  return { message, column: Math.max(0, lines[caretAt]!.indexOf('^') - promptWidth) };
}
