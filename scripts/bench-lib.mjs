// Shared by the benchmark scripts (not tests): child processes measured for wall time and peak memory,
// robust statistics, and the figure lines scripts/bench.mjs collects into its table.
import { spawn } from 'node:child_process';

// Preloaded into a measured process: prints its peak resident set size as it exits. VmHWM, not
// resourceUsage().maxRSS: on Linux the latter also counts the parent's RSS at fork, before exec.
const PRINT_PEAK =
  "process.on('exit',()=>process.stderr.write('\\nBENCH_PEAK_KIB='+/VmHWM:\\s*(\\d+)/.exec(process.getBuiltinModule('node:fs').readFileSync('/proc/self/status','utf8'))[1]+'\\n'))";
export const PEAK_PRELOAD = ['--import', `data:text/javascript,${encodeURIComponent(PRINT_PEAK)}`];

/**
 * Runs `command args` to its end; resolves its wall time (spawn to exit), exit code, output and peak RSS
 * (when PEAK_PRELOAD is among the args). `ok` decides whether the run counts; a failed run throws.
 */
export function measure(command, args, { env = {}, ok = (r) => r.code === 0, input } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH, ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    if (input !== undefined) child.stdin.end(input);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const peakMiB = Number(/BENCH_PEAK_KIB=(\d+)/.exec(stderr)?.[1] ?? NaN) / 1024;
      const result = { ms, code, signal, stdout, stderr, peakMiB };
      if (!ok(result)) {
        reject(
          new Error(
            `${command} ${args.join(' ').slice(0, 200)} failed (${code ?? signal}):\n${stderr.slice(-2000)}`,
          ),
        );
      } else resolve(result);
    });
  });
}

export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
}

export const median = (values) => quantile(values, 0.5);

/** `median (p25–p75)`: the spread a reader needs to judge a figure from a busy machine. */
export function spread(values, digits = 2) {
  return `${median(values).toFixed(digits)} (${quantile(values, 0.25).toFixed(digits)}–${quantile(values, 0.75).toFixed(digits)})`;
}

/**
 * One figure for bench.mjs's table, printed as a line it picks out of this script's output: what was
 * measured, the value (a number), its goal (value ≤ goal passes; with `better: 'higher'`, value ≥ goal) and
 * how to show them.
 */
export function figure(name, value, goal, { unit = '', digits = 2, note = '', better = 'lower' } = {}) {
  const line = { name, value, goal, unit, digits, note, better, node: process.versions.node };
  console.log(`BENCH_FIGURE ${JSON.stringify(line)}`);
}

/** Whether a figure meets its goal. */
export const meets = (f) => (f.better === 'higher' ? f.value >= f.goal : f.value <= f.goal);
