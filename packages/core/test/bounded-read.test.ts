import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { isUtf8 } from 'node:buffer';
import { InvalidInputError } from '../src/errors';
import { jsonTooDeepAt, lineAndColumn } from '../src/files/json-depth';
import { decodeText, readBoundedFile, readTextFile, readTextStream } from '../src/files/read-bounded';

// Every test here must end quickly: the point of the module is that nothing it is given can hang it.
const QUICK = 3000;

const dir = mkdtempSync(join(tmpdir(), 'bounded-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const read = (path: string, maxBytes = 1024, shownPath?: string) =>
  readTextFile(path, { input: 'sbom', maxBytes, ...(shownPath ? { shownPath } : {}) });

/** The one line a refusal says (and that it is the input error every front end reports as bad input). */
function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as Error).message;
  }
  throw new Error('not refused');
}

const linux = process.platform === 'linux';
const onLinux = linux ? it : it.skip;

describe('only a regular file is read, and anything else is refused in one line naming the input', () => {
  let server: Server | undefined;
  afterAll(() => server?.close());

  it(
    'refuses a named pipe with no writer at once, instead of waiting for one forever',
    () => {
      const fifo = join(dir, 'pipe');
      execFileSync('mkfifo', [fifo]);
      expect(refusal(() => read(fifo))).toBe(`sbom "${fifo}" is not a regular file (a named pipe)`);
    },
    QUICK,
  );

  it(
    'refuses a UNIX socket',
    async () => {
      const socket = join(dir, 'socket');
      server = createServer();
      await new Promise<void>((done) => server!.listen(socket, done));
      expect(refusal(() => read(socket))).toBe(`sbom "${socket}" is not a regular file (a socket)`);
    },
    QUICK,
  );

  onLinux(
    'refuses /dev/zero without reading from it',
    () => {
      expect(refusal(() => read('/dev/zero', 64 * 1024 * 1024))).toBe(
        'sbom "/dev/zero" is not a regular file (a character device)',
      );
    },
    QUICK,
  );

  const blockDevice = ['/dev/loop0', '/dev/vda', '/dev/sda'].find((path) => linux && existsSync(path));
  (blockDevice ? it : it.skip)(
    'refuses a block device',
    () => {
      expect(refusal(() => read(blockDevice!))).toBe(
        `sbom "${blockDevice}" is not a regular file (a block device)`,
      );
    },
    QUICK,
  );

  it('refuses a directory', () => {
    const sub = join(dir, 'a-directory');
    mkdirSync(sub);
    expect(refusal(() => read(sub))).toBe(`sbom "${sub}" is not a regular file (a directory)`);
  });

  onLinux(
    'follows a symbolic link to a regular file, and refuses one to /dev/zero',
    () => {
      const target = file('target.json', '{"ok": true}');
      const good = join(dir, 'link-to-file');
      const bad = join(dir, 'link-to-zero');
      symlinkSync(target, good);
      symlinkSync('/dev/zero', bad);
      expect(read(good)).toBe('{"ok": true}');
      expect(refusal(() => read(bad))).toBe(`sbom "${bad}" is not a regular file (a character device)`);
    },
    QUICK,
  );

  it('says a missing file is missing, and where it looked when the path was resolved from another', () => {
    const missing = join(dir, 'missing.json');
    expect(refusal(() => read(missing))).toBe(`sbom "${missing}" cannot be read: no such file`);
    expect(refusal(() => read(missing, 1024, 'missing.json'))).toBe(
      `sbom "missing.json" cannot be read: no such file (looked at ${missing})`,
    );
    expect(refusal(() => read(join(file('plain', 'x'), 'below')))).toBe(
      `sbom "${join(dir, 'plain', 'below')}" cannot be read: no such file`,
    );
  });
});

describe('the byte cap holds while reading', () => {
  it('reads a file of exactly the cap, and refuses one byte more', () => {
    expect(read(file('cap.txt', 'x'.repeat(1024)))).toHaveLength(1024);
    const over = file('cap-plus-one.txt', 'x'.repeat(1025));
    expect(refusal(() => read(over))).toBe(`sbom "${over}" is larger than 1 KiB, the limit for this input`);
  });

  it('refuses a huge (sparse) file from its size, without reading it', () => {
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, 64 * 1024 * 1024 + 1);
    expect(
      refusal(() =>
        readBoundedFile(huge, { input: '--sbom', maxBytes: 64 * 1024 * 1024, shownPath: 'huge.json' }),
      ),
    ).toBe('--sbom "huge.json" is larger than 64 MiB, the limit for this input');
  });

  onLinux('counts what it reads, not what the file says: a /proc file says 0 bytes', () => {
    // /proc/self/status is over a kilobyte, yet its size is 0: only the count while reading can refuse it.
    expect(read('/proc/self/status', 4 * 1024 * 1024)).toContain('Pid:');
    expect(refusal(() => read('/proc/self/status', 100))).toBe(
      'sbom "/proc/self/status" is larger than 100 bytes, the limit for this input',
    );
  });

  it('reads a file larger than one read, in several', () => {
    const big = 'é'.repeat(300_000); // 600,000 bytes: past the first 64 KiB read, several times
    expect(read(file('big.txt', big), 1024 * 1024)).toBe(big);
  });
});

describe('text is UTF-8 or UTF-16 with a byte order mark, and nothing else', () => {
  const text = 'name: café ☕ 𝄞 (a character outside the BMP)\n';
  const bom8 = Buffer.from([0xef, 0xbb, 0xbf]);
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);

  it.each([
    ['UTF-8', Buffer.from(text, 'utf8'), 'UTF-8'],
    ['UTF-8 with a byte order mark', Buffer.concat([bom8, Buffer.from(text, 'utf8')]), 'UTF-8'],
    ['UTF-16LE with a byte order mark', le, 'UTF-16LE'],
    ['UTF-16BE with a byte order mark', be, 'UTF-16BE'],
  ])('reads %s as the same text, without the mark', (_name, bytes, encoding) => {
    expect(decodeText(bytes, { input: 'sbom', shownPath: 'x' })).toEqual({ text, encoding });
    expect(read(file(`text-${encoding}-${bytes.length}`, bytes))).toBe(text);
  });

  it('reads an empty file as empty text', () => {
    expect(read(file('empty', ''))).toBe('');
  });

  it.each([
    ['a lone continuation byte', [0x61, 0x62, 0x80, 0x63], 2],
    ['a Latin-1 é', [...Buffer.from('caf'), 0xe9, 0x20, 0x31], 3],
    ['an overlong encoding of "/"', [0x61, 0xc0, 0xaf], 1],
    ['an encoded surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['a code point beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a sequence cut short by the end of the file', [...Buffer.from('ok '), 0xe2, 0x98], 3],
    ['a sequence cut short by the next character', [0x61, 0xe2, 0x41, 0x41], 1],
  ])('refuses invalid UTF-8 (%s), naming the byte it starts at', (_name, bytes, at) => {
    const path = file(`invalid-${at}-${bytes.join('-')}`, Uint8Array.from(bytes));
    expect(refusal(() => read(path, 1024, 'x.json'))).toBe(`sbom "x.json" is not valid UTF-8 (byte ${at})`);
  });

  it('counts the byte from the start of the file, byte order mark included', () => {
    const bytes = Buffer.concat([bom8, Buffer.from('{"a": "'), Buffer.from([0xff]), Buffer.from('"}')]);
    expect(refusal(() => read(file('bom-then-bad', bytes), 1024, 'x.json'))).toBe(
      'sbom "x.json" is not valid UTF-8 (byte 10)',
    );
  });

  it('names the same byte as a careful reading would, whatever the bytes (5,000 random texts)', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 5_000; n++) {
      // Mostly valid text with a few random bytes in it, so errors fall at every kind of place.
      const parts = Array.from({ length: 1 + Math.floor(random() * 8) }, () =>
        random() < 0.7
          ? Buffer.from(['a', 'é', '☕', '𝄞'][Math.floor(random() * 4)]!)
          : Buffer.from([Math.floor(random() * 256)]),
      );
      const bytes = Buffer.concat(parts);
      if (bytes[0] === 0xef || bytes[0] === 0xff || bytes[0] === 0xfe || bytes[0] === 0 || bytes[1] === 0)
        continue;
      let message = '';
      try {
        decodeText(bytes, { input: 'i', shownPath: 'p' });
      } catch (error) {
        message = (error as Error).message;
      }
      if (isUtf8(bytes)) {
        expect(message).toBe('');
        continue;
      }
      const at = Number(/\(byte (\d+)\)$/.exec(message)?.[1]);
      // Everything before the byte named is valid, and no character starts at it: no 1 to 4 bytes more are.
      expect(isUtf8(bytes.subarray(0, at))).toBe(true);
      for (let k = 1; k <= 4 && at + k <= bytes.length; k++)
        expect(isUtf8(bytes.subarray(0, at + k))).toBe(false);
    }
  });

  it.each([
    ['an unpaired high surrogate', Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x3d, 0xd8, 0x61, 0x00]), 4],
    ['an unpaired low surrogate', Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x00, 0xdc]), 4],
    ['an odd number of bytes', Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x62]), 4],
    ['an unpaired surrogate, big-endian', Buffer.from([0xfe, 0xff, 0x00, 0x61, 0xdc, 0x00]), 4],
  ])('refuses invalid UTF-16 (%s), naming the byte', (_name, bytes, at) => {
    expect(refusal(() => decodeText(bytes, { input: 'sbom', shownPath: 'x.xml' }))).toBe(
      `sbom "x.xml" is not valid UTF-16 (byte ${at})`,
    );
  });

  it('refuses UTF-16 without a byte order mark, and UTF-32, saying how to save it', () => {
    const where = { input: 'sbom', shownPath: 'x.xml' };
    expect(refusal(() => decodeText(Buffer.from('<bom/>', 'utf16le'), where))).toBe(
      'sbom "x.xml" is UTF-16 without a byte order mark: save it as UTF-8, or as UTF-16 with the mark',
    );
    expect(refusal(() => decodeText(Buffer.from('<bom/>', 'utf16le').swap16(), where))).toBe(
      'sbom "x.xml" is UTF-16 without a byte order mark: save it as UTF-8, or as UTF-16 with the mark',
    );
    expect(refusal(() => decodeText(Buffer.from([0xff, 0xfe, 0, 0, 0x3c, 0, 0, 0]), where))).toBe(
      'sbom "x.xml" is UTF-32, which is not read here: save it as UTF-8',
    );
  });
});

describe('standard input is capped while it is read', () => {
  const limits = { input: '--package-file', maxBytes: 1024 };

  it('reads a stream to its end as text, from bytes or strings', async () => {
    await expect(
      readTextStream(Readable.from([Buffer.from('a@1\n'), Buffer.from('b@2\n')]), limits),
    ).resolves.toBe('a@1\nb@2\n');
    await expect(readTextStream(Readable.from(['é@1\n'], { objectMode: true }), limits)).resolves.toBe(
      'é@1\n',
    );
  });

  it(
    'refuses an endless stream at the cap and stops reading it',
    async () => {
      let produced = 0;
      const endless = new Readable({
        read() {
          produced += 100;
          this.push(Buffer.alloc(100, 0x61));
        },
      });
      await expect(readTextStream(endless, limits)).rejects.toThrow(
        '--package-file "-" is larger than 1 KiB, the limit for this input',
      );
      expect(endless.destroyed).toBe(true);
      expect(produced).toBeLessThan(64 * 1024);
    },
    QUICK,
  );

  it('refuses invalid UTF-8 on standard input, naming the byte', async () => {
    await expect(readTextStream(Readable.from([Buffer.from([0x61, 0x0a, 0xff])]), limits)).rejects.toThrow(
      '--package-file "-" is not valid UTF-8 (byte 2)',
    );
  });
});

describe('JSON nesting is measured in one pass, before anything parses it', () => {
  const nest = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  it('accepts the limit and finds the bracket one level deeper', () => {
    expect(jsonTooDeepAt(nest(256), 256)).toBeUndefined();
    expect(jsonTooDeepAt(`{"a": ${nest(256)}}`, 256)).toBe(6 + 255);
    expect(jsonTooDeepAt('{"a": [{"b": [1]}, {"c": {}}]}', 4)).toBeUndefined();
    expect(jsonTooDeepAt('{"a": [{"b": [1]}, {"c": {}}]}', 3)).toBe(13);
  });

  it('skips brackets inside strings, escaped quotes and backslashes included', () => {
    expect(jsonTooDeepAt('["[[[[", "\\"[[[[", "\\\\", "{{{{"]', 1)).toBeUndefined();
    expect(jsonTooDeepAt('["\\\\", [1]]', 1)).toBe(7);
    expect(jsonTooDeepAt('["\\\\\\"[", [1]]', 1)).toBe(10);
    expect(jsonTooDeepAt('"unterminated [[[', 1)).toBeUndefined();
  });

  it('takes linear time on a million levels and on a million escaped quotes', () => {
    const started = Date.now();
    expect(jsonTooDeepAt(nest(1_000_000), 256)).toBe(256);
    expect(jsonTooDeepAt(`["${'\\"'.repeat(1_000_000)}", [[1]]]`, 2)).toBe(2_000_000 + 6);
    expect(Date.now() - started).toBeLessThan(QUICK);
  });

  it('says where an index is as a line and a column', () => {
    expect(lineAndColumn('{\n  "a": [\n    [', 15)).toBe('line 3, column 5');
    expect(lineAndColumn('[[', 1)).toBe('line 1, column 2');
  });
});
