import { Redactor } from '../src/output/redactor.js';

const KEY = 's3cr3t/K+ey';

describe('Redactor.redact', () => {
  const redactor = new Redactor([KEY]);

  it('masks the key itself, wherever it appears', () => {
    expect(redactor.redact(`X-ApiKey: ${KEY}; again ${KEY}!`)).toBe('X-ApiKey: ***; again ***!');
  });

  it('masks the URL-encoded key', () => {
    expect(encodeURIComponent(KEY)).toBe('s3cr3t%2FK%2Bey');
    expect(redactor.redact('GET /upack/feed?token=s3cr3t%2FK%2Bey')).toBe('GET /upack/feed?token=***');
  });

  it('masks the base64 of api:KEY, as sent in basic auth', () => {
    const basic = Buffer.from(`api:${KEY}`).toString('base64');
    expect(redactor.redact(`Authorization: Basic ${basic}`)).toBe('Authorization: Basic ***');
  });

  it('trims the secret it is given', () => {
    expect(new Redactor([`  ${KEY}\n`]).redact(`key ${KEY}`)).toBe('key ***');
  });

  it('leaves text without secrets alone', () => {
    expect(redactor.redact('Recorded 2 deployments in ProGet feed "npm".')).toBe(
      'Recorded 2 deployments in ProGet feed "npm".',
    );
  });

  it.each([
    [
      'https://proget.example/api/package-deployment/?key=abc123',
      'https://proget.example/api/package-deployment/?key=***',
    ],
    ['https://proget.example/x?feed=npm&key=abc123&y=1', 'https://proget.example/x?feed=npm&key=***&y=1'],
    ['https://proget.example/x?apikey=abc123#top', 'https://proget.example/x?apikey=***#top'],
    ['https://proget.example/x?api_key=abc123', 'https://proget.example/x?api_key=***'],
    ['https://proget.example/x?api-key=abc123', 'https://proget.example/x?api-key=***'],
    ['https://proget.example/x?KEY=abc123 failed', 'https://proget.example/x?KEY=*** failed'],
  ])('masks an unregistered key in a URL query: %s', (text, expected) => {
    expect(new Redactor().redact(text)).toBe(expected);
  });

  it('does not mask query parameters that merely end in "key"', () => {
    expect(new Redactor().redact('https://x/?monkey=1&sortkey=2')).toBe('https://x/?monkey=1&sortkey=2');
  });

  it('masks user:password@ in a URL', () => {
    expect(new Redactor().redact('proxy http://bob:hunter2@proxy.corp:8080/ refused')).toBe(
      'proxy http://***@proxy.corp:8080/ refused',
    );
    expect(new Redactor().redact('https://api:abc123@proget.example/feeds')).toBe(
      'https://***@proget.example/feeds',
    );
  });

  it('keeps a URL with a user name but no password, and e-mail addresses', () => {
    expect(new Redactor().redact('https://git@github.example/x and ada@example.com')).toBe(
      'https://git@github.example/x and ada@example.com',
    );
  });

  it('does not register strings shorter than three characters', () => {
    const r = new Redactor(['ab', 'x', '', undefined, '  ']);
    expect(r.redact('a blob about x, ab and abc')).toBe('a blob about x, ab and abc');
    expect(new Redactor(['abc']).redact('a blob about abc')).toBe('a blob about ***');
  });

  it('masks a longer secret whole before a shorter one it contains', () => {
    const r = new Redactor(['abc', 'abcdef-123']);
    expect(r.redact('one abcdef-123 two abc')).toBe('one *** two ***');
    r.add('zz-abcdef-123-zz');
    expect(r.redact('[zz-abcdef-123-zz]')).toBe('[***]');
  });

  it('masks secrets added after construction', () => {
    const r = new Redactor();
    r.add('later-key');
    expect(r.redact('it was later-key')).toBe('it was ***');
  });
});

describe('Redactor.redactDeep', () => {
  it('masks every string while keeping the shape, keys and non-string values', () => {
    const r = new Redactor([KEY]);
    const value = {
      message: `failed with ${KEY}`,
      count: 2,
      ok: false,
      missing: null,
      nothing: undefined,
      rows: [
        { url: 'https://p.example/?key=zzz', attempts: 3 },
        `Basic ${Buffer.from(`api:${KEY}`).toString('base64')}`,
      ],
      nested: { deeper: { list: [KEY, 7] } },
    };
    expect(r.redactDeep(value)).toStrictEqual({
      message: 'failed with ***',
      count: 2,
      ok: false,
      missing: null,
      nothing: undefined,
      rows: [{ url: 'https://p.example/?key=***', attempts: 3 }, 'Basic ***'],
      nested: { deeper: { list: ['***', 7] } },
    });
  });

  it('does not change the value it is given', () => {
    const r = new Redactor([KEY]);
    const value = { a: [KEY] };
    r.redactDeep(value);
    expect(value).toEqual({ a: [KEY] });
  });

  it('passes plain strings, numbers and undefined through', () => {
    const r = new Redactor([KEY]);
    expect(r.redactDeep(KEY)).toBe('***');
    expect(r.redactDeep(42)).toBe(42);
    expect(r.redactDeep(undefined)).toBeUndefined();
  });
});
