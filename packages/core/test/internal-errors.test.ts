// A failure nothing explains is a bug of this tool: told as "internal error: …" in one line, with its stack in
// the debug output only (for the report the hint asks for), and never forgiven by on-error warn, which only
// forgives what may heal by itself.
import { Dispatcher } from 'undici';
import { asDeploymentError, ServerError } from '../src/errors.js';
import { CLI_INPUT_NAMES } from '../src/inputs/names.js';
import type { InputMeaning } from '../src/inputs/catalogue.js';
import type { LogLevel } from '../src/output/sink.js';
import { scaPart } from '../src/report/sca-verdict.js';
import { decide } from '../src/report/verdict.js';
import type { ScaReport } from '../src/sca/run-sca.js';
import type { StepPlatform, StepResult } from '../src/step/platform.js';
import { runStep } from '../src/step/run-step.js';

const HINT = 'This is a bug in proget-deploy; please report it with the debug output.';

function platform(inputs: Partial<Record<InputMeaning, string>>, readInput?: StepPlatform['readInput']) {
  const lines: { level: LogLevel; text: string }[] = [];
  const finished: StepResult[] = [];
  const step: StepPlatform = {
    id: 'cli',
    userAgent: 'test',
    env: {},
    readInput: readInput ?? ((meaning) => inputs[meaning]),
    inputNames: () => CLI_INPUT_NAMES,
    context: () => ({ application: 'Test CI', description: 'Deployed by a test' }),
    print: (level, text) => lines.push({ level, text }),
    markSecret: () => {},
    finish: (result) => finished.push(result),
  };
  return { step, lines, finished };
}

/** A dispatcher with a bug: every request throws what no network, HTTP or TLS failure is. */
class BuggyDispatcher extends Dispatcher {
  override dispatch(): boolean {
    throw new TypeError("Cannot read properties of undefined (reading 'headers')");
  }
}

const RECORD = {
  server: 'https://proget.example.com',
  feed: 'apps',
  package: 'web@1.0.0',
  target: 'prod',
  retries: '3',
};

/** The stack lines of a TypeError thrown in this file: "    at …". */
const STACK_LINE = /^\s+at /m;

describe('a bug', () => {
  it('before the run (reading an input): one line, "internal error: …", the stack only in debug output', async () => {
    const { step, lines, finished } = platform({}, () => {
      throw new TypeError("Cannot read properties of undefined (reading 'trim')");
    });
    const result = await runStep(step);
    expect(result).toEqual({
      outcome: 'failure',
      kind: 'bug',
      message: `internal error: Cannot read properties of undefined (reading 'trim') — ${HINT}`,
    });
    expect(finished).toEqual([result]);
    expect(lines.filter((l) => STACK_LINE.test(l.text)).map((l) => l.level)).toEqual(['debug']);
    expect(lines.find((l) => l.level === 'debug')!.text).toMatch(/^TypeError: Cannot read properties/);
  });

  it('in the request pipeline: the record fails as a bug, with on-error warn too, tried once', async () => {
    const { step, lines } = platform({ ...RECORD, onError: 'warn' });
    const result = await runStep(step, { dispatcher: new BuggyDispatcher(), sleep: async () => {} });
    expect(result.outcome).toBe('failure');
    expect(result.message).toBe(
      '1 of 1 deployment record not recorded in ProGet feed "apps": web@1.0.0 → prod: ' +
        `internal error: Cannot read properties of undefined (reading 'headers') — ${HINT}`,
    );
    expect(result.report!.forgiven).toBe(false);
    expect(result.report!.results.at(0)).toMatchObject({ outcome: 'failed', attempts: 1 });
    expect(lines.filter((l) => STACK_LINE.test(l.text)).map((l) => l.level)).toEqual(['debug']);
  });

  it('is not retried, while the same run against an outage would be forgiven', async () => {
    class Outage extends Dispatcher {
      override dispatch(): boolean {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
      }
    }
    const { step } = platform({ ...RECORD, onError: 'warn' });
    const result = await runStep(step, { dispatcher: new Outage(), sleep: async () => {} });
    expect(result.outcome).toBe('warning');
    expect(result.report!.forgiven).toBe(true);
    expect(result.report!.results.at(0)).toMatchObject({ outcome: 'failed', attempts: 4 });
  });
});

describe("an SCA build's comment not added after the promotion", () => {
  const facts = {
    action: 'sca' as const,
    feed: 'apps',
    dryRun: false,
    duplicates: 0,
    onError: 'warn' as const,
    onNoncompliant: 'fail' as const,
  };
  const sca = (error: ScaReport['steps'][number]['error']): ScaReport => ({
    kind: 'promote',
    project: 'Web',
    build: '1.0.0',
    stage: 'Production',
    steps: [
      { step: 'build', outcome: 'done', attempts: 1, request: 'POST /api/sca/builds' },
      { step: 'promote', outcome: 'done', attempts: 1, request: 'POST /api/sca/promote-build' },
      {
        step: 'comment',
        outcome: 'failed',
        attempts: 1,
        request: 'POST /api/sca/comments',
        ...(error ? { error } : {}),
      },
    ],
  });

  it('is a warning that says the build was promoted, when ProGet failed it', () => {
    const verdict = decide(facts, [
      scaPart(facts, sca(new ServerError('proget.example.com responded with 500'))),
    ]);
    expect(verdict).toMatchObject({
      outcome: 'warning',
      forgiven: false,
      message:
        'Promoted SCA build 1.0.0 of "Web" to "Production", but its comment was not added: proget.example.com responded with 500',
    });
  });

  it('fails the step when a bug lost it, on-error warn or not', () => {
    const verdict = decide(facts, [scaPart(facts, sca(asDeploymentError(new TypeError('x is undefined'))))]);
    expect(verdict).toMatchObject({
      outcome: 'failure',
      message: `Promoted SCA build 1.0.0 of "Web" to "Production", but its comment was not added: internal error: x is undefined — ${HINT}`,
    });
  });
});
