// The one way out: every line, title, output, summary, result and final message a step writes passes through
// the sink, which masks secrets, escapes control characters and breaks CI commands; secrets reach the
// platform's masker; nothing reaches the channel any other way.
import { OutputSink, type LogLevel, type OutputChannel } from '../src/output/sink.js';
import { Redactor } from '../src/output/redactor.js';

const KEY = 'sink-KEY-0123456789';
const HOSTILE = `::add-mask::x ##vso[task.setvariable variable=X]evil ${KEY} \x1b[2J\u202e`;
const SAFE = `: :add-mask::x # #vso[task.setvariable variable=X]evil *** \\x1B[2J\\u202E`;

function channel(options: { summary?: boolean; results?: boolean } = {}) {
  const calls: string[] = [];
  const out: OutputChannel = {
    print: (level: LogLevel, text: string, title?: string) =>
      calls.push(`${level}${title === undefined ? '' : ` [${title}]`}: ${text}`),
    markSecret: (value) => calls.push(`secret: ${value}`),
    setOutput: (name, value) => calls.push(`output ${name}: ${value}`),
    ...(options.summary
      ? { writeSummary: async (markdown: string) => void calls.push(`summary: ${markdown}`) }
      : {}),
    ...(options.results ? { printResult: (text: string) => void calls.push(`result: ${text}`) } : {}),
  };
  return { calls, out };
}

describe('OutputSink', () => {
  it('makes every log line and title safe: secret masked, controls escaped, commands broken', () => {
    const { calls, out } = channel();
    const sink = new OutputSink(out, new Redactor([KEY]));
    sink.debug(HOSTILE);
    sink.info(HOSTILE);
    sink.warning(HOSTILE, HOSTILE);
    sink.error(HOSTILE);
    expect(calls).toEqual([
      `debug: ${SAFE}`,
      `info: ${SAFE}`,
      `warning [${SAFE}]: ${SAFE}`,
      `error: ${SAFE}`,
    ]);
  });

  it('breaks the leading :: of every line of a multi-line message (a table, printed raw by info)', () => {
    const { calls, out } = channel();
    new OutputSink(out).info('PACKAGE\n::stop-commands::x  1\n  ::add-mask::y  2\r\n::error::z');
    expect(calls).toEqual(['info: PACKAGE\n: :stop-commands::x  1\n  : :add-mask::y  2\n: :error::z']);
  });

  it('escapes a lone CR and U+2028, which some readers take for a new line, before breaking commands', () => {
    const { calls, out } = channel();
    new OutputSink(out).info('a\r::add-mask::x\u2028::add-mask::y');
    expect(calls).toEqual(['info: a\\x0D::add-mask::x\\u2028::add-mask::y']);
  });

  it('makes outputs, summaries, results and the final message safe', async () => {
    const { calls, out } = channel({ summary: true, results: true });
    const sink = new OutputSink(out, new Redactor([KEY]));
    sink.output('records', HOSTILE);
    await sink.summary(HOSTILE);
    sink.result(HOSTILE);
    let finished = '';
    sink.finish({ message: HOSTILE }, (result) => (finished = result.message));
    expect(calls).toEqual([`output records: ${SAFE}`, `summary: ${SAFE}`, `result: ${SAFE}`]);
    expect(finished).toBe(SAFE);
  });

  it('keeps a JSON output valid JSON', () => {
    const { calls, out } = channel();
    const value = JSON.stringify([{ target: '##vso[task.prependpath]/tmp/evil', error: `said ${KEY}` }]);
    new OutputSink(out, new Redactor([KEY])).output('records', value);
    expect(JSON.parse(calls[0]!.slice('output records: '.length))).toEqual([
      { target: '# #vso[task.prependpath]/tmp/evil', error: 'said ***' },
    ]);
  });

  it('logs results where there is no result stream, and writes no summary where there is none', async () => {
    const { calls, out } = channel();
    const sink = new OutputSink(out);
    sink.result('##[group]x');
    expect(sink.writesSummary).toBe(false);
    await sink.summary('never');
    expect(calls).toEqual(['info: # #[group]x']);
  });

  it("hands a secret to the platform's masker, trimmed, and masks it in every later line", () => {
    const { calls, out } = channel();
    const sink = new OutputSink(out);
    sink.info(`before ${KEY}`);
    sink.secret(`  ${KEY}\n`);
    sink.secret('');
    sink.secret(undefined);
    sink.info(`after ${KEY} ${encodeURIComponent(KEY)}`);
    expect(calls).toEqual([`info: before ${KEY}`, `secret: ${KEY}`, 'info: after *** ***']);
  });

  it('is idempotent: safe text made safe again is unchanged', () => {
    const sink = new OutputSink(channel().out, new Redactor([KEY]));
    const once = sink.safe(`${HOSTILE}\n${HOSTILE}`);
    expect(sink.safe(once)).toBe(once);
  });
});
