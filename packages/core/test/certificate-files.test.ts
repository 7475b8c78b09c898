import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from '@proget-deploy/testkit';
import { resolveTransport, type AgentTransport } from '../src/plan/transport';

/** What the plan reads for the connection: the CA files as given, and the agent's own certificates. */
function readTrust(
  given: { caCertPaths?: string[]; caCertInput?: string; agent?: AgentTransport },
  env: NodeJS.ProcessEnv = {},
) {
  return resolveTransport(
    {
      caCertPaths: given.caCertPaths ?? [],
      caCertInput: given.caCertInput ?? 'ca-cert',
      insecure: false,
      agent: given.agent,
    },
    env,
  );
}

// A CA or client certificate path that leads to a pipe or a device must not hang the step or fill memory.
const QUICK = 3000;

const fixtures = FIXTURES;
const CA = readFileSync(join(fixtures, 'ca.pem'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'certificate-files-'));
const fifo = join(dir, 'ca.pipe');
execFileSync('mkfifo', [fifo]);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const refusal = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('not refused');
};

describe('CA files are bounded reads of regular files', () => {
  it(
    'refuses a named pipe or /dev/zero as ca-cert, naming the input as the user spelt it',
    () => {
      expect(refusal(() => readTrust({ caCertPaths: [fifo], caCertInput: '--ca-cert' }))).toBe(
        `--ca-cert "${fifo}" is not a regular file (a named pipe)`,
      );
      expect(refusal(() => readTrust({ caCertPaths: ['/dev/zero'] }))).toBe(
        'ca-cert "/dev/zero" is not a regular file (a character device)',
      );
    },
    QUICK,
  );

  it('refuses NODE_EXTRA_CA_CERTS pointing at /dev/zero, naming the variable', () => {
    const ca = file('ok.pem', CA);
    expect(refusal(() => readTrust({ caCertPaths: [ca] }, { NODE_EXTRA_CA_CERTS: '/dev/zero' }))).toBe(
      'NODE_EXTRA_CA_CERTS "/dev/zero" is not a regular file (a character device)',
    );
  });

  it('refuses a CA file larger than 1 MiB', () => {
    const big = file('big.pem', `${CA}\n${'#'.repeat(1024 * 1024)}`);
    expect(refusal(() => readTrust({ caCertPaths: [big] }))).toBe(
      `ca-cert "${big}" is larger than 1 MiB, the limit for this input`,
    );
  });

  it('reads a PEM saved as UTF-16 with a byte order mark, or UTF-8 with one', () => {
    const utf16 = file('utf16.pem', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CA, 'utf16le')]));
    const bom = file('bom.pem', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CA)]));
    expect(() => readTrust({ caCertPaths: [utf16, bom] })).not.toThrow();
  });

  it('refuses a CA file that is not text, naming the byte', () => {
    const binary = file('der.cer', Buffer.from([0x30, 0x82, 0x03, 0x33, 0x30, 0x82]));
    expect(refusal(() => readTrust({ caCertPaths: [binary] }))).toBe(
      `ca-cert "${binary}" is not valid UTF-8 (byte 1)`,
    );
  });
});

describe("client certificate files (the Azure agent's) are bounded reads too", () => {
  it(
    'refuses a named pipe as the key and /dev/zero as the archive',
    () => {
      const cert = file('client.pem', CA);
      expect(
        refusal(() => readTrust({ agent: { clientCertificate: { certFile: cert, keyFile: fifo } } })),
      ).toBe(`client certificate key "${fifo}" is not a regular file (a named pipe)`);
      expect(refusal(() => readTrust({ agent: { clientCertificate: { pfxFile: '/dev/zero' } } }))).toBe(
        'client certificate archive "/dev/zero" is not a regular file (a character device)',
      );
    },
    QUICK,
  );
});
