// Benchmark (not a test): download mode streams a package to disk. The CLI bundle downloads a 200 MiB
// package from the emulator (headers, temp file, length check, rename) and is compared with curl fetching
// the same URL to a file — wall time, pairwise per round — and with itself downloading a 1 KiB package —
// peak RSS (VmHWM, from a preload). Goals: wall ≤ 1.5× curl; peak ≤ 1.2× the 1 KiB download. A reference
// in the same rounds: bare Node — node:http piped into fs.createWriteStream, no tool around it — so the table
// shows how much of a gap is the tool's and how much Node's own.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../packages/emulator/lib/index.js';
import { PEAK_PRELOAD, figure, measure, median, spread } from './bench-lib.mjs';

const MIB = Number(process.env.BENCH_DOWNLOAD_MIB ?? 200);
const ROUNDS = Number(process.env.BENCH_DOWNLOAD_ROUNDS ?? 5);
const KEY = 'bench-download-key-0123456789';
const CLI = 'packages/cli/dist/index.js';
// The textbook Node download (argv: url, file, key), run with -e.
const BARE_NODE = `const [url, file, key] = process.argv.slice(1);
require('node:http').get(url, { headers: { 'X-ApiKey': key } }, (response) =>
  require('node:stream').pipeline(response, require('node:fs').createWriteStream(file), (error) => {
    if (error) throw error;
  }));`;

const emulator = await startEmulator({
  apiKeys: [KEY],
  feeds: {
    files: {
      type: 'universal',
      packages: [
        { name: 'small', version: '1.0.0', size: 1024 },
        { name: 'big', version: '1.0.0', size: MIB * 1024 * 1024 },
      ],
    },
  },
});
const dir = mkdtempSync(join(tmpdir(), 'bench-download-'));
const download = (pkg, extra = []) =>
  measure(process.execPath, [...extra, CLI, 'download', '--server', emulator.url, '--feed', 'files'], {
    env: {
      PROGET_API_KEY: KEY,
      PROGET_PACKAGE: pkg,
      PROGET_TARGET: 'bench',
      PROGET_FEED_TYPE: 'universal',
      PROGET_DOWNLOAD_TO: dir,
    },
  });

try {
  // The URL the CLI GETs, from a dry run, so curl fetches exactly the same bytes.
  const dry = await measure(
    process.execPath,
    [CLI, 'download', '--dry-run', '--server', emulator.url, '--feed', 'files', '--json'],
    {
      env: {
        PROGET_PACKAGE: 'big@1.0.0',
        PROGET_TARGET: 'bench',
        PROGET_FEED_TYPE: 'universal',
        PROGET_DOWNLOAD_TO: dir,
      },
    },
  );
  const url = /GET (\S+)/.exec(dry.stderr + dry.stdout)?.[1];
  if (!url) throw new Error(`no download URL in the dry run:\n${dry.stderr}${dry.stdout}`);
  const curl = () => measure('curl', ['-sSf', '-o', join(dir, 'curl.bin'), '-H', `X-ApiKey: ${KEY}`, url]);
  const smallUrl = url.replace('/big/', '/small/');
  const bare = (from, extra = []) =>
    measure(process.execPath, [...extra, '-e', BARE_NODE, from, join(dir, 'bare.bin'), KEY]);

  await curl(); // warms the emulator and the page cache
  const ratio = [];
  const nodeMs = [];
  const curlMs = [];
  const bigPeak = [];
  const smallPeak = [];
  const bareMs = [];
  const bareBigPeak = [];
  const bareSmallPeak = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const c = await curl();
    const n = await download('big@1.0.0');
    ratio.push(n.ms / c.ms);
    nodeMs.push(n.ms);
    curlMs.push(c.ms);
    bigPeak.push((await download('big@1.0.0', PEAK_PRELOAD)).peakMiB);
    smallPeak.push((await download('small@1.0.0', PEAK_PRELOAD)).peakMiB);
    bareMs.push((await bare(url)).ms);
    bareBigPeak.push((await bare(url, PEAK_PRELOAD)).peakMiB);
    bareSmallPeak.push((await bare(smallUrl, PEAK_PRELOAD)).peakMiB);
  }
  const size = statSync(join(dir, 'big-1.0.0.upack')).size;
  if (size !== MIB * 1024 * 1024) throw new Error(`downloaded ${size} bytes, expected ${MIB} MiB`);
  const peaks = bigPeak.map((p, i) => p / smallPeak[i]);
  console.log(`\nDownload mode, Node ${process.version}, ${ROUNDS} rounds (median, p25–p75)`);
  console.log(`  curl ${MIB} MiB:  ${spread(curlMs, 0)} ms`);
  console.log(
    `  CLI ${MIB} MiB:   ${spread(nodeMs, 0)} ms  (${(MIB / (median(nodeMs) / 1000)).toFixed(0)} MiB/s)`,
  );
  console.log(`  ÷ curl:        ${spread(ratio)}`);
  console.log(
    `  peak RSS:      ${spread(bigPeak, 1)} MiB for ${MIB} MiB, ${spread(smallPeak, 1)} MiB for 1 KiB`,
  );
  console.log(
    `  bare Node:     ${spread(bareMs, 0)} ms, ÷ curl ${spread(
      bareMs.map((b, i) => b / curlMs[i]),
    )}; peak ${spread(bareBigPeak, 1)} MiB for ${MIB} MiB, ${spread(bareSmallPeak, 1)} MiB for 1 KiB, ÷ ${spread(
      bareBigPeak.map((b, i) => b / bareSmallPeak[i]),
    )}  (reference: no goal)`,
  );
  figure(`download ${MIB} MiB: wall ÷ curl`, median(ratio), 1.5, {
    unit: '×',
    note: `${median(nodeMs).toFixed(0)} vs ${median(curlMs).toFixed(0)} ms`,
  });
  figure(`download ${MIB} MiB: peak ÷ 1 KiB download`, median(peaks), 1.2, {
    unit: '×',
    note: `${median(bigPeak).toFixed(1)} vs ${median(smallPeak).toFixed(1)} MiB`,
  });
} finally {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
}
