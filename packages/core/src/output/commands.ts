/**
 * A CI log is not just text: the runner or agent that reads it obeys commands written into it. Text this tool
 * did not compose itself (ProGet's answers, an SBOM's fields, input values) must never become one.
 *
 * - GitHub's runner treats a line that starts with `::` (after leading white space) as a workflow command
 *   (https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands), and still obeys the
 *   older `##[name]value` form anywhere in a line (actions/runner, ActionCommand.TryParse).
 * - Azure's agent obeys `##vso[area.action]` anywhere in a line and formats `##[group]`, `##[error]`… lines
 *   (https://learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands). `##vso[task.setvariable]`,
 *   `task.prependpath` or `task.setendpoint` in a printed value would change every later step of the job.
 *
 * Both syntaxes are broken in everything every front end prints, whichever CI it runs in, and the CLI's too
 * when it sees no CI at all: text travels (a CLI in a container whose `docker run` passes no CI variables
 * still writes into the job's log; a CLI inside an Azure job inside a GitHub runner's container…), and the
 * breaks cost nothing. The marker is broken visibly, with a space, so the text stays readable, nobody
 * mistakes it for the real thing, and it stays valid in every format it may be part of (a JSON output,
 * Markdown, a YAML value): `##vso[x]` → `# #vso[x]`, `##[x]` → `# #[x]`, a line's leading `::x::` → `: :x::`.
 */

const AZURE_OR_LEGACY = /##(vso)?\[/gi;
/** `^` after every newline: the runners split the log on LF (a lone CR or U+2028 is escaped before this). */
const LINE_START = /^(\s*):(?=:)/gm;

/** The text with no command a CI would obey. Idempotent: a broken marker is no marker. */
export function neutraliseCommands(text: string): string {
  // Every command needs `[` or `::`: most text has neither and is left as it is.
  if (!text.includes('[') && !text.includes('::')) return text;
  return text.replace(AZURE_OR_LEGACY, (marker) => `# ${marker.slice(1)}`).replace(LINE_START, '$1: ');
}
