import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { Button, Center } from '@mantine/core';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cursor pagination: pages are fetched one after another and shown as one list. */
export function usePagedQuery<T>(queryKey: QueryKey, fetchPage: (cursor: string | undefined) => Promise<Page<T>>, enabled = true) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page<T>) => last.nextCursor ?? undefined,
    enabled,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, items };
}

export function LoadMore({ query }: { query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown } }) {
  if (!query.hasNextPage) return null;
  return (
    <Center mt="md">
      <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage} data-testid="load-more">
        Load more
      </Button>
    </Center>
  );
}
