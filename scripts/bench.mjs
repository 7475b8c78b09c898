// `pnpm bench`: every benchmark on Node 20 (this node) and Node 24 (npm's `node` package, installed on first
// use by scripts/node24.mjs), then one table: each figure beside its goal on both. The
// scripts print their own detail (medians with p25–p75) as they go; lines starting BENCH_FIGURE are the
// figures collected here. BENCH_ONLY=cold,batch,download,throughput picks scripts; BENCH_NODES=20 or 24 one Node.
// The table ends with the date and the machine, as docs/development.md keeps the last measured figures.
import { execFileSync, spawn } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { meets } from './bench-lib.mjs';
import { ensureNode24 } from './node24.mjs';

const SCRIPTS = {
  cold: 'scripts/bench-cold.mjs',
  download: 'scripts/bench-download.mjs',
  batch: 'scripts/bench-batch.mjs',
  throughput: 'scripts/bench-throughput.mjs',
};
const only = (process.env.BENCH_ONLY ?? Object.keys(SCRIPTS).join(',')).split(',');
const nodes = (process.env.BENCH_NODES ?? '20,24').split(',');

function node24() {
  const path = ensureNode24();
  return { label: `Node ${execFileSync(path, ['--version'], { encoding: 'utf8' }).trim()}`, path };
}

const binaries = [];
if (nodes.includes('20')) binaries.push({ label: `Node ${process.version}`, path: process.execPath });
if (nodes.includes('24')) binaries.push(node24());

function runScript(binary, script) {
  return new Promise((resolve, reject) => {
    const figures = [];
    // Throughput has no goal here; 300 records (not its own 1,000) keep `pnpm bench` within minutes.
    const env = { BENCH_RECORDS: '300', ...process.env };
    const child = spawn(binary, [script], { stdio: ['ignore', 'pipe', 'inherit'], env });
    let rest = '';
    child.stdout.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) {
        if (line.startsWith('BENCH_FIGURE ')) figures.push(JSON.parse(line.slice(13)));
        else console.log(line);
      }
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(figures) : reject(new Error(`${binary} ${script} exited ${code}`)),
    );
  });
}

const startLoad = loadavg()[0];
const table = new Map(); // figure name → { goal, unit, digits, byNode: { label: figure } }
// Alternating Nodes script by script, so a busy spell of the machine does not land on one Node only.
for (const key of only) {
  for (const binary of binaries) {
    console.log(`\n=== ${key} on ${binary.label}`);
    for (const f of await runScript(binary.path, SCRIPTS[key])) {
      const row = table.get(f.name) ?? { ...f, byNode: {} };
      row.byNode[binary.label] = f;
      table.set(f.name, row);
    }
  }
}

/** The machine, as the figures' caption names it: a shared machine's load is part of the figures. */
function machine(load) {
  const cpu = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  const gib = Math.round(totalmem() / 2 ** 30);
  return `${cpus().length} cores (${cpu}), ${gib} GiB, ${process.platform} ${release()}; load average ${load.toFixed(1)} at the start`;
}

const goalOf = (f) => `${f.better === 'higher' ? '≥' : '≤'} ${f.goal.toFixed(f.digits)}${f.unit}`;
const show = (f) => `${f.value.toFixed(f.digits)}${f.unit} ${meets(f) ? 'ok' : 'MISSED'}`;
console.log(`\n| figure | goal | ${binaries.map((b) => b.label).join(' | ')} |`);
console.log(`| --- | --- | ${binaries.map(() => '---').join(' | ')} |`);
for (const [name, row] of table) {
  // A goal that differs by Node (a figure measured before, on each) is shown in each Node's cell.
  const perNode = new Set(Object.values(row.byNode).map(goalOf)).size > 1;
  const cells = binaries.map((b) => {
    const f = row.byNode[b.label];
    const notes = [...(perNode ? [`goal ${goalOf(f)}`] : []), ...(f?.note ? [f.note] : [])];
    return f ? `${show(f)}${notes.length ? ` (${notes.join('; ')})` : ''}` : '–';
  });
  console.log(`| ${name} | ${perNode ? 'per Node' : goalOf(row)} | ${cells.join(' | ')} |`);
}
console.log(`\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine(startLoad)}.`);
