// The runners' and the agent's command syntaxes broken in text from outside: each rule, the visible break,
// idempotence, and formats that must survive it (JSON, several lines).
import { CI_COMMAND_INJECTIONS } from '@proget-deploy/testkit';
import { neutraliseCommands } from '../src/output/commands.js';

/** A command as GitHub's runner (a line's leading `::`, `##[` anywhere) or Azure's agent (`##vso[` anywhere) would read it. */
const COMMAND = /^\s*::|##(vso)?\[/im;

const HOSTILE: readonly string[] = CI_COMMAND_INJECTIONS;

describe('neutraliseCommands', () => {
  it("breaks Azure's ##vso[ anywhere in a line, in any case, with a visible space", () => {
    expect(neutraliseCommands('said: ##vso[task.setvariable variable=X]evil')).toBe(
      'said: # #vso[task.setvariable variable=X]evil',
    );
    expect(neutraliseCommands('##VSO[task.prependpath]/tmp/evil')).toBe('# #VSO[task.prependpath]/tmp/evil');
  });

  it("breaks the older ##[name] form anywhere (GitHub's legacy commands, Azure's formatting)", () => {
    expect(neutraliseCommands('a ##[set-output name=a]b and ##[group]x')).toBe(
      'a # #[set-output name=a]b and # #[group]x',
    );
  });

  it('breaks a leading :: on every line, after any white space, and leaves :: inside a line alone', () => {
    expect(neutraliseCommands('::add-mask::x\n  \t::stop-commands::y\nhost ::1 and a::b')).toBe(
      ': :add-mask::x\n  \t: :stop-commands::y\nhost ::1 and a::b',
    );
    expect(neutraliseCommands('\n\n::warning::x')).toBe('\n\n: :warning::x');
    expect(neutraliseCommands('\u00a0::error::x')).toBe('\u00a0: :error::x');
  });

  it('leaves text with no marker as it is', () => {
    for (const text of ['#vso[x]', '# heading', 'a: b', ':x::', 'C# [1]', 'https://h/#[x]']) {
      expect(neutraliseCommands(text)).toBe(text);
    }
  });

  it('leaves no command in any injection, alone, joined on one line or one per line', () => {
    for (const text of [...HOSTILE, HOSTILE.join(' '), HOSTILE.join('\n'), HOSTILE.join('\r\n')]) {
      expect(COMMAND.test(neutraliseCommands(text))).toBe(false);
    }
  });

  it('makes no new marker out of the characters around one', () => {
    expect(neutraliseCommands('###vso[x]')).toBe('## #vso[x]');
    expect(neutraliseCommands(':::x::')).toBe(': ::x::');
    for (const text of ['###vso[x]', '####[x]', ':::x::', '##vso##vso[[x]']) {
      expect(COMMAND.test(neutraliseCommands(text))).toBe(false);
    }
  });

  it('is idempotent: broken text is left as it is', () => {
    for (const text of [...HOSTILE, HOSTILE.join('\n'), '###vso[x]', ':::x::', '  ::x::']) {
      const once = neutraliseCommands(text);
      expect(neutraliseCommands(once)).toBe(once);
    }
  });

  it('keeps JSON valid JSON, compact or indented, with no ## marker left in it', () => {
    const value = { records: HOSTILE.map((target) => ({ target, note: `said ${target}` })), list: HOSTILE };
    for (const json of [JSON.stringify(value), JSON.stringify(value, null, 2)]) {
      const broken = neutraliseCommands(json);
      expect(() => JSON.parse(broken) as unknown).not.toThrow();
      expect(broken).not.toMatch(/##(vso)?\[/i);
    }
  });

  it('breaks a value that starts with :: only as a value: outputs break each string before it becomes JSON', () => {
    // In JSON text a value's leading `::` starts no line; a workflow that reads the value and echoes it would
    // start one. So each string is broken on its own first (report/sca-summary.ts, guarded), and breaking the
    // JSON again changes nothing.
    const values = HOSTILE.map(neutraliseCommands);
    for (const json of [JSON.stringify(values), JSON.stringify(values, null, 2)]) {
      const read = JSON.parse(neutraliseCommands(json)) as string[];
      expect(read).toEqual(values);
      for (const text of read) expect(COMMAND.test(text)).toBe(false);
    }
  });
});
