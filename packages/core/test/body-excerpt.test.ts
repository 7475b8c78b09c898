import { bodyExcerpt } from '../src/proget/body-excerpt.js';

const NGINX_502 = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx/1.25.3</center>
</body>
</html>
`;

const IIS_502 = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>502 - Web server received an invalid response while acting as a gateway or proxy server.</title>
<style type="text/css">
<!--
body{margin:0;font-size:.7em;font-family:Verdana, Arial, Helvetica, sans-serif;background:#EEEEEE;}
fieldset{padding:0 15px 10px 15px;}
-->
</style>
</head>
<body>
<div id="header"><h1>Server Error</h1></div>
<div id="content">
 <div class="content-container"><fieldset>
  <h2>502 - Web server received an invalid response while acting as a gateway or proxy server.</h2>
  <h3>There is a problem with the page you are looking for, and it cannot be displayed.</h3>
 </fieldset></div>
</div>
</body>
</html>
`;

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('bodyExcerpt', () => {
  it('keeps a plain-text body, folding its whitespace onto one line', () => {
    expect(bodyExcerpt('  Feed name cannot\r\n be   found.\n', 'text/plain')).toBe(
      'Feed name cannot be found.',
    );
  });

  it('keeps plain text that merely contains angle brackets', () => {
    expect(bodyExcerpt('Invalid <Version> property: "1.0 beta"', 'text/plain; charset=utf-8')).toBe(
      'Invalid <Version> property: "1.0 beta"',
    );
  });

  it('returns an empty string for an empty body', () => {
    expect(bodyExcerpt('')).toBe('');
    expect(bodyExcerpt(' \n ')).toBe('');
  });

  it('turns an nginx 502 page into one line that says its title once', () => {
    expect(bodyExcerpt(NGINX_502, 'text/html')).toBe('502 Bad Gateway nginx/1.25.3');
  });

  it('recognises an HTML page by its content when the content type says nothing', () => {
    expect(bodyExcerpt(NGINX_502)).toBe('502 Bad Gateway nginx/1.25.3');
  });

  it('turns an IIS 502 page into one readable line with its title once and no styles', () => {
    const excerpt = bodyExcerpt(IIS_502, 'text/html');
    expect(excerpt).toBe(
      'Server Error 502 - Web server received an invalid response while acting as a gateway or proxy server. ' +
        'There is a problem with the page you are looking for, and it cannot be displayed.',
    );
    expect(occurrences(excerpt, '502 - Web server received')).toBe(1);
  });

  it('puts the title first when the page does not repeat it', () => {
    const html = '<html><head><title>Service Unavailable</title></head><body><p>Back soon.</p></body></html>';
    expect(bodyExcerpt(html, 'text/html')).toBe('Service Unavailable: Back soon.');
  });

  it('uses the title alone when the page has no text', () => {
    expect(bodyExcerpt('<html><head><title>504 Gateway Time-out</title></head><body></body></html>')).toBe(
      '504 Gateway Time-out',
    );
  });

  it('removes scripts and styles', () => {
    const html =
      '<!doctype html><html><body><script type="text/javascript">var key = "x"; if (a < b) go();</script>' +
      '<style>p { color: red; }</style><p>Maintenance</p><SCRIPT>alert(1)</SCRIPT></body></html>';
    expect(bodyExcerpt(html, 'text/html; charset=utf-8')).toBe('Maintenance');
  });

  it('decodes named and numeric entities', () => {
    const html =
      '<p>Tom &amp; Jerry &lt;b&gt; &quot;q&quot; &apos;a&apos;&nbsp;&#39;n&#39; &#x41;&#X42; &eacute;</p>';
    expect(bodyExcerpt(html, 'text/html')).toBe("Tom & Jerry <b> \"q\" 'a' 'n' AB &eacute;");
  });

  it('leaves an entity outside Unicode as written instead of failing', () => {
    expect(bodyExcerpt('<p>bad &#99999999; and &#x110000;</p>', 'text/html')).toBe(
      'bad &#99999999; and &#x110000;',
    );
  });

  it('cuts a long body to at most 300 characters ending with an ellipsis', () => {
    const long = 'word '.repeat(200);
    const excerpt = bodyExcerpt(long, 'text/plain');
    expect(excerpt).toHaveLength(300);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt.slice(0, 299)).toBe(long.slice(0, 299));
  });

  it('keeps a body of exactly 300 characters whole', () => {
    const body = 'x'.repeat(300);
    expect(bodyExcerpt(body)).toBe(body);
    expect(bodyExcerpt(`${body}y`)).toBe(`${'x'.repeat(299)}…`);
  });

  it('cuts a long HTML page after turning it into text', () => {
    const html = `<html><head><title>Error</title></head><body><p>${'Something failed. '.repeat(40)}</p></body></html>`;
    const excerpt = bodyExcerpt(html, 'text/html');
    expect(excerpt.length).toBeLessThanOrEqual(300);
    expect(excerpt.startsWith('Error: Something failed. Something failed.')).toBe(true);
    expect(excerpt).not.toMatch(/[<>]/);
    expect(excerpt.endsWith('…')).toBe(true);
  });
});
