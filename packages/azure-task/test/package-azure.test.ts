// `pnpm package:azure`: the staged task folder must run as the agent will run it from the installed
// extension, and the .vsix must carry it.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { cleanupTempDirs, completion, runTaskBundle } from '@proget-deploy/testkit';

const ROOT = resolve(__dirname, '../../..');
const STAGED_TASK = join(ROOT, '.staging/azure-extension/ProGetRecordDeployment');
const KEY = 'az-THE-KEY-1234567890';

/** The names in a zip's central directory (a .vsix is a zip). */
function zipEntries(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const nameLength = zip.readUInt16LE(offset + 28);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return names;
}

let emulator: Emulator;
let vsix: string;
let packagingOutput: string;
beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [KEY] });
  // As CI runs it: no AZURE_PUBLISHER.
  const env = { ...process.env };
  delete env.AZURE_PUBLISHER;
  ({ stdout: packagingOutput } = await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'scripts/package-azure.mjs')],
    { cwd: ROOT, timeout: 120_000, env, encoding: 'utf8' },
  ));
  const built = readdirSync(join(ROOT, '.staging/vsix')).filter((name) => name.endsWith('.vsix'));
  expect(built).toHaveLength(1);
  vsix = join(ROOT, '.staging/vsix', built[0]!);
}, 150_000);
afterAll(() => emulator.close());
afterEach(cleanupTempDirs);

describe('package:azure', () => {
  it('builds for a placeholder publisher without AZURE_PUBLISHER, and says so', () => {
    expect(packagingOutput).toContain(
      'package:azure: AZURE_PUBLISHER is not set: building for the placeholder publisher "placeholder-publisher"',
    );
    const staged = JSON.parse(
      readFileSync(join(ROOT, '.staging/azure-extension/vss-extension.json'), 'utf8'),
    );
    const root = JSON.parse(readFileSync(join(ROOT, 'vss-extension.json'), 'utf8'));
    expect(staged).toEqual({ ...root, publisher: 'placeholder-publisher' });
    expect(vsix.endsWith('placeholder-publisher.proget-deployment-records-' + root.version + '.vsix')).toBe(
      true,
    );
  });

  it('stages task.json unchanged but for execution targets inside the task folder', () => {
    const root = JSON.parse(readFileSync(join(ROOT, 'task.json'), 'utf8'));
    const staged = JSON.parse(readFileSync(join(STAGED_TASK, 'task.json'), 'utf8'));
    expect({ ...staged, execution: undefined }).toEqual({ ...root, execution: undefined });
    expect(staged.execution).toEqual({
      Node20_1: { target: 'dist/index.cjs', argumentFormat: '' },
      Node24: { target: 'dist/index.cjs', argumentFormat: '' },
    });
  });

  it('packs the task folder, its CommonJS bundle and notices, icons and overview into the .vsix', () => {
    const entries = zipEntries(readFileSync(vsix));
    expect(entries).toEqual(
      expect.arrayContaining([
        'extension.vsixmanifest',
        'extension.vsomanifest',
        'overview.md',
        'LICENSE',
        'images/icon.png',
        'images/screenshot-summary.png',
        'ProGetRecordDeployment/task.json',
        'ProGetRecordDeployment/icon.png',
        'ProGetRecordDeployment/dist/index.cjs',
        'ProGetRecordDeployment/dist/licenses.txt',
      ]),
    );
    expect(entries.filter((e) => e.includes('node_modules') || e.endsWith('.ts'))).toEqual([]);
  });

  it("stages the task's 32×32 icon next to its task.json, and the 128×128 one for the extension", () => {
    const size = (path: string) => {
      const png = readFileSync(path);
      return [png.readUInt32BE(16), png.readUInt32BE(20)];
    };
    expect(size(join(STAGED_TASK, 'icon.png'))).toEqual([32, 32]);
    expect(size(join(ROOT, '.staging/azure-extension/images/icon.png'))).toEqual([128, 128]);
  });

  it('the staged bundle records a deployment as the agent would run it from the extension', async () => {
    const run = await runTaskBundle(
      {
        INPUT_CONNECTIONTYPE: 'manual',
        INPUT_SERVER: emulator.url,
        INPUT_APIKEY: KEY,
        INPUT_FEED: 'internal',
        INPUT_PACKAGE: 'acme/web@1.2.3',
        ENVIRONMENT_NAME: 'production',
      },
      { bundle: join(STAGED_TASK, 'dist/index.cjs') },
    );
    expect(completion(run).properties.result).toBe('Succeeded');
    expect(emulator.deployments.map((d) => [d.record.PackageName, d.record.Target])).toEqual([
      ['web', 'production'],
    ]);
  });
});
