// The commands a CI would find in a text, read the way GitHub's runner and Azure's agent read their logs, so a
// test can list every command a run wrote and judge each one. Deliberately wider than either reader: a marker
// counts wherever either of them (or an older version of them) would look for one.
//
// - GitHub (actions/runner, ActionCommand.TryParseV2): a line whose start, after white space, is `::name`, with
//   a second `::` after it: `::name key=value,key=value::data`. Data and properties are %-escaped (%25, %0D,
//   %0A; properties also %3A and %2C). https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands
// - GitHub's older form (ActionCommand.TryParse) and Azure's formatting commands: `##[name …]data` anywhere in a
//   line.
// - Azure (azure-pipelines-agent, Command.TryParse): `##vso[area.action key=value;key=value]data` anywhere in a
//   line, any case; data and properties %-escaped (%AZP25, %0D, %0A; properties also %3B and %5D).
//   https://learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands

export type Syntax = 'workflow' | 'legacy' | 'vso';

export interface FoundCommand {
  syntax: Syntax;
  /** `add-mask`, `set-output`, `task.setvariable`… */
  name: string;
  properties: Record<string, string>;
  /** What follows the command, unescaped as its reader unescapes it. */
  data: string;
  /** The line it was found on, for messages. */
  line: string;
}

/** The runners split their logs on CR, LF and CR LF (.NET's ReadLine). */
const lines = (text: string) => text.split(/\r\n|\r|\n/);

const unescapeWorkflowData = (s: string) =>
  s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
const unescapeWorkflowProperty = (s: string) =>
  unescapeWorkflowData(s.replace(/%3A/gi, ':').replace(/%2C/gi, ','));
const unescapeVsoData = (s: string) =>
  s
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%AZP25/gi, '%');
const unescapeVsoProperty = (s: string) => unescapeVsoData(s.replace(/%3B/gi, ';').replace(/%5D/gi, ']'));

function properties(
  text: string,
  separator: string,
  unescape: (s: string) => string,
): Record<string, string> {
  const found: Record<string, string> = {};
  for (const pair of text.split(separator)) {
    const eq = pair.indexOf('=');
    if (eq > 0) found[pair.slice(0, eq).trim()] = unescape(pair.slice(eq + 1));
  }
  return found;
}

/** `::name props::data` at the start of a line (after white space, which .NET's TrimStart removes). */
function workflowCommand(line: string): FoundCommand | undefined {
  const trimmed = line.replace(/^[\s\u0085]+/, '');
  if (!trimmed.startsWith('::')) return undefined;
  const end = trimmed.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = trimmed.slice(2, end);
  const space = info.indexOf(' ');
  return {
    syntax: 'workflow',
    name: space < 0 ? info : info.slice(0, space),
    properties: space < 0 ? {} : properties(info.slice(space + 1), ',', unescapeWorkflowProperty),
    data: unescapeWorkflowData(trimmed.slice(end + 2)),
    line,
  };
}

/** Every `##[name …]data` and `##vso[name …]data` in a line; the data runs to the end of the line. */
function bracketCommands(line: string): FoundCommand[] {
  const found: FoundCommand[] = [];
  for (const match of line.matchAll(/##(vso)?\[/gi)) {
    const vso = match[1] !== undefined;
    const start = match.index + match[0].length;
    const close = line.indexOf(']', start);
    // Without a `]` neither reader takes it for a command; the marker is still reported, with no name.
    const info = close < 0 ? '' : line.slice(start, close);
    const space = info.indexOf(' ');
    const unescapeData = vso ? unescapeVsoData : unescapeWorkflowData;
    found.push({
      syntax: vso ? 'vso' : 'legacy',
      name: (space < 0 ? info : info.slice(0, space)).toLowerCase(),
      properties:
        space < 0
          ? {}
          : properties(info.slice(space + 1), vso ? ';' : ' ', vso ? unescapeVsoProperty : (s) => s),
      data: close < 0 ? '' : unescapeData(line.slice(close + 1)),
      line,
    });
  }
  return found;
}

/** Every command in a text, in order. */
export function commandsIn(text: string): FoundCommand[] {
  return lines(text).flatMap((line) => {
    const workflow = workflowCommand(line);
    return [...(workflow ? [workflow] : []), ...bracketCommands(line)];
  });
}

/**
 * The commands hidden inside a command's data and properties, as its reader would print them into the log
 * (unescaped): a legitimate `::debug::` or `##vso[task.debug]` must not carry one either.
 */
export function smuggledIn(command: FoundCommand): FoundCommand[] {
  return [command.data, ...Object.values(command.properties)].flatMap(commandsIn);
}
