import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import nodePath from 'node:path';
import { asDeploymentError, fileFailure } from '../errors.js';
import type { PathRules } from '../files/paths.js';
import type { OutputSink } from '../output/sink.js';
import { scaOutput } from '../report/sca-summary.js';
import { recordsOutput, savedFiles, summaryRows, textTable, type SummaryRow } from '../report/summary.js';
import type { RunReport } from '../report/run-report.js';
import { OUTPUT_CATALOGUE, RECORDS_OUTPUT_CHARS, type OutputMeaning } from './output-catalogue.js';
import type { StepPlatform } from './platform.js';

/** Rows gathered into writes of about this many characters: few system calls, little held at once. */
const RECORDS_FILE_CHUNK = 64 * 1024;

/** A new name in the runner's or agent's temp folder (`D:\a\_temp` on a Windows runner, under its rules). */
export function recordsFilePath(directory: string, paths: PathRules = nodePath): string {
  // node:crypto is loaded here, not at start: the CLI writes no records file.
  const { randomUUID } = process.getBuiltinModule('node:crypto');
  return paths.join(directory, `proget-deployments-records-${randomUUID()}.json`);
}

/**
 * All of a text: a write may take only part of it (a disk filling up, a file-size limit) and say so only by
 * the count it returns; the rest is written, or its failure thrown.
 */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset);
}

/**
 * Every row, as one JSON array, in a new file in `directory` (the runner's or agent's temp folder); returns its
 * path. Written row by row, so 100,000 records never sit in memory as one string. A file that could not be
 * written whole is removed: a reader never gets half a list.
 */
export function writeRecordsFile(directory: string, rows: Iterable<SummaryRow>): string {
  const path = recordsFilePath(directory);
  // 'wx': a new file, never one that was already there.
  const fd = openSync(path, 'wx');
  let whole = false;
  try {
    let chunk = '[';
    let first = true;
    for (const row of rows) {
      chunk += `${first ? '' : ','}${JSON.stringify(row)}`;
      first = false;
      if (chunk.length >= RECORDS_FILE_CHUNK) {
        writeAll(fd, chunk);
        chunk = '';
      }
    }
    writeAll(fd, `${chunk}]`);
    whole = true;
  } finally {
    closeSync(fd);
    if (!whole) rmSync(path, { force: true });
  }
  return path;
}

/** The step's outputs, named as the platform names them. */
function outputs(platform: StepPlatform, sink: OutputSink, report: RunReport | undefined): void {
  if (platform.id === 'cli') return;
  const id = platform.id;
  const set = (meaning: OutputMeaning, value: string) => sink.output(OUTPUT_CATALOGUE[meaning][id], value);
  // Rows are made as each output is written (twice, not kept): a batch can be 100,000 records.
  const rows = () => (report ? summaryRows(report, sink) : []);
  const records = recordsOutput(rows(), RECORDS_OUTPUT_CHARS[id]);
  set('records', records.json);
  set('count', String(report?.recorded ?? 0));
  set('files', report ? savedFiles(report) : '');
  set('sca', report?.sca ? JSON.stringify(scaOutput(report.sca, sink)) : '');
  set('compliance', report?.sca?.analysis?.statusText ?? '');
  const unresolved = report?.sca?.analysis?.unresolvedIssueCount;
  set('unresolvedIssues', unresolved === undefined ? '' : String(unresolved));
  const directory = platform.tempDirectory?.();
  if (directory) set('recordsFile', writeRecordsFile(directory, rows()));
  if (records.cut) {
    const file = OUTPUT_CATALOGUE.recordsFile[id];
    sink.warning(
      id === 'github'
        ? `The records output holds only the first records (GitHub limits a job's outputs to 1 MB); all ${report!.results.length} are in the file named by the ${file} output.`
        : `The records output variable holds only the first records (it becomes an environment variable, and those are limited); all ${report!.results.length} are in the file named by ${file}.`,
    );
  }
}

/**
 * The text table in the log, a part (whole lines) per call: a 100,000-record table is never one string. The
 * last part keeps its line end, so the log reads as one call with the whole table did.
 */
function logTable(report: RunReport, sink: OutputSink): void {
  let previous: string | undefined;
  for (const part of textTable(report, sink)) {
    if (previous !== undefined) sink.info(previous.slice(0, -1));
    previous = part;
  }
  if (previous !== undefined) sink.info(previous);
}

/** Where the summary says every record can be read when it shows only the first. */
function fullList(platform: StepPlatform): string {
  return platform.id === 'azure'
    ? `the file named by the ${OUTPUT_CATALOGUE.recordsFile.azure} output variable`
    : `the file named by the ${OUTPUT_CATALOGUE.recordsFile.github} output`;
}

/**
 * The outputs of a step that ran, then its results and summary. Outputs that cannot be written (a full disk, an
 * unwritable GITHUB_OUTPUT) are a file error whose message still says what ProGet stored: a reader must know
 * a re-run would record the deployments again. A summary that cannot be written is only a warning.
 */
export async function publish(platform: StepPlatform, sink: OutputSink, report: RunReport): Promise<void> {
  try {
    outputs(platform, sink, report);
  } catch (error) {
    const cause = fileFailure(error, "the step's outputs could not be written");
    throw cause.retold({
      message: `${report.headline} But ${cause.message}`,
      hint: 'ProGet has what this says it stored; a re-run records those deployments again.',
    });
  }
  if (platform.present) platform.present(report, sink);
  else logTable(report, sink);
  if (!sink.writesSummary) return;
  try {
    const { renderMarkdownSummary } = await import('../report/markdown-summary.js');
    await sink.summary(renderMarkdownSummary(report, sink, { fullList: fullList(platform) }));
  } catch (error) {
    // The records are in ProGet by now: a summary that cannot be written is no reason to fail the step.
    sink.warning(`The job summary was not written: ${asDeploymentError(error).message}`);
  }
}

/** The outputs of a step that stopped before it ran (an outage forgiven): every output set, and empty. */
export function publishNothing(platform: StepPlatform, sink: OutputSink): void {
  outputs(platform, sink, undefined);
}
