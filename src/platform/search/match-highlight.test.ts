import { describe, expect, it } from 'vitest';
import { editDistance, highlightMatch, markersToHighlights } from './match-highlight.js';

const marked = (value: string, query: string) => {
  const { text, highlights } = highlightMatch(value, query);
  return highlights.map((range) => text.slice(range.start, range.end));
};

describe('highlightMatch', () => {
  it('marks the query where it appears as typed, ignoring case', () => {
    expect(marked('jon.whitaker@contoso.test', 'JON.WHIT')).toEqual(['jon.whit']);
  });

  it('marks the digits of a phone typed in another format', () => {
    expect(marked('+1 (415) 555-0132', '5550132')).toEqual(['555-0132']);
    // No common digit run with the country code: each number group still lines up.
    expect(marked('020 7946 0958', '+44 20 7946 0958')).toEqual(['020', '7946', '0958']);
    expect(marked('020 7946 0958', '2079460958')).toEqual(['20 7946 0958']);
  });

  it('marks words a typo or a prefix away from a query word', () => {
    expect(marked('Margaret Thornton', 'margret thornten')).toEqual(['Margaret', 'Thornton']);
    expect(marked('Margaret Thornton', 'thor')).toEqual(['Thor']);
    expect(marked('Margaret Thornton', 'zebra')).toEqual([]);
  });
});

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('jonh', 'john')).toBe(1);
    expect(editDistance('micheal', 'michael')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('markersToHighlights', () => {
  it('turns ts_headline markers into plain text and ranges', () => {
    expect(markersToHighlights('a <b>x</b> and <b>yz</b>', '<b>', '</b>')).toEqual({ text: 'a x and yz', highlights: [{ start: 2, end: 3 }, { start: 8, end: 10 }] });
    expect(markersToHighlights('no marks', '<b>', '</b>')).toEqual({ text: 'no marks', highlights: [] });
  });
});
