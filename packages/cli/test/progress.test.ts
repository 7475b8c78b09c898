// The progress line for a person watching a large batch at a terminal, driven in-process through main()
// so stderr can be a TTY; and the guarantee that no other line ever lands on top of it.
import { startEmulator, type Emulator } from '@proget-deploy/emulator';
import { main } from '../src/main';
import { StatusStream } from '../src/status-stream';

class Capture {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

const machine = { username: () => 'tester', hostname: () => 'test-host' };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterEach(() => emulator.reset());
afterAll(() => emulator.close());

async function record(packages: number, targets: number, tty: boolean) {
  const args = ['record', '--server', emulator.url, '--feed', 'f'];
  for (let p = 0; p < packages; p += 1) args.push('--package', `pkg-${p}@1.0.0`);
  for (let t = 0; t < targets; t += 1) args.push('--target', `web-${t}`);
  const stdout = new Capture(false);
  const stderr = new Capture(tty);
  const code = await main(args, { env: {}, stdout, stderr, machine, readStdin: async () => '' });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('progress line', () => {
  it('counts a batch of more than 20 records on a terminal, then clears itself', async () => {
    const run = await record(5, 5, true);
    expect(run.code).toBe(0);
    expect(emulator.deployments).toHaveLength(25);
    expect(run.stderr).toContain('\r recorded 25/25');
    expect(run.stderr.endsWith('\r\x1b[K')).toBe(true);
    expect(run.stdout).not.toContain('\r');
  });

  it('stays out of logs (stderr not a TTY) and out of small batches', async () => {
    expect((await record(5, 5, false)).stderr).not.toContain('recorded 25/25');
    expect((await record(4, 5, true)).stderr).not.toContain('\r');
  });

  it('is cleared before any other line is written', () => {
    const out = new Capture(true);
    const status = new StatusStream(out);
    status.progress(1, 30, 1_000);
    status.progress(2, 30, 1_050); // within 100 ms: not redrawn
    status.progress(3, 30, 1_200);
    status.line('a@1 → web: retrying in 1.0 s');
    status.progress(30, 30, 1_210); // the last record is always drawn
    expect(out.text).toBe(
      '\r recorded 1/30\r recorded 3/30\r\x1b[Ka@1 → web: retrying in 1.0 s\n\r recorded 30/30',
    );
  });
});
