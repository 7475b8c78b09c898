// Benchmark (not a test): download mode streams to disk. A child process downloads a 200 MB package from the
// emulator through core (headers, temp file, length check, rename) and reports its peak RSS; the baseline is
// the same child downloading a 1 KiB package. Goal: the 200 MB run peaks within ~1.2× of the baseline.

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIG = Number(process.env.BENCH_DOWNLOAD_MIB ?? 200) * 1024 * 1024;
const [, , role, server, directory, pkg] = process.argv;

if (role === 'child') {
  const { recordDeployments, resolvePlan, GITHUB_INPUT_NAMES, silentLogger } =
    await import('../packages/core/lib/index.js');
  const plan = resolvePlan(
    {
      server,
      feed: 'files',
      package: pkg,
      feedType: 'universal',
      target: 'bench',
      mode: 'download',
      downloadTo: directory,
    },
    { application: 'bench' },
    GITHUB_INPUT_NAMES,
  );
  const started = process.hrtime.bigint();
  const report = await recordDeployments(plan, { logger: silentLogger });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (report.outcome !== 'success') throw new Error(report.message);
  console.log(
    // VmHWM, not resourceUsage().maxRSS: on Linux the latter also counts the parent's RSS at fork.
    JSON.stringify({
      maxRssKiB: Number(/VmHWM:\s*(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]),
      seconds,
      file: report.results.at(0).file,
    }),
  );
} else {
  const { startEmulator } = await import('../packages/emulator/lib/index.js');
  const emulator = await startEmulator({
    feeds: {
      files: {
        type: 'universal',
        packages: [
          { name: 'small', version: '1.0.0', size: 1024 },
          { name: 'big', version: '1.0.0', size: BIG },
        ],
      },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'proget-bench-'));
  const child = (spec) => {
    // The emulator lives in this process, so the child must not block it: run it asynchronously.
    return new Promise((resolve, reject) => {
      import('node:child_process').then(({ execFile }) =>
        execFile(
          process.execPath,
          [fileURLToPath(import.meta.url), 'child', emulator.url, dir, spec],
          (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout))),
        ),
      );
    });
  };
  try {
    const runs = [];
    for (let i = 0; i < 3; i += 1)
      runs.push({ small: await child('small@1.0.0'), big: await child('big@1.0.0') });
    const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const idle = median(runs.map((r) => r.small.maxRssKiB)) / 1024;
    const big = median(runs.map((r) => r.big.maxRssKiB)) / 1024;
    const seconds = median(runs.map((r) => r.big.seconds));
    const size = statSync(runs[0].big.file).size;
    console.log(`\nDownload mode, Node ${process.version}, median of ${runs.length} runs`);
    console.log(`  1 KiB package: peak RSS ${idle.toFixed(1)} MiB`);
    console.log(
      `  ${BIG / 1048576} MiB package: peak RSS ${big.toFixed(1)} MiB (${(big / idle).toFixed(2)}× the 1 KiB run), ${seconds.toFixed(2)} s, ${(size / 1048576 / seconds).toFixed(0)} MiB/s, file ${size} bytes`,
    );
    if (size !== BIG) process.exitCode = 1;
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
