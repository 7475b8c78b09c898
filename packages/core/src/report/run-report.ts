import type { StepAction } from '../plan/plan.js';
import type { BatchResults } from '../record/batch-results.js';
import type { PromotionsReport } from '../promote/run-promotions.js';
import type { ScaReport } from '../sca/run-sca.js';

export type RunOutcome = 'success' | 'warning' | 'failure';

/** What a step did: every record's fate, the SCA build's steps, and the verdict on the whole. */
export interface RunReport {
  action: StepAction;
  server: string;
  feed: string;
  dryRun: boolean;
  /** Every record's fate in input order, kept compactly (a batch may hold 100,000 records). */
  results: BatchResults;
  recorded: number;
  failed: number;
  skipped: number;
  /** The SCA build's steps and ProGet's verdict, when an SCA project was set (or the step was an audit). */
  sca?: ScaReport;
  /** With promote-to-feed: each package version's promotion. */
  promotions?: PromotionsReport;
  /** The step failed because ProGet judged the SCA build noncompliant, and for nothing else (the CLI's exit 3). */
  stoppedByVerdict?: boolean;
  /** Records given more than once and sent once (the plan's duplicates). */
  duplicates: number;
  /**
   * success: all recorded (or a dry run); warning: failures that `on-error: warn` forgives, or something beside
   * the deployment not done (an SCA build's comment); failure: the step fails.
   */
  outcome: RunOutcome;
  /** Whether failures were forgiven by `on-error: warn` (a warning may also be a thing not done, a comment say). */
  forgiven: boolean;
  /**
   * The verdict's counts alone ("1 of 2 deployment records not recorded in …"), for a place that already
   * shows each record's fate and says why elsewhere.
   */
  headline: string;
  /** One line for the step's result: the counts, then each distinct failure once and why. */
  message: string;
}
