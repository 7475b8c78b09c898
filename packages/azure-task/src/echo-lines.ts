import { escapeUnprintable, neutraliseCommands } from '@proget-deploy/core';

const MASK = '***';
const PREFIX = '##vso[';

/** task-lib's escaping of a command's data (taskcommand.js, escapedata/unescapedata). */
const unescapeData = (s: string) =>
  s
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%AZP25/g, '%');
const escapeData = (s: string) => s.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/**
 * One line task-lib wrote itself: its command (`##vso[task.debug]`, whose properties it escapes, `]` among
 * them) stays as it is; what follows the first `]` is the value it echoed (`feed=<the input as typed>`), text
 * from outside like any other, so the commands in it are broken as the sink breaks them, line by line as the
 * agent will show them once it unescapes the data.
 */
function neutraliseEcho(line: string): string {
  const close = line.startsWith(PREFIX) ? line.indexOf(']') : -1;
  if (close < 0) return neutraliseCommands(line);
  return line.slice(0, close + 1) + escapeData(neutraliseCommands(unescapeData(line.slice(close + 1))));
}

/**
 * What task-lib printed while it read a value, made fit for the agent's log: every secret masked (longest
 * first, so a secret that contains another is masked whole), control characters escaped (task-lib echoes
 * input values raw), and commands in the echoed values broken.
 */
export function safeEcho(text: string, secrets: readonly string[]): string {
  const masked = [...secrets]
    .sort((a, b) => b.length - a.length)
    .reduce((out, secret) => out.split(secret).join(MASK), text);
  return escapeUnprintable(masked).split('\n').map(neutraliseEcho).join('\n');
}
