/** Pure rules about the text of import and export files. */

const candidates = [',', ';', '\t', '|'] as const;

/**
 * The separator of a CSV, guessed from its first lines: the candidate that appears outside
 * quotes the same, non-zero number of times on most lines. Ties go to the comma.
 */
export function sniffDelimiter(sample: string): string {
  const lines: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of sample) {
    if (char === '"') quoted = !quoted;
    if (!quoted && (char === '\n' || char === '\r')) {
      if (current.trim()) lines.push(current);
      current = '';
      if (lines.length >= 20) break;
      continue;
    }
    current += char;
  }
  if (current.trim() && lines.length < 20) lines.push(current);
  let best: string = ',';
  let bestScore = 0;
  for (const candidate of candidates) {
    const counts = lines.map((line) => countOutsideQuotes(line, candidate));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((count) => count === first).length;
    const score = consistent * 1000 + first;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let quoted = false;
  let count = 0;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === delimiter) count += 1;
  }
  return count;
}

const formulaStarts = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * A cell made safe to open in a spreadsheet: text starting with =, +, -, @, tab or CR would be
 * read as a formula (CSV injection), so it gets a leading apostrophe, which spreadsheets show
 * as text. Everything else is returned unchanged.
 */
export function neutraliseFormula(value: string): string {
  return value.length > 0 && formulaStarts.has(value[0]!) ? `'${value}` : value;
}
