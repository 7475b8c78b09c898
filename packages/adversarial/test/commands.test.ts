// The adversarial suite, part 5: CI commands. A server whose every answer, header and error page carries the
// runners' and the agent's commands, and inputs (packages, targets, description, user, application, feed, SCA
// stage, an SBOM's names) that carry them too, against every front end: the action, the task, and the CLI in
// a terminal, inside GitHub Actions and inside Azure Pipelines. Everything each one wrote (stdout, stderr,
// outputs, summaries, the records file) is read for commands the way the runner and the agent read a log,
// and every command found must be one the product emits itself, carrying no command inside it; each output
// value, and each string inside a JSON one, as a later step would read it, must hold none. Summaries
// must hold none of the markup as markup and link only to the ProGet server.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CI_COMMAND_INJECTIONS,
  REPO_ROOT,
  RUNNER_TOKEN,
  startHostileServer,
  type HostileBehaviour,
  type HostileRequest,
} from '@proget-deploy/testkit';
import { commandsIn, smuggledIn, type FoundCommand } from './ci-commands';
import { oneDeployment, run, type FrontEnd, type Inputs, type Outcome, type RunOptions } from './front-ends';
import { KEY, expectNoRawControls, expectNoSecret, tally } from './secrets';

/** What a hostile server or input writes, each a command (or markup) that would do harm if obeyed. */
const INJECTIONS = [...CI_COMMAND_INJECTIONS, '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))'];
/** For bodies: each on a line of its own, so the `::` ones start lines. */
const LINES = INJECTIONS.join('\n');
/** For headers and one-line values. */
const LINE = INJECTIONS.join(' ');

/** Every response header a client might read, each carrying the lot. */
const HOSTILE_HEADERS = {
  server: LINE,
  'x-proget-version': LINE,
  'x-proget-edition': LINE,
  'retry-after': LINE,
  'www-authenticate': `Basic realm="${LINE}"`,
  'content-disposition': `attachment; filename="${LINE}"`,
  'x-error': LINE,
};

const respond = (status: number, body: string, headers: Record<string, string> = {}): HostileBehaviour => ({
  kind: 'respond',
  status,
  headers: { ...HOSTILE_HEADERS, ...headers },
  body,
});
const json = (status: number, value: unknown) =>
  respond(status, JSON.stringify(value), { 'content-type': 'application/json' });
const htmlPage = `<html><head><title>${LINE}</title></head><body><h1>${LINES}</h1><a href="javascript:alert(1)">${LINE}</a></body></html>`;

/** ProGet's SCA API as an attacker would answer it: every text field hostile, the comment refused. */
function hostileSca(viewBuildUrl: string) {
  return (request: HostileRequest): HostileBehaviour | undefined => {
    const path = request.path.split('?')[0]!;
    if (path === '/api/sca/builds') return json(200, { viewBuildUrl, viewIssuesUrl: viewBuildUrl });
    if (path === '/api/sca/import') return respond(200, LINES);
    if (path === '/api/sca/promote-build') {
      return json(200, { statusCode: 'W', statusText: LINES, issueCount: 1, unresolvedIssueCount: 1 });
    }
    if (path === '/api/sca/comments') return respond(500, LINES);
    return undefined;
  };
}

interface Scenario {
  what: string;
  /** The deployment API's (or a download's) answer; SCA paths answer as hostileSca says when it is set. */
  answer: (server: string) => HostileBehaviour;
  sca?: (server: string) => (request: HostileRequest) => HostileBehaviour | undefined;
  inputs?: (server: string, dir: string) => Inputs;
}

/** Values that pass validation and so reach the records, outputs, tables and summaries as they are. */
const HOSTILE_INPUTS: Inputs = {
  package: [
    'pkg:generic/%3A%3Astop-commands%3A%3Ax@1',
    'pkg:generic/%23%23vso%5Btask.prependpath%5D@1',
    'acme/web@[x](javascript:alert(1))',
  ].join('\n'),
  target: INJECTIONS.join('\n'),
  description: LINE,
  user: '<img src=x onerror=alert(1)>',
  application: '[x](javascript:alert(1))',
  feed: '##vso[task.uploadfile]/etc/passwd',
};

const SCENARIOS: Scenario[] = [
  {
    what: 'records stored, every input hostile',
    answer: () => respond(200, LINES),
    inputs: () => HOSTILE_INPUTS,
  },
  { what: 'a 400 whose body is commands', answer: () => respond(400, LINES) },
  { what: 'a 401 with a hostile challenge', answer: () => respond(401, LINES) },
  { what: 'a 404 as an HTML page', answer: () => respond(404, htmlPage, { 'content-type': 'text/html' }) },
  { what: 'a 500 as an HTML page', answer: () => respond(500, htmlPage, { 'content-type': 'text/html' }) },
  {
    what: 'a 503 with a hostile Retry-After, forgiven by on-error warn',
    answer: () => respond(503, LINES),
    inputs: () => ({ retries: '1', onError: 'warn' }),
  },
  {
    what: 'a redirect to a hostile Location',
    answer: () => ({ kind: 'redirect', status: 302, location: `https://evil.example/${LINE}` }),
  },
  {
    what: 'a redirect whose Location is the commands themselves',
    answer: () => respond(307, LINES, { location: LINE }),
  },
  {
    what: 'an SCA build whose page is javascript:, whose verdict is commands, whose comment is refused',
    answer: () => respond(200, ''),
    sca: () => hostileSca(`javascript:alert(1)//${LINE}`),
    inputs: () => ({ ...HOSTILE_INPUTS, scaProject: 'Web', scaBuild: '1', scaStage: LINE }),
  },
  {
    what: 'an SCA build whose page is on another server, with commands in the link',
    answer: () => respond(200, ''),
    sca: () => hostileSca(`https://evil.example/${encodeURI(LINE)}`),
    inputs: () => ({ scaProject: 'Web', scaBuild: '1.0.0', scaStage: 'Production' }),
  },
  {
    what: 'an SCA build whose page is on the server, with commands in its path and query',
    answer: () => respond(200, ''),
    sca: (server) => hostileSca(`${server}/sca/${LINE}?${LINE}`),
    inputs: () => ({ scaProject: 'Web', scaBuild: '1.0.0', scaStage: 'Production' }),
  },
  {
    what: 'an SBOM whose component names are commands',
    answer: () => respond(200, ''),
    inputs: (_server, dir) => ({
      scaProject: 'Web',
      scaBuild: '1.0.0',
      scaStage: 'Production',
      sbom: sbomFile(dir),
    }),
  },
  {
    what: 'a download refused with commands',
    answer: () => respond(403, LINES),
    inputs: () => ({ mode: 'download', feedType: 'universal' }),
  },
  {
    what: 'a download saved, every header hostile',
    answer: () => respond(200, 'package bytes', { 'content-type': 'application/octet-stream' }),
    inputs: () => ({ mode: 'download', feedType: 'universal', description: LINE, user: INJECTIONS[0]! }),
  },
];

/** A CycloneDX SBOM whose own name and version (and a component's) carry every injection. */
function sbomFile(dir: string): string {
  const path = join(dir, `hostile-${Math.random().toString(36).slice(2)}.cdx.json`);
  writeFileSync(
    path,
    JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      metadata: { component: { type: 'application', name: LINE, version: INJECTIONS[0] } },
      components: [{ type: 'library', name: LINE, version: '1', purl: 'pkg:npm/left-pad@1.3.0' }],
    }),
  );
  return path;
}

/** Each front end, and the CLI in the three places it runs. */
interface Place {
  name: string;
  frontEnd: FrontEnd;
  env?: Record<string, string>;
}
const PLACES: Place[] = [
  { name: 'the action', frontEnd: 'github' },
  { name: 'the task', frontEnd: 'azure' },
  { name: 'the CLI in a terminal', frontEnd: 'cli' },
  { name: 'the CLI in GitHub Actions', frontEnd: 'cli', env: { GITHUB_ACTIONS: 'true', CI: 'true' } },
  { name: 'the CLI in Azure Pipelines', frontEnd: 'cli', env: { TF_BUILD: 'True' } },
];

/** The run's secrets: the API key, and the action's token for the REST API (github-token's default). */
const SECRETS = [KEY, RUNNER_TOKEN];

/** The variables the task may set, as the agent enforces them: task.json's own list. */
const TASK_JSON = JSON.parse(readFileSync(join(REPO_ROOT, 'task.json'), 'utf8')) as {
  restrictions: { commands: { mode: string }; settableVariables: { allowed: string[] } };
  outputVariables: { name: string }[];
};
const SETTABLE = new Set(TASK_JSON.restrictions.settableVariables.allowed);

/**
 * Why a command is not one the product emits there, or undefined when it is. GitHub: @actions/core's
 * `::add-mask::` of the run's real secret, and its annotations and debug lines. Azure: task-lib's debug lines,
 * issues, `task.setsecret` of the real secret, the output variables task.json lets it set, the upload of its
 * own summary file, and `task.complete`. The CLI: none, anywhere. Files (outputs, summaries, the records
 * file) hold no command at all: only a log is read for them, and a value copied into a log must not become one.
 */
function refusal(
  place: Place,
  source: string,
  command: FoundCommand,
  tempFiles: string[],
): string | undefined {
  if (place.frontEnd === 'cli') return 'the CLI writes no command';
  if (source !== 'stdout' && source !== 'stderr') return `a command in ${source}`;
  const { syntax, name, properties, data } = command;
  if (place.frontEnd === 'github') {
    if (syntax !== 'workflow') return `${syntax} syntax in a GitHub log`;
    if (name === 'add-mask') return SECRETS.includes(data) ? undefined : 'a mask that is not one of the run';
    return ['error', 'warning', 'debug', 'notice'].includes(name) ? undefined : 'not an annotation';
  }
  if (syntax !== 'vso') return `${syntax} syntax in an Azure log`;
  switch (name) {
    case 'task.debug':
    case 'task.complete':
      return undefined;
    case 'task.issue':
      return ['error', 'warning'].includes(properties.type ?? '') ? undefined : 'an issue of another type';
    case 'task.setsecret':
      return SECRETS.includes(data) ? undefined : 'a secret that is not one of the run';
    case 'task.setvariable':
      return SETTABLE.has(properties.variable ?? '') && properties.isOutput === 'true'
        ? undefined
        : 'a variable task.json does not allow';
    case 'task.uploadsummary':
      return tempFiles.includes(data) && /proget-deployments-[0-9a-f-]+\.md$/.test(data)
        ? undefined
        : 'not its own summary file';
    default:
      return 'not a command the task emits';
  }
}

/** The sources that are no file of the run's temp folder. */
const LOGS_AND_OUTPUTS = new Set(['stdout', 'stderr', 'GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY']);

interface Violation {
  source: string;
  line: string;
  why: string[];
}

/**
 * Every line of everything written that holds a command the product did not emit, or a legitimate one
 * carrying another inside it; each line once, with every reason.
 */
function violations(place: Place, outcome: Outcome): { found: number; violations: Violation[] } {
  const tempFiles = Object.keys(outcome.sources).filter((s) => !LOGS_AND_OUTPUTS.has(s));
  let found = 0;
  const byLine = new Map<string, Violation>();
  for (const [source, text] of Object.entries(outcome.sources)) {
    for (const command of commandsIn(text)) {
      found += 1;
      const why = refusal(place, source, command, tempFiles);
      const reasons = why
        ? [`${why}: ${command.syntax} ${command.name}`]
        : smuggledIn(command).map((inner) => `${inner.syntax} ${inner.name} inside ${command.name}`);
      if (reasons.length === 0) continue;
      const key = `${source}\n${command.line}`;
      const entry = byLine.get(key) ?? { source, line: command.line.slice(0, 160), why: [] };
      entry.why.push(...reasons.filter((r) => !entry.why.includes(r)));
      byLine.set(key, entry);
    }
  }
  // A later step reads each output, and a JSON one value by value (`fromJSON(…)`), and may echo it into its log.
  for (const [name, value] of Object.entries(outcome.outputs)) {
    for (const text of [value, ...jsonStrings(value)]) {
      for (const command of commandsIn(text)) {
        found += 1;
        byLine.set(`output ${name}\n${command.line}`, {
          source: `output ${name}`,
          line: command.line.slice(0, 160),
          why: [`a command in an output value: ${command.syntax} ${command.name}`],
        });
      }
    }
  }
  return { found, violations: [...byLine.values()] };
}

/** Every string inside a JSON value; none when the text is no JSON. */
function jsonStrings(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const strings: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return strings;
}

/** The targets of the summary's links, `[text](target)` with an unescaped `]`, and `<scheme:…>` autolinks. */
function linkTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (const match of markdown.matchAll(/(\\*)\]\(([^)\s]*)/g)) {
    if (match[1]!.length % 2 === 0) targets.push(match[2]!);
  }
  for (const match of markdown.matchAll(/(\\*)<([a-z][a-z0-9+.-]*:[^>\s]*)>/gi)) {
    if (match[1]!.length % 2 === 0) targets.push(match[2]!);
  }
  return targets;
}

/** What in a summary a renderer would turn into markup or a link it should not. */
function summaryProblems(summary: string, server: string): string[] {
  const problems: string[] = [];
  // Raw HTML: a tag or comment as written (entities, `&lt;img`, are text).
  for (const match of summary.matchAll(/(\\*)<([a-z!/?][^>\s]*)/gi)) {
    if (match[1]!.length % 2 === 0) problems.push(`raw HTML <${match[2]}`);
  }
  for (const target of linkTargets(summary)) {
    let url: URL | undefined;
    try {
      url = new URL(target);
    } catch {
      problems.push(`a link to ${target}, which is no URL`);
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`a link to ${target}`);
    else if (url.origin !== new URL(server).origin) problems.push(`a link off the ProGet server: ${target}`);
  }
  return problems;
}

let dir: string;
let scanned = 0;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'adversarial-commands-'))));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  tally.print(
    `CI commands: ${SCENARIOS.length} hostile servers and inputs × ${PLACES.length} places, debug on, ${scanned} commands read`,
  );
});

const CASES = SCENARIOS.flatMap((scenario) =>
  PLACES.map((place) => [scenario.what, place.name, scenario, place] as const),
);

it.concurrent.each(CASES)('%s: %s obeys none', async (_what, _where, scenario, place) => {
  let url = '';
  const server = await startHostileServer((request) => {
    const sca = scenario.sca?.(url)(request);
    return sca ?? scenario.answer(url);
  });
  url = server.url;
  try {
    const inputs: Inputs = {
      ...oneDeployment(server.url, dir),
      timeout: '1',
      retries: '0',
      ...scenario.inputs?.(server.url, dir),
    };
    const options: RunOptions = { debug: true, ...(place.env ? { env: place.env } : {}) };
    const outcome = await run(place.frontEnd, inputs, options);
    tally.run(outcome);
    // The hostile text did reach what was written, broken: a run that printed none of it would prove nothing.
    expect(outcome.written).toMatch(/# #vso\[|# #\[|^\s*: :/m);
    const scan = violations(place, outcome);
    scanned += scan.found;
    expect(scan.violations).toEqual([]);
    expect(summaryProblems(outcome.summary, server.url)).toEqual([]);
    expectNoSecret(outcome);
    expectNoRawControls(outcome);
  } finally {
    await server.close();
  }
});

describe('the suite sees what it looks for', () => {
  it('finds each injection as a command', () => {
    const found = commandsIn(LINES).map((c) => `${c.syntax} ${c.name}`);
    expect(found).toEqual([
      'workflow stop-commands',
      'workflow add-mask',
      'vso task.prependpath',
      'vso task.setvariable',
      'vso task.setendpoint',
      'vso task.addattachment',
      'vso task.uploadfile',
      'legacy set-output',
    ]);
  });

  it('finds a command inside a legitimate one, as its reader unescapes it', () => {
    const [debug] = commandsIn('::debug::first%0A  ::add-mask::x');
    expect(smuggledIn(debug!).map((c) => c.name)).toEqual(['add-mask']);
    const [vso] = commandsIn('##vso[task.debug]feed=x %AZP25 ##vso[task.prependpath]/tmp/evil');
    expect(commandsIn(vso!.line).map((c) => c.name)).toEqual(['task.debug', 'task.prependpath']);
  });

  it('finds a link to javascript:, raw HTML, and no link in escaped text', () => {
    expect(summaryProblems('[x](javascript:alert(1)) <img src=x>', 'http://127.0.0.1')).toEqual([
      'raw HTML <img',
      'a link to javascript:alert(1',
    ]);
    expect(summaryProblems('\\[x\\](javascript:alert(1)) &lt;img src=x&gt;', 'http://127.0.0.1')).toEqual([]);
  });
});

describe("the agent refuses what the task is not allowed to do (task.json's restrictions)", () => {
  it('lets the task set only its own output variables: no task.setvariable of X, no PATH', () => {
    // The agent refuses task.setvariable for any name outside settableVariables.allowed, and
    // task.prependpath unless "PATH" is in the list (Azure Pipelines, "Restrict commands and variables").
    expect(TASK_JSON.restrictions.settableVariables.allowed.sort()).toEqual(
      TASK_JSON.outputVariables.map((o) => o.name).sort(),
    );
    expect(SETTABLE.has('X')).toBe(false);
    expect(SETTABLE.has('PATH')).toBe(false);
  });

  it("keeps commands.mode any: restricted mode would refuse the task's own task.uploadsummary", () => {
    expect(TASK_JSON.restrictions.commands.mode).toBe('any');
  });
});
