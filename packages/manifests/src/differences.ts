/**
 * How a manifest's inputs (or outputs) differ from the catalogue's, one line per difference: an input missing, what
 * `fieldDifferences` finds in each input both have, an input the catalogue lacks, and (when nothing else
 * differs) the order. action.yml and task.json differ only in their fields.
 */
export function inputDifferences<Have extends { name?: unknown }, Want extends { name: string }>(
  file: string,
  actual: Have[],
  expected: Want[],
  fieldDifferences: (have: Have, want: Want) => string[],
  kind: 'input' | 'output' = 'input',
): string[] {
  const problems: string[] = [];
  for (const want of expected) {
    const have = actual.find((input) => input.name === want.name);
    if (!have) {
      problems.push(`${file}: ${kind} ${want.name} is missing (the catalogue has it)`);
      continue;
    }
    problems.push(...fieldDifferences(have, want));
  }
  for (const have of actual) {
    if (!expected.some((want) => want.name === have.name))
      problems.push(`${file} ${kind} ${String(have.name)}: not in the catalogue`);
  }
  if (problems.length === 0 && actual.map((i) => i.name).join() !== expected.map((i) => i.name).join())
    problems.push(`${file}: the ${kind}s are not in the catalogue's order`);
  return problems;
}
