/** "Did you mean": the known names closest to an unknown one. */

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Up to `max` candidates within a few edits of `name`, or containing it (or contained in it), closest first. */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const n = name.toLowerCase();
  const limit = Math.max(1, Math.floor(n.length / 3));
  const scored: Array<[string, number]> = [];
  for (const c of new Set(candidates)) {
    const d = editDistance(n, c);
    const related = n.length >= 3 && (c.includes(n) || n.includes(c)) && c.length >= 3;
    if (d <= limit || related) scored.push([c, related ? Math.min(d, limit) : d]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, max).map(([c]) => c);
}
