/**
 * Every output of the action and the task, once: names, what each holds, and the records output's size limit
 * per platform. action.yml's `outputs`, task.json's `outputVariables` and the agent's list of variables the
 * task may set (`restrictions.settableVariables`) are written from here by `pnpm sync`.
 */
export interface OutputEntry {
  github: string;
  azure: string;
  /** What it holds, per platform (Markdown). */
  help: { github: string; azure: string };
}

export const OUTPUT_CATALOGUE = {
  records: {
    github: 'records',
    azure: 'records',
    help: {
      github:
        "JSON array, one entry per record: package, group, name, version, target, outcome (recorded, failed, skipped, dry-run), attempts, link (the version's page in ProGet), error, file (download mode), promotion (with `promote-to-feed`), record (as sent). At most 256,000 characters of whole records (GitHub allows 1 MB of outputs per job); every record is in `records-file`.",
      azure:
        'JSON array, one object per record: package, group, name, version, target, outcome (recorded, failed, skipped, dry-run), attempts, link, promotion (with promoteToFeed), the record sent and any error. At most 32,000 characters of whole records (it becomes an environment variable); every record is in recordsFile.',
    },
  },
  count: {
    github: 'count',
    azure: 'count',
    help: {
      github: 'Number of records ProGet stored (0 in a dry run).',
      azure: 'How many deployment records ProGet stored (0 in a dry run).',
    },
  },
  files: {
    github: 'files',
    azure: 'files',
    help: {
      github: 'Download mode, the package files saved, one path per line (empty otherwise).',
      azure: 'Download mode: the package files saved, one path per line (empty otherwise).',
    },
  },
  sca: {
    github: 'sca',
    azure: 'sca',
    help: {
      github:
        "With `sca-project` (or in audit mode), a JSON object: project, build, stage, url (the build's page in ProGet), analysis, verdict (ProGet's statusCode, statusText, issue counts), issues (number, type, purl, vulnerability; at most 20), sbom, and steps (build, sbom, promote, audit, comment) each with outcome (done, failed, skipped, dry-run), attempts, request and error. Empty otherwise.",
      azure:
        "With scaProject (or in audit mode), a JSON object: project, build, stage, url (the build's page in ProGet), analysis, verdict (ProGet's statusCode, statusText, issue counts), issues (at most 20), sbom, and steps (build, sbom, promote, audit, comment) each with outcome, attempts, request and error. Empty otherwise.",
    },
  },
  recordsFile: {
    github: 'records-file',
    azure: 'recordsFile',
    help: {
      github: 'Path of a JSON file in RUNNER_TEMP with every record, in the form of `records`.',
      azure: 'Path of a JSON file in Agent.TempDirectory with every record, in the form of records.',
    },
  },
  compliance: {
    github: 'compliance',
    azure: 'compliance',
    help: {
      github:
        "ProGet's verdict on the SCA build after the promotion or audit (its statusText: Compliant, Warn, Noncompliant, Inconclusive); empty when no SCA step ran.",
      azure:
        "ProGet's verdict on the SCA build after the promotion or audit (its statusText: Compliant, Warn, Noncompliant, Inconclusive); empty when no SCA step ran.",
    },
  },
  unresolvedIssues: {
    github: 'unresolved-issues',
    azure: 'unresolvedIssues',
    help: {
      github:
        "How many of the SCA build's issues are unresolved, as ProGet counted them; empty when no SCA step ran.",
      azure:
        "How many of the SCA build's issues are unresolved, as ProGet counted them; empty when no SCA step ran.",
    },
  },
} as const satisfies Record<string, OutputEntry>;

export type OutputMeaning = keyof typeof OUTPUT_CATALOGUE;

export const OUTPUT_ENTRIES = Object.entries(OUTPUT_CATALOGUE).map(([meaning, entry]) => ({
  ...(entry as OutputEntry),
  meaning: meaning as OutputMeaning,
}));

/**
 * The `records` output's size: GitHub allows 1 MB of outputs per job, counted as UTF-16 (docs.github.com/en/
 * actions/writing-workflows/choosing-what-your-workflow-does/passing-information-between-jobs), and `records`
 * takes at most a quarter of it; Azure's output variables become environment variables of later steps, and
 * Windows caps one at 32,767 characters (learn.microsoft.com/windows/win32/procthread/environment-variables).
 */
export const RECORDS_OUTPUT_CHARS = { github: 256_000, azure: 32_000 } as const;
