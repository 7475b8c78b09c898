// A Windows runner's paths, checked on any machine: the code that combines paths takes the OS's rules as a
// parameter (node:path by default), and these tests pass path.win32, so they see what a windows-latest runner
// or a Windows agent gets from the very same code. CI runs the whole suite on Windows as well.
import path from 'node:path';
import { destinationIn } from '../src/download/plan-downloads';
import { fromWorkingDirectory } from '../src/files/paths';
import { GITHUB_INPUT_NAMES } from '../src/inputs/names';
import { parsePackageSpecs } from '../src/inputs/package-spec';
import { checkDownloadInputs } from '../src/plan/download';
import { checkInputs } from '../src/plan/resolve';
import { recordsFilePath } from '../src/step/publish';

const AGENT_SOURCES = 'C:\\agent\\_work\\1\\s'; // System.DefaultWorkingDirectory on a Windows agent
const WORKSPACE = 'D:\\a\\repo\\repo'; // GITHUB_WORKSPACE on windows-latest

describe('download-to, from a Windows working directory', () => {
  const directory = (downloadTo: string | undefined, workingDirectory = AGENT_SOURCES) =>
    checkDownloadInputs(
      { ...(downloadTo === undefined ? {} : { downloadTo }), allowCrossOriginKey: false },
      GITHUB_INPUT_NAMES,
      { server: 'https://proget.example.com', packages: 1, workingDirectory },
      path.win32,
    ).directory;

  it.each([
    [undefined, AGENT_SOURCES],
    ['drop', 'C:\\agent\\_work\\1\\s\\drop'],
    ['drop\\web', 'C:\\agent\\_work\\1\\s\\drop\\web'],
    ['drop/web', 'C:\\agent\\_work\\1\\s\\drop\\web'],
    ['..\\packages', 'C:\\agent\\_work\\1\\packages'],
    ['\\drop', 'C:\\drop'], // rooted on the working directory's drive
    ['D:\\cache', 'D:\\cache'],
    ['\\\\fileserver\\share\\drop', '\\\\fileserver\\share\\drop'],
  ])('%j → %s', (downloadTo, expected) => {
    expect(directory(downloadTo)).toBe(expected);
  });

  it("takes GitHub's workspace the same way", () => {
    expect(directory('artifacts', WORKSPACE)).toBe('D:\\a\\repo\\repo\\artifacts');
  });
});

describe('the file a download writes stays in the download folder', () => {
  const refusal = (fileName: string, folder = WORKSPACE): string => {
    try {
      destinationIn(
        folder,
        fileName,
        (why) => {
          throw new Error(why);
        },
        path.win32,
      );
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  };
  const destination = (fileName: string, folder = WORKSPACE) =>
    destinationIn(
      folder,
      fileName,
      (why) => {
        throw new Error(why);
      },
      path.win32,
    );

  it('puts a plain name directly in the folder, whatever separator ends the folder', () => {
    expect(destination('web-1.2.3.upack')).toBe('D:\\a\\repo\\repo\\web-1.2.3.upack');
    expect(destination('web-1.2.3.upack', 'D:\\a\\repo\\repo\\')).toBe('D:\\a\\repo\\repo\\web-1.2.3.upack');
    expect(destination('web-1.2.3.upack', 'D:/a/repo/repo')).toBe('D:\\a\\repo\\repo\\web-1.2.3.upack');
  });

  it.each([
    ['a\\b.tgz', 'the file name "a\\b.tgz" is not a plain file name'],
    ['..\\..\\x', 'the file name "..\\..\\x" is not a plain file name'],
    ['web-..\\..\\x.upack', 'the file name "web-..\\..\\x.upack" is not a plain file name'],
    ['..', 'the file name ".." is not a plain file name'],
    // A drive-relative name (C:x resolves on drive C, elsewhere) and an NTFS stream (x:hidden) are refused.
    ['C:x', 'the file name "C:x" is not a plain file name'],
    ['web.upack:hidden', 'the file name "web.upack:hidden" is not a plain file name'],
  ])('refuses %j', (fileName, message) => {
    expect(refusal(fileName)).toBe(message);
  });

  it('never gets as far as a file name from a version like ..\\..\\x: the spec is refused first', () => {
    expect(() => parsePackageSpecs('web@..\\..\\x')).toThrow('the version "..\\..\\x" is path-like');
  });
});

it("writes the records file into the runner's temp folder", () => {
  const file = /^D:\\a\\_temp\\proget-deployments-records-[0-9a-f-]{36}\.json$/;
  expect(recordsFilePath('D:\\a\\_temp', path.win32)).toMatch(file);
  expect(recordsFilePath('D:\\a\\_temp\\', path.win32)).toMatch(file);
});

it('reads an SBOM path from the working directory, or as given when absolute', () => {
  expect(fromWorkingDirectory(AGENT_SOURCES, 'out\\web.cdx.json', path.win32)).toBe(
    'C:\\agent\\_work\\1\\s\\out\\web.cdx.json',
  );
  expect(fromWorkingDirectory(WORKSPACE, 'D:\\sboms\\web.cdx.json', path.win32)).toBe(
    'D:\\sboms\\web.cdx.json',
  );
});

it('reads CA file paths one per line, CRLF or LF, and names the one that cannot be read as written', () => {
  const check = () =>
    checkInputs(
      {
        server: 'https://proget.example.com',
        feed: 'internal',
        package: 'web@1.2.3',
        target: 'production',
        caCert: 'C:\\agent\\certs\\missing-ca.pem\r\nD:\\certs\\other.pem\r\n',
      },
      { application: 'app', description: 'd', targets: [], targetHint: '' },
      GITHUB_INPUT_NAMES,
      { env: {} },
    );
  expect(check).toThrow('ca-cert "C:\\agent\\certs\\missing-ca.pem" cannot be read: no such file');
});
