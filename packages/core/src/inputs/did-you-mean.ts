/**
 * Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`: the optimal string alignment
 * distance. A swap counts as one edit because swapped letters (`--sevrer`) are among the commonest typos.
 */
function editDistance(a: string, b: string): number {
  // rows[i][j]: the distance between the first i characters of a and the first j of b.
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const substitution = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(
        rows[i - 1]![j]! + 1,
        rows[i]![j - 1]! + 1,
        rows[i - 1]![j - 1]! + substitution,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = distance;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The known name the user most likely meant by a name that is none of them, or undefined when none is close
 * enough to be a typo: at most one edit in three characters typed (one for `fed`, two for `sca-stag`), so a
 * word of its own (`--force`) gets no suggestion rather than a wrong one. Case is ignored, as the runners
 * ignore it; a tie goes to the earlier name, so the order of `known` (the catalogue's) decides.
 */
export function didYouMean(typed: string, known: readonly string[]): string | undefined {
  const wanted = typed.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(wanted.length / 3)) + 1;
  for (const name of known) {
    const distance = editDistance(wanted, name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}
