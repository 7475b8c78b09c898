/** The CLI's exit codes and what each means: the help's list and `--json`'s `error.meaning` both come from here. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_NONCOMPLIANT = 3;

export const EXIT_MEANINGS: Record<number, string> = {
  [EXIT_OK]:
    'every record was stored (or failures were forgiven by --on-error warn, or something else was not done, such as an SCA comment; stderr says so)',
  [EXIT_FAILED]: 'a record was not stored (ProGet refused it, or the network failed)',
  [EXIT_USAGE]: 'usage error or invalid input; nothing was sent',
  [EXIT_NONCOMPLIANT]:
    'ProGet judged the SCA build noncompliant (or did not analyse it); what was recorded is recorded (--on-noncompliant warn: exit 0)',
};

export function exitCodesHelp(): string {
  return `Exit codes:\n${Object.entries(EXIT_MEANINGS)
    .map(([code, meaning]) => `  ${code}  ${meaning}`)
    .join('\n')}`;
}
