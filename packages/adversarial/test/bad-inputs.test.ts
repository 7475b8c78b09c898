// The adversarial suite, part 1: bad inputs. Each one runs against every committed bundle as its platform runs
// it, and must fail the step with ONE line that names the input as that platform spells it, before a single
// request reaches the (counting) server, and without the key in anything written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputNames } from '@proget-deploy/core';
import { startHostileServer } from '@proget-deploy/testkit';
import { FRONT_ENDS, oneDeployment, run, NAMES, type FrontEnd, type Inputs } from './front-ends';
import { KEY, expectNoRawControls, expectNoSecret, tally } from './secrets';

type Names = InputNames;
interface BadInput {
  what: string;
  inputs: (server: string) => Inputs;
  /** A fragment of the one line, in the platform's words. */
  says: (n: Names, server: string) => string;
}

const bad = (
  what: string,
  inputs: Inputs | ((s: string) => Inputs),
  says: (n: Names, s: string) => string,
): BadInput => ({
  what,
  inputs: typeof inputs === 'function' ? inputs : () => inputs,
  says,
});

/** Every single-line field against every kind of character or length that must not get through. */
const FIELDS: Array<[keyof Names, number]> = [
  ['feed', 255],
  ['target', 255],
  ['application', 255],
  ['description', 4000],
  ['user', 255],
  ['version', 255],
  ['group', 255],
];
const KINDS: Array<[string, string, string]> = [
  ['ESC', '\x1b', '\\x1B'],
  ['BEL', '\x07', '\\x07'],
  ['DEL', '\x7f', '\\x7F'],
  ['C1 NEL', '\u0085', '\\x85'],
  ['a zero-width space', '\u200b', '\\u200B'],
  ['a right-to-left override', '\u202e', '\\u202E'],
  ['a left-to-right isolate', '\u2066', '\\u2066'],
  ['a byte order mark', '\ufeff', '\\uFEFF'],
];
const fieldCases: BadInput[] = FIELDS.flatMap(([field, limit]) => [
  ...KINDS.map(([kind, char, shown]) =>
    bad(`${kind} in ${field}`, { [field]: `a${char}b` }, (n) => {
      const what = shown.startsWith('\\x')
        ? 'a control character'
        : 'an invisible or bidi-override character';
      return `${n[field]} "a${shown}b" contains ${what} (${shown} at position 2)`;
    }),
  ),
  bad(
    `${limit + 1} characters of ${field}`,
    { [field]: 'x'.repeat(limit + 1) },
    (n) => `${n[field]} "${'x'.repeat(59)}…" is ${limit + 1} characters long; the limit is ${limit}`,
  ),
]);

const SPECS: Array<[string, string, string]> = [
  ['we\x1bb@1.0.0', 'we\\x1Bb@1.0.0', 'the line contains a control character (\\x1B at position 3)'],
  ['web@1.0\x07', 'web@1.0\\x07', 'the line contains a control character (\\x07 at position 8)'],
  ['acme\x7f/web@1', 'acme\\x7F/web@1', 'the line contains a control character (\\x7F at position 5)'],
  [
    'web@1\u202e',
    'web@1\\u202E',
    'the line contains an invisible or bidi-override character (\\u202E at position 6)',
  ],
  ['pkg:nuget/a%20b@1', 'pkg:nuget/a%20b@1', 'the name "a b" contains whitespace'],
  [
    'pkg:nuget/a%0D%0AX-Evil:1@1',
    'pkg:nuget/a%0D%0AX-Evil:1@1',
    'the name "a\\x0D\\x0AX-Evil:1" contains a control character (\\x0D at position 2)',
  ],
  [
    'pkg:nuget/a%09b@1',
    'pkg:nuget/a%09b@1',
    'the name "a\\x09b" contains a control character (\\x09 at position 2)',
  ],
  [
    'pkg:nuget/a%1Bb@1',
    'pkg:nuget/a%1Bb@1',
    'the name "a\\x1Bb" contains a control character (\\x1B at position 2)',
  ],
  [
    'pkg:nuget/a%00b@1',
    'pkg:nuget/a%00b@1',
    'the name "a\\x00b" contains a control character (\\x00 at position 2)',
  ],
  [
    'pkg:nuget/a%E2%80%AEb@1',
    'pkg:nuget/a%E2%80%AEb@1',
    'the name "a\\u202Eb" contains an invisible or bidi-override character (\\u202E at position 2)',
  ],
  [
    'pkg:nuget/a%E2%80%8Bb@1',
    'pkg:nuget/a%E2%80%8Bb@1',
    'the name "a\\u200Bb" contains an invisible or bidi-override character (\\u200B at position 2)',
  ],
  [
    'pkg:nuget/web@1.0%0D',
    'pkg:nuget/web@1.0%0D',
    'the version "1.0\\x0D" contains a control character (\\x0D at position 4)',
  ],
  [
    'pkg:npm/%40acme%0A/web@1',
    'pkg:npm/%40acme%0A/web@1',
    'the group "@acme\\x0A" contains a control character (\\x0A at position 6)',
  ],
  ['web@../../../x', 'web@../../../x', 'the version "../../../x" is path-like'],
  ['web@..', 'web@..', 'the version ".." is path-like'],
  ['acme/../web@1', 'acme/../web@1', 'the group "acme/.." is path-like'],
  [
    'pkg:generic/..%2F..%2Fescaped@1',
    'pkg:generic/..%2F..%2Fescaped@1',
    'the name "../../escaped" is path-like',
  ],
  ['pkg:generic/acme/web@..%2Fx', 'pkg:generic/acme/web@..%2Fx', 'the version "../x" is path-like'],
  ['pkg:nuget/%2E%2E@1', 'pkg:nuget/%2E%2E@1', 'the name ".." is path-like'],
  ['web@1.0 x', 'web@1.0 x', 'a package spec has no spaces'],
  [`${'n'.repeat(10_000)}@1`, `${'n'.repeat(59)}…`, 'the line is 10002 characters long; the limit is 2048'],
  [
    `${'n'.repeat(300)}@1`,
    `${'n'.repeat(59)}…`,
    `the name "${'n'.repeat(59)}…" is 300 characters long; the limit is 255`,
  ],
  [
    `web@${'v'.repeat(300)}`,
    `web@${'v'.repeat(55)}…`,
    `the version "${'v'.repeat(59)}…" is 300 characters long; the limit is 255`,
  ],
  [
    `${'g'.repeat(300)}/web@1`,
    `${'g'.repeat(59)}…`,
    `the group "${'g'.repeat(59)}…" is 300 characters long; the limit is 255`,
  ],
];
const packageCases = SPECS.map(([spec, shown, why]) =>
  bad(
    `package ${spec.length > 40 ? `of ${spec.length} characters` : JSON.stringify(spec)}`,
    { package: spec },
    (n) => `${n.package} line 1 "${shown}": ${why}`,
  ),
);

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const DATES: Array<[string, string]> = [
  ['9999-12-31T23:59:59Z', '"9999-12-31T23:59:59.000Z" is out of range'],
  ['0000-01-01', '"0000-01-01T00:00:00.000Z" is out of range'],
  ['1969-12-31T23:59:59Z', '"1969-12-31T23:59:59.000Z" is out of range'],
  ['2999-01-01', '"2999-01-01T00:00:00.000Z" is out of range'],
  [inDays(8), `"${inDays(8)}T00:00:00.000Z" is out of range`],
  ['2026-02-30', '"2026-02-30" is not a valid date or time'],
  ['2026-13-01', '"2026-13-01" is not a valid date or time'],
  ['tomorrow', '"tomorrow" is not an ISO 8601 date'],
];
const dateCases = DATES.map(([date, why]) => bad(`date ${date}`, { date }, (n) => `${n.date} ${why}`));

const SERVERS: Array<[string, (s: string) => string, string | ((s: string) => string)]> = [
  [
    'with spaces and trailing junk',
    (s) => `${s}/ trailing junk`,
    'contains whitespace or a control character (a space at position',
  ],
  [
    'with CR LF',
    (s) => `${s}/\r\nX-Evil: 1`,
    'contains whitespace or a control character (\\x0D at position',
  ],
  ['with a tab', (s) => `${s}/\tx`, 'contains whitespace or a control character (\\x09 at position'],
  ['with ESC', (s) => `${s}/\x1b[2J`, 'contains whitespace or a control character (\\x1B at position'],
  [
    'with a bidi override',
    (s) => `${s}/\u202e`,
    'contains whitespace or a control character (\\u202E at position',
  ],
  [
    'of 3,000 characters',
    (s) => `${s}/${'p'.repeat(3000)}`,
    (s) => `is ${s.length + 3001} characters long; the limit is 2048`,
  ],
  [
    'with user:password',
    (s) => s.replace('://', `://api:${KEY}@`),
    "must be ProGet's root URL without a query string or credentials",
  ],
  [
    'with ?key=',
    (s) => `${s}/?key=${KEY}`,
    "must be ProGet's root URL without a query string or credentials",
  ],
  ['with a fragment', (s) => `${s}/#x`, "must be ProGet's root URL without a query string or credentials"],
  ['with ftp://', (s) => s.replace('http://', 'ftp://'), `"${'ftp://'}`],
  ['that is no URL', () => 'proget', '"proget" is not a URL'],
];
const serverCases = SERVERS.map(([what, url, why]) =>
  bad(
    `server ${what}`,
    (s) => ({ server: url(s) }),
    (n, s) => `${n.server} ${typeof why === 'string' ? why : why(s)}`,
  ),
);

const URLS: Array<[string, string, string]> = [
  [
    'with a space',
    'https://ci.example/ x',
    'contains whitespace or a control character (a space at position 20)',
  ],
  [
    'with ESC',
    'https://ci.example/\x1b',
    'contains whitespace or a control character (\\x1B at position 20)',
  ],
  [
    'of 3,000 characters',
    `https://ci.example/${'u'.repeat(3000)}`,
    'is 3019 characters long; the limit is 2048',
  ],
  ['with javascript:', 'javascript:alert(1)', '"javascript:alert(1)" is not an absolute http(s) URL'],
  ['with ftp:', 'ftp://ci.example/', '"ftp://ci.example/" is not an absolute http(s) URL'],
];
const urlCases = URLS.map(([what, url, why]) => bad(`url ${what}`, { url }, (n) => `${n.url} ${why}`));

const download = (more: Inputs) => ({ mode: 'download', feedType: 'universal', ...more });
const downloadCases: BadInput[] = [
  bad(
    'download-url with user:password',
    (s) => download({ downloadUrl: s.replace('://', '://bob:hunter2@') + '/x.upack' }),
    (n) => `${n.downloadUrl} must not carry credentials (user:password@); the key comes from ${n.apiKey}`,
  ),
  bad(
    'download-url on another origin',
    (s) => download({ downloadUrl: s.replace('127.0.0.1', 'localhost') + '/x.upack' }),
    (n, s) =>
      `${n.downloadUrl} is on ${new URL(s).host.replace('127.0.0.1', 'localhost')}, not on ${n.server}'s origin (${s}): the API key is only sent to ${n.server}; set ${n.allowCrossOriginKey} to true`,
  ),
  bad(
    'download-url ending in ..%2F..%2Fx',
    (s) => download({ downloadUrl: `${s}/files/..%2F..%2Fx` }),
    (n) => `${n.downloadUrl}: the file name "../../x" is not a plain file name`,
  ),
  bad(
    'download-url ending in %5C..%5Cx',
    (s) => download({ downloadUrl: `${s}/files/%5C..%5Cx` }),
    (n) => `${n.downloadUrl}: the file name "\\..\\x" is not a plain file name`,
  ),
  bad(
    'download-url ending in %00',
    (s) => download({ downloadUrl: `${s}/files/x%00` }),
    (n) => `${n.downloadUrl}: the file name "x\\x00" contains a control character`,
  ),
  bad(
    'download-url with a space',
    (s) => download({ downloadUrl: `${s}/a b` }),
    (n) => `${n.downloadUrl} contains whitespace or a control character (a space at position`,
  ),
  bad(
    'a version ../../../x in download mode',
    download({ package: 'web@../../../x' }),
    (n) => `${n.package} line 1 "web@../../../x": the version "../../../x" is path-like`,
  ),
  bad(
    'an npm name with a slash in download mode',
    download({ package: '@acme/a/b@1', feedType: 'npm' }),
    (n) => `${n.package} line 1 "@acme/a/b@1": the file name "acme-a/b-1.tgz" is not a plain file name`,
  ),
  bad(
    'two targets in download mode',
    download({ target: 'a\nb' }),
    (n) => `download mode records one target per download, but 2 were given: set one ${n.target}`,
  ),
  bad(
    'an unknown feed type',
    download({ feedType: 'docker' }),
    (n) => `${n.feedType} must be universal, nuget, npm or maven, not "docker"`,
  ),
  bad(
    'a plain spec without a feed type',
    download({ feedType: '' }),
    (n) => `${n.package} line 1 "web@1.0.0": set ${n.feedType}`,
  ),
  bad(
    'a purl type without a download URL',
    download({ package: 'pkg:pypi/web@1' }),
    (n) => `${n.package} line 1 "pkg:pypi/web@1": no download URL is known for pkg:pypi`,
  ),
  bad(
    'a user outside ISO-8859-1 in download mode',
    download({ user: '张伟' }),
    () => 'UserName "张伟" cannot travel in an HTTP header',
  ),
];

const CHOICES: Array<[keyof Names, string, string]> = [
  ['timeout', '0', 'must be a number from 1 to 600, not "0"'],
  ['timeout', '601', 'must be a number from 1 to 600, not "601"'],
  ['timeout', 'soon', 'must be a number from 1 to 600, not "soon"'],
  ['retries', '11', 'must be a whole number from 0 to 10, not "11"'],
  ['retries', '-1', 'must be a whole number from 0 to 10, not "-1"'],
  ['retries', '1.5', 'must be a whole number from 0 to 10, not "1.5"'],
  ['concurrency', '0', 'must be a whole number from 1 to 64, not "0"'],
  ['concurrency', '65', 'must be a whole number from 1 to 64, not "65"'],
  ['onError', 'ignore', 'must be fail or warn, not "ignore"'],
  ['dryRun', 'maybe', 'must be true or false, not "maybe"'],
  ['mode', 'upload', 'must be record, download or audit, not "upload"'],
  ['authMethod', 'bearer', 'must be auto, header or basic, not "bearer"'],
  ['insecure', 'sure', 'must be true or false, not "sure"'],
  ['caCert', '/nonexistent/ca.pem', '"/nonexistent/ca.pem" cannot be read: no such file'],
  ['caCert', '/dev/zero', '"/dev/zero" is not a regular file (a character device)'],
  [
    'caCert',
    join(__dirname, '..', 'package.json'),
    `"${join(__dirname, '..', 'package.json')}" holds no PEM certificate`,
  ],
  ['feed', ' ', 'is required'],
  ['package', '# only a comment', 'no package given'],
];
const choiceCases = CHOICES.map(([field, value, why]) =>
  bad(`${field} "${value.length > 30 ? '…' : value}"`, { [field]: value }, (n) =>
    why.startsWith('no package') ? why : `${n[field]} ${why}`,
  ),
);

/** Last, so the cases before keep the front end the diagonal gives them. */
const segmentCases = [
  bad(
    'package "pkg:npm/a%2Fb@1"',
    { package: 'pkg:npm/a%2Fb@1' },
    (n) =>
      `${n.package} line 1 "pkg:npm/a%2Fb@1": the name "a/b" has a "/" written as %2F, which a Package URL segment cannot hold`,
  ),
];

const CASES: BadInput[] = [
  ...fieldCases,
  ...packageCases,
  ...dateCases,
  ...serverCases,
  ...urlCases,
  ...downloadCases,
  ...choiceCases,
  ...segmentCases,
];

let downloadTo: string;
beforeAll(() => {
  downloadTo = mkdtempSync(join(tmpdir(), 'adversarial-downloads-'));
});
afterAll(() => {
  rmSync(downloadTo, { recursive: true, force: true });
  tally.print(`bad inputs: ${CASES.length} distinct`);
});

/** GitHub escapes a workflow command's message (`%`, CR, LF), so the line reads that way in the log. */
const inLog = (frontEnd: FrontEnd, text: string) =>
  frontEnd === 'github' ? text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A') : text;

/**
 * Each case runs on one front end, in turn, so that every front end meets every kind of bad value and
 * every field (the matrix is walked diagonally) while the suite stays within its time budget.
 */
const ASSIGNED = CASES.map((c, i) => [FRONT_ENDS[(i + Math.floor(i / 9)) % 3]!, c.what, c] as const);

it('tries at least 100 distinct bad inputs, on every front end', () => {
  expect(new Set(CASES.map((c) => c.what)).size).toBe(CASES.length);
  expect(CASES.length).toBeGreaterThanOrEqual(100);
  for (const frontEnd of FRONT_ENDS)
    expect(ASSIGNED.filter(([f]) => f === frontEnd).length).toBeGreaterThanOrEqual(CASES.length / 3 - 1);
});

it.concurrent.each(ASSIGNED)('%s refuses %s', async (frontEnd, _what, c) => {
  // Any request that gets through is answered 200 and counted: a bad input must never get this far.
  const server = await startHostileServer(() => ({ kind: 'respond', status: 200, body: 'ok' }));
  try {
    const inputs: Inputs = {
      ...oneDeployment(server.url, downloadTo),
      timeout: '1',
      retries: '0',
      ...c.inputs(server.url),
    };
    const outcome = await run(frontEnd, inputs);
    const clean =
      outcome.result === 'failure' && outcome.errorLines.length === 1 && server.requests.length === 0;
    tally.run(outcome, { rejected: clean, requests: server.requests.length });
    expect(outcome.result).toBe('failure');
    expect(outcome.code).toBe(frontEnd === 'cli' ? 2 : frontEnd === 'github' ? 1 : 0);
    expect(outcome.errorLines).toHaveLength(1);
    expect(outcome.errorLines[0]).toContain(inLog(frontEnd, c.says(NAMES[frontEnd], server.url)));
    expect(server.requests).toHaveLength(0);
    expectNoSecret(outcome);
    expectNoRawControls(outcome);
  } finally {
    await server.close();
  }
});
