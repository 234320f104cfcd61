import { Button } from '@mantine/core';

/** The download address of a list as it is filtered now. */
export function exportUrl(path: string, query: Record<string, unknown>, format: 'csv' | 'xlsx'): string {
  const params = new URLSearchParams({ format });
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, String(item));
  }
  return `${path}?${params.toString()}`;
}

/** "Export CSV" and "Export XLSX" of a filtered customer list (plain links: the browser downloads). */
export function ExportButtons({ path, query }: { path: string; query: Record<string, unknown> }) {
  return (
    <>
      <Button component="a" variant="default" href={exportUrl(path, query, 'csv')} data-testid="export-csv">
        Export CSV
      </Button>
      <Button component="a" variant="default" href={exportUrl(path, query, 'xlsx')} data-testid="export-xlsx">
        Export XLSX
      </Button>
    </>
  );
}
