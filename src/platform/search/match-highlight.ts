/**
 * Pure helpers that say where a search matched inside a value, as character ranges the UI marks.
 * Ranges, not HTML, so a value is never interpreted as markup.
 */

export interface Highlight {
  start: number;
  end: number;
}

export interface MatchedText {
  text: string;
  highlights: Highlight[];
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

function merge(ranges: Highlight[]): Highlight[] {
  const sorted = [...ranges].sort((x, y) => x.start - y.start);
  const merged: Highlight[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** A query word matches a value word when one starts with the other or they are a typo apart. */
function wordsMatch(queryWord: string, valueWord: string): boolean {
  if (valueWord.startsWith(queryWord)) return true;
  const allowed = queryWord.length <= 4 ? 1 : 2;
  return editDistance(queryWord, valueWord.slice(0, queryWord.length + allowed)) <= allowed || editDistance(queryWord, valueWord) <= allowed;
}

/**
 * Where `query` matched `value`: the whole query as typed (case-insensitive); else its digits
 * inside the value's digits (a phone written another way); else each query word against the
 * value's words, allowing a prefix or a typo. No highlight when nothing lines up.
 */
export function highlightMatch(value: string, query: string): MatchedText {
  const text = value;
  const lower = value.toLowerCase();
  const needle = query.trim().toLowerCase();
  if (!needle) return { text, highlights: [] };
  const at = lower.indexOf(needle);
  if (at >= 0) return { text, highlights: [{ start: at, end: at + needle.length }] };

  const queryDigits = needle.replace(/\D/g, '').replace(/^0+/, '');
  if (queryDigits.length >= 3) {
    const positions: number[] = [];
    for (let i = 0; i < value.length; i++) if (/\d/.test(value[i]!)) positions.push(i);
    const digits = positions.map((i) => value[i]).join('');
    const found = digits.indexOf(queryDigits);
    if (found >= 0) return { text, highlights: [{ start: positions[found]!, end: positions[found + queryDigits.length - 1]! + 1 }] };
  }

  const queryWords = needle.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= 2);
  const ranges: Highlight[] = [];
  for (const match of lower.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (queryWords.some((word) => wordsMatch(word, match[0]))) ranges.push({ start: match.index, end: match.index + match[0].length });
  }
  return { text, highlights: merge(ranges) };
}

/**
 * Turns text marked with start/stop markers (as ts_headline writes with StartSel/StopSel) into
 * plain text and ranges.
 */
export function markersToHighlights(marked: string, startMarker: string, stopMarker: string): MatchedText {
  let text = '';
  const highlights: Highlight[] = [];
  let open: number | null = null;
  let rest = marked;
  while (rest.length) {
    const nextStart = rest.indexOf(startMarker);
    const nextStop = rest.indexOf(stopMarker);
    const marker = open === null ? nextStart : nextStop;
    if (marker < 0) {
      text += rest.replaceAll(startMarker, '').replaceAll(stopMarker, '');
      break;
    }
    text += rest.slice(0, marker);
    if (open === null) open = text.length;
    else {
      highlights.push({ start: open, end: text.length });
      open = null;
    }
    rest = rest.slice(marker + (open === null ? stopMarker.length : startMarker.length));
  }
  return { text, highlights: merge(highlights.filter((range) => range.end > range.start)) };
}
