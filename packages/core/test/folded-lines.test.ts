// The layout of the CLI's --help and of action.yml's folded descriptions: whole words, lines no wider than asked.
import { foldedLines } from '../src/output/folded-lines';

describe('foldedLines', () => {
  it('fills each indented line up to the width, breaking only between words', () => {
    expect(foldedLines('one two three four five', '  ', 13)).toEqual(['  one two', '  three four', '  five']);
  });

  it('gives a word longer than the width a line of its own', () => {
    expect(foldedLines('a https://proget.example.com/feeds/apps b', '', 10)).toEqual([
      'a',
      'https://proget.example.com/feeds/apps',
      'b',
    ]);
  });
});
