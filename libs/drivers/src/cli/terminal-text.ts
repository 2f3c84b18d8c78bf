/**
 * What a VRP terminal shows, reduced to plain text: the device writes for a screen (CRLF line ends,
 * cursor movements that erase a `---- More ----` pager, `\b \b` for a deleted key, colour codes),
 * and the CLI client reads lines. Each line is replayed on a one-line screen so that whatever was
 * overwritten or erased is gone, as it is for an operator looking at the terminal.
 */

/** The prompt of a view: `<leaf-1>` (user), `[~leaf-1]` / `[*leaf-1-bgp]` (system and nested views), `[leaf-1]` (older VRP). */
export const VRP_PROMPT = /^(<[^<>\s]+>|\[[~*]?[^[\]\s]+\])$/;

/** A question the device waits on: `[Y/N]:`, `[Y(yes)/N(no)/C(cancel)]:`. */
export const CONFIRM_QUESTION = /\[Y(\(yes\))?\/N(\(no\))?(\/C(\(cancel\))?)?\]\s*:?$/i;

/** The pager line VRP shows when output fills a screen and paging was not turned off. */
export const PAGER = /^\s*-{2,}\s*More\s*-{2,}\s*/i;

// CSI (ESC [ params final), OSC (ESC ] … BEL/ST), two-byte escapes (charset selection, keypad modes).
const ESCAPE = /\x1b\[([0-9;?]*)([@-~])|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78cDEHM]/g;

/** One raw terminal line (no `\n`) as it ends up on the screen. */
export function screenLine(raw: string): string {
  const cells: string[] = [];
  let cursor = 0;
  const put = (text: string) => {
    for (const ch of text) {
      if (ch === '\r') cursor = 0;
      else if (ch === '\b') cursor = Math.max(0, cursor - 1);
      else if (ch === '\t') cursor = (Math.floor(cursor / 8) + 1) * 8;
      else if (ch >= ' ' || ch > '\x7f') {
        while (cells.length < cursor) cells.push(' ');
        cells[cursor++] = ch;
      }
      // Other control characters (BEL, NUL…) show nothing.
    }
  };
  let last = 0;
  for (const m of raw.matchAll(ESCAPE)) {
    put(raw.slice(last, m.index));
    last = m.index + m[0].length;
    const count = Math.max(1, Number.parseInt(m[1] || '1', 10) || 1);
    switch (m[2]) {
      case 'D': // cursor back
        cursor = Math.max(0, cursor - count);
        break;
      case 'C': // cursor forward
        cursor += count;
        break;
      case 'G': // cursor to column
        cursor = count - 1;
        break;
      case 'K': // erase in line: 0 to the end, 1 to the cursor, 2 all
        if ((m[1] || '0') === '0') cells.length = Math.min(cells.length, cursor);
        else for (let i = 0; i < (m[1] === '1' ? Math.min(cursor + 1, cells.length) : cells.length); i++) cells[i] = ' ';
        break;
      // Colours, modes and anything else do not change the text.
    }
  }
  put(raw.slice(last));
  return cells.join('').trimEnd();
}

/** A terminal transcript as plain lines (`\n`-separated, no trailing spaces, pager lines dropped). */
export function screenText(raw: string): string {
  return raw
    .split('\n')
    .map(screenLine)
    .map((line) => line.replace(PAGER, ''))
    .join('\n');
}

/** The last line of a transcript as it shows on the screen: where a prompt, a question or the pager appears. */
export function lastScreenLine(raw: string): string {
  return screenLine(raw.slice(raw.lastIndexOf('\n') + 1));
}
