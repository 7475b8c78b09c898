/**
 * Words joined into lines of at most `width` characters (a longer word gets a line of its own), indented: the
 * CLI's `--help` and action.yml's folded descriptions lay out text the same way.
 */
export function foldedLines(text: string, indent: string, width = 110): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, indent + line];
}
