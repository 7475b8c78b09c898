import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import {
  GITHUB_INPUT_NAMES,
  readSbom,
  resolvePlan,
  runPlan,
  silentLogger,
} from '@proget-deploy/core/internal';

// Nothing an SBOM path can lead to may hang the step or take long: every test ends in a few seconds.
const QUICK = 5000;

const dir = mkdtempSync(join(tmpdir(), 'sbom-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  writeFileSync(join(dir, name), content);
  return name;
}

const refusal = (name: string) => {
  try {
    readSbom(name, 'sbom', dir);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('not refused');
};

const META = '"metadata": {"component": {"type": "application", "name": "Web", "version": "1.2.3"}}';
const json = (inside: string) => `{"bomFormat": "CycloneDX", "specVersion": "1.5", ${META}, ${inside}}`;
const XML_HEAD =
  '<bom xmlns="http://cyclonedx.org/schema/bom/1.5"><metadata><component type="application">' +
  '<name>Web</name><version>1.2.3</version></component></metadata>';
const xml = (inside: string, declaration = '') => `${declaration}${XML_HEAD}${inside}</bom>`;

/** `levels` components, each inside the one before: two JSON levels each (an array and an object). */
const nestedComponents = (levels: number) =>
  json(
    `"components": ${'[{"type": "library", "name": "a", "components": '.repeat(levels)}[]${'}]'.repeat(levels)}`,
  );

describe('an SBOM that is not a regular file is refused at once, in one line', () => {
  it(
    'refuses /dev/zero instead of reading gigabytes of it',
    () => {
      expect(() => readSbom('/dev/zero', 'sbom', dir)).toThrow(
        'sbom "/dev/zero" is not a regular file (a character device)',
      );
    },
    QUICK,
  );

  it(
    'refuses a named pipe instead of waiting for a writer',
    () => {
      execFileSync('mkfifo', [join(dir, 'sbom.pipe')]);
      expect(refusal('sbom.pipe')).toBe('sbom "sbom.pipe" is not a regular file (a named pipe)');
    },
    QUICK,
  );

  it('refuses a directory', () => {
    expect(refusal('.')).toBe('sbom "." is not a regular file (a directory)');
  });

  it('refuses a file larger than 64 MiB', () => {
    const name = file('huge.cdx.json', '');
    truncateSync(join(dir, name), 64 * 1024 * 1024 + 1);
    expect(refusal(name)).toBe('sbom "huge.cdx.json" is larger than 64 MiB, the limit for this input');
  });
});

describe('nesting is capped at 256 levels, checked in linear time', () => {
  it(
    'refuses 5,000 nested components (which overflowed the stack), naming where',
    () => {
      const name = file('deep-components.cdx.json', nestedComponents(2500));
      expect(refusal(name)).toBe(
        'sbom "deep-components.cdx.json" is not a CycloneDX SBOM: it nests more than 256 levels of arrays and objects (line 1, column 6248)',
      );
    },
    QUICK,
  );

  it(
    'refuses 5,000 nested arrays',
    () => {
      const name = file('deep-arrays.cdx.json', json(`"x": ${'['.repeat(5000)}${']'.repeat(5000)}`));
      expect(refusal(name)).toMatch(
        /it nests more than 256 levels of arrays and objects \(line 1, column \d+\)$/,
      );
    },
    QUICK,
  );

  it('reads a document exactly 256 levels deep', () => {
    // The root object and 127 components (an array and an object each) are 255 levels; their last
    // `components` array is the 256th.
    expect(readSbom(file('deep-ok.cdx.json', nestedComponents(127)), 'sbom', dir)).toMatchObject({
      project: 'Web',
      components: 127,
    });
    expect(refusal(file('deep-over.cdx.json', nestedComponents(128)))).toMatch(/nests more than 256 levels/);
  });

  it(
    'refuses 45,000 nested XML elements (which took 25 s) in well under a second',
    () => {
      const name = file('deep.cdx.xml', xml(`\n${'<a>'.repeat(45_000)}${'</a>'.repeat(45_000)}`));
      const started = Date.now();
      expect(refusal(name)).toBe(
        'sbom "deep.cdx.xml" is not a CycloneDX SBOM: it nests more than 256 levels of elements (line 2, column 766)',
      );
      expect(Date.now() - started).toBeLessThan(QUICK);
    },
    QUICK,
  );

  it('reads XML exactly 256 elements deep', () => {
    // <bom> is the first level; 255 more fit.
    const name = file('deep-ok.cdx.xml', xml(`${'<a>'.repeat(255)}${'</a>'.repeat(255)}`));
    expect(readSbom(name, 'sbom', dir)).toMatchObject({ project: 'Web', build: '1.2.3' });
    expect(refusal(file('deep-over.cdx.xml', xml(`${'<a>'.repeat(256)}${'</a>'.repeat(256)}`)))).toMatch(
      /nests more than 256 levels of elements/,
    );
  });

  it(
    'scans a wide XML document of 200,000 components in linear time',
    () => {
      const component = '<component type="library"><name>a</name><version>1</version></component>';
      const name = file('wide.cdx.xml', xml(`<components>${component.repeat(200_000)}</components>`));
      expect(readSbom(name, 'sbom', dir)).toMatchObject({ components: 200_000 });
    },
    QUICK,
  );
});

describe('encodings: UTF-8 with or without a byte order mark, UTF-16 with one', () => {
  const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const utf16be = (text: string) =>
    Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  const component = '<components><component type="library"><name>café ☕</name></component></components>';

  it('reads a UTF-16LE XML SBOM and sends it as UTF-8, its declaration saying so', () => {
    const declaration = '<?xml version="1.0" encoding="UTF-16"?>\n';
    const sbom = readSbom(file('le.cdx.xml', utf16le(xml(component, declaration))), 'sbom', dir);
    expect(sbom).toMatchObject({ format: 'xml', contentType: 'text/xml', project: 'Web', components: 1 });
    expect(sbom.body).toBe(xml(component, '<?xml version="1.0" encoding="UTF-8"?>\n'));
  });

  it("reads a UTF-16BE XML SBOM without a declaration: UTF-8 is XML's default", () => {
    const sbom = readSbom(file('be.cdx.xml', utf16be(xml(component))), 'sbom', dir);
    expect(sbom.body).toBe(xml(component));
  });

  it('reads UTF-16 JSON and UTF-8 JSON with a byte order mark, sending neither the mark nor UTF-16', () => {
    const text = json('"components": [{"type": "library", "name": "café ☕"}]');
    expect(readSbom(file('le.cdx.json', utf16le(text)), 'sbom', dir).body).toBe(text);
    expect(readSbom(file('be.cdx.json', utf16be(text)), 'sbom', dir).body).toBe(text);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    expect(readSbom(file('bom.cdx.json', bom), 'sbom', dir).body).toBe(text);
  });

  it('refuses invalid UTF-8, naming the byte, instead of sending U+FFFD in its place', () => {
    const text = json('"components": [{"type": "library", "name": "caf');
    const bytes = Buffer.concat([Buffer.from(text), Buffer.from([0xe9]), Buffer.from('"}]}')]);
    expect(refusal(file('latin1.cdx.json', bytes))).toBe(
      `sbom "latin1.cdx.json" is not valid UTF-8 (byte ${Buffer.byteLength(text)})`,
    );
  });

  it('refuses a declaration the bytes contradict, and non-ASCII text in an encoding not read here', () => {
    expect(refusal(file('says-16.cdx.xml', xml('', '<?xml version="1.0" encoding="UTF-16"?>')))).toBe(
      'sbom "says-16.cdx.xml" is not a CycloneDX SBOM: it declares encoding="UTF-16" but is not UTF-16 with a byte order mark',
    );
    expect(
      refusal(file('latin1.cdx.xml', xml(component, "<?xml version='1.0' encoding='ISO-8859-1'?>"))),
    ).toBe(
      'sbom "latin1.cdx.xml" is not a CycloneDX SBOM: it declares encoding="ISO-8859-1" and holds non-ASCII text; only UTF-8 and UTF-16 are read: save it as UTF-8',
    );
  });

  it('says what a Latin-1 XML SBOM declares, which is why it is not valid UTF-8', () => {
    const text = xml(component, '<?xml version="1.0" encoding="ISO-8859-1"?>');
    const name = file('really-latin1.cdx.xml', Buffer.from(text, 'latin1'));
    expect(refusal(name)).toBe(
      `sbom "really-latin1.cdx.xml" is not valid UTF-8 (byte ${text.indexOf('é')}): it declares encoding="ISO-8859-1", but only UTF-8 and UTF-16 are read: save it as UTF-8`,
    );
  });

  it('sends plain ASCII declared as ISO-8859-1 unchanged: it reads the same in both', () => {
    const text = xml('', '<?xml version="1.0" encoding="ISO-8859-1"?>');
    expect(readSbom(file('ascii.cdx.xml', text), 'sbom', dir).body).toBe(text);
  });
});

describe('what ProGet receives', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ anonymous: true, sca: { projects: ['Web'] } });
  });
  afterEach(() => emulator.reset());
  afterAll(() => emulator.close());

  const run = async (sbom: string) =>
    runPlan(
      resolvePlan(
        { server: emulator.url, scaProject: 'Web', scaStage: 'Production', sbom, retries: '0' },
        { application: 'Test CI', workingDirectory: dir },
        GITHUB_INPUT_NAMES,
      ),
      { log: silentLogger },
    );

  it('a UTF-16 XML SBOM arrives as UTF-8 text/xml, its names intact', async () => {
    const body =
      '<?xml version="1.0" encoding="UTF-16"?>' +
      xml('<components><component type="library"><name>café ☕</name></component></components>');
    const name = file(
      'sent.cdx.xml',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]),
    );
    const report = await run(name);
    expect(report.outcome).toBe('success');
    const imported = emulator.requests.find((r) => r.path === '/api/sca/import');
    expect(imported?.headers['content-type']).toBe('text/xml');
    expect(imported?.headers['content-length']).toBe(
      String(Buffer.byteLength(body.replace('encoding="UTF-16"', 'encoding="UTF-8"'), 'utf8')),
    );
    expect(emulator.sca.project('Web')!.builds[0]!.packages).toEqual([{ name: 'café ☕' }]);
  });

  it('nothing is sent when the SBOM is refused', async () => {
    await expect(run('/dev/zero')).rejects.toThrow(
      'sbom "/dev/zero" is not a regular file (a character device)',
    );
    expect(emulator.requests).toEqual([]);
  });
});
