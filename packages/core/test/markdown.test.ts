// Summaries are Markdown rendered as HTML: a value is always text, never markup, and a link is made only to
// http(s), and for a link a server sent, only to the ProGet server's own origin.
import { md, mdLink } from '../src/report/markdown.js';

const SERVER = 'https://proget.example.com/sub/';

describe('md', () => {
  it('writes HTML as text: entities for &, < and >', () => {
    expect(md('<img src=x onerror=alert(1)> & <script>')).toBe(
      '&lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;',
    );
    // An entity written by a server stays an entity's text, never a character.
    expect(md('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;');
  });

  it('escapes the punctuation that makes links, cells, code and emphasis', () => {
    expect(md('[x](javascript:alert(1))')).toBe('\\[x\\](javascript:alert(1))');
    expect(md('a|b `c` *d* _e_ ~f~ \\g')).toBe('a\\|b \\`c\\` \\*d\\* \\_e\\_ \\~f\\~ \\\\g');
    expect(md('![img](https://evil.example/x.png)')).toBe('!\\[img\\](https://evil.example/x.png)');
  });

  it('keeps a value on one line, so it cannot start a heading, a list or a table row', () => {
    expect(md('first\n# heading\r\n| a | b |')).toBe('first # heading \\| a \\| b \\|');
  });

  it('escapes an escape, so a backslash in a value cannot undo the next one', () => {
    expect(md('\\[x](javascript:alert(1))')).toBe('\\\\\\[x\\](javascript:alert(1))');
  });
});

describe('mdLink', () => {
  it('links http and https URLs', () => {
    expect(mdLink('History', 'https://proget.example.com/feeds/apps/web/1.0.0')).toBe(
      '[History](https://proget.example.com/feeds/apps/web/1.0.0)',
    );
    expect(mdLink('page', 'http://proget.local:8624/x')).toBe('[page](http://proget.local:8624/x)');
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<b>x</b>',
    'ftp://h/x',
    'vbscript:x',
  ])('makes no link to %s, showing it as text', (url) => {
    const text = mdLink('view', url);
    expect(text).toBe(`view (${md(url)})`);
    expect(text).not.toMatch(/\]\(/);
  });

  it('makes no link of what is no URL', () => {
    expect(mdLink('view', '/relative/path')).toBe('view (/relative/path)');
    expect(mdLink('view', '')).toBe('view ()');
  });

  it('encodes what would end the link or break out of it: parentheses, quotes, spaces, angle brackets', () => {
    expect(mdLink('x', 'https://h.example/a)b(c\'d"e<f>g\\h')).toBe(
      '[x](https://h.example/a%29b%28c%27d%22e%3Cf%3Eg/h)',
    );
  });

  it('escapes the link text', () => {
    expect(mdLink('[x](javascript:alert(1))', 'https://h.example/')).toBe(
      '[\\[x\\](javascript:alert(1))](https://h.example/)',
    );
  });

  it("links a server's URL only on the ProGet server's origin", () => {
    expect(mdLink('build', 'https://proget.example.com/sca/1', { onOrigin: SERVER })).toBe(
      '[build](https://proget.example.com/sca/1)',
    );
    for (const elsewhere of [
      'https://evil.example/sca/1',
      'http://proget.example.com/sca/1',
      'https://proget.example.com:8443/sca/1',
      'https://proget.example.com.evil.example/',
      'https://user@evil.example/',
    ]) {
      expect(mdLink('build', elsewhere, { onOrigin: SERVER })).toBe(`build (${md(elsewhere)})`);
    }
  });
});
