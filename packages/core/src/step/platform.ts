import type { ErrorKind } from '../errors.js';
import type { InputMeaning, Platform } from '../inputs/catalogue.js';
import type { InputNames } from '../inputs/names.js';
import type { Logger, OutputChannel, OutputSink } from '../output/sink.js';
import type { ContextDefaults } from '../plan/plan.js';
import type { AgentTransport } from '../plan/transport.js';
import type { RunOutcome, RunReport } from '../report/run-report.js';

/** How a step ended, as a front end reports it (a failed step, an exit code). */
export interface StepResult {
  outcome: RunOutcome;
  /** One line, already made safe by the sink. */
  message: string;
  /**
   * Why a failed step failed, when it was not the records: bad input, or a failure before the plan ran (an
   * environment lookup, a file). Absent when the report tells.
   */
  kind?: ErrorKind;
  report?: RunReport;
}

/**
 * What core needs of a front end to run a whole step. An adapter maps its platform's API onto this (GitHub's
 * toolkit, Azure's task-lib, a terminal) and calls `runStep`; everything else — reading and checking inputs,
 * secrets first, running, outputs, summaries, the verdict — is core's, the same on every front end. Every
 * write passes through the output sink (OutputChannel), which alone calls the writing half of this interface.
 */
export interface StepPlatform extends OutputChannel {
  /** Which front end: the input catalogue's platform, whose names and outputs apply. */
  readonly id: Platform;
  /** Sent as User-Agent. */
  readonly userAgent: string;
  /**
   * Every input name the user gave, as the runner passed them (GitHub: each `with:` key, from its `INPUT_`
   * variable); core warns about each that is not an input on this platform. Absent: the platform checks
   * names itself (the CLI's parser).
   */
  givenInputNames?(): readonly string[];
  /** An input as the user gave it, by meaning; undefined or '' when empty. */
  readInput(meaning: InputMeaning): string | undefined | Promise<string | undefined>;
  /**
   * The inputs as this front end spells them, for messages; asked once every input has been read (Azure's
   * depend on the connection type, the CLI's on whether a flag or a variable gave the value).
   */
  inputNames(): InputNames;
  /** What the run's own context says (user, link, environment, working directory). */
  context(): ContextDefaults;
  /** Looks the one target up when none was given (GitHub: the job's environment, from the REST API). */
  lookUpTarget?(timeoutMs: number, log: Logger): Promise<string>;
  /** The agent's own proxy and certificates for ProGet's URL (Azure). */
  agentTransport?(server: string): AgentTransport | undefined;
  /** Where the records file is written (the runner's or agent's temp folder); absent: no records file. */
  tempDirectory?(): string;
  /** Shows the results (the CLI prints them on stdout, as a table or JSON); absent: the text table is logged. */
  present?(report: RunReport, sink: OutputSink): void;
  /** Ends the step: a failed step, a warning, an exit code. Called once, through the sink. */
  finish(result: StepResult): void;
  /** The process environment (proxies, NODE_EXTRA_CA_CERTS). */
  readonly env: NodeJS.ProcessEnv;
}
