/** Text with the ranges a search matched marked; ranges, not HTML, so nothing in the value is markup. */
export function Highlighted({ text, highlights }: { text: string; highlights: { start: number; end: number }[] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const range of highlights) {
    if (range.start < at || range.end > text.length) continue;
    if (range.start > at) parts.push(text.slice(at, range.start));
    parts.push(<mark key={range.start}>{text.slice(range.start, range.end)}</mark>);
    at = range.end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

/** "Email: jon.whit…": why a search result matched. */
export function MatchReason({ match }: { match: { label: string; text: string; highlights: { start: number; end: number }[] } }) {
  return (
    <span data-testid="match-reason">
      {match.label}: <Highlighted text={match.text} highlights={match.highlights} />
    </span>
  );
}
