import type { ReactNode } from 'react';
import { ProblemAlert } from './ProblemAlert';
import { Empty, LoadingState } from './States';

/** What QueryState reads from a TanStack query (useQuery, usePagedQuery and the modules' list hooks). */
interface QueryLike<TData> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: TData | undefined;
  refetch: () => unknown;
}

interface QueryStateProps<TData> {
  query: QueryLike<TData>;
  /** What the spinner says while the first answer is on its way, e.g. "Loading groups…". */
  loadingLabel?: string;
  /** True when the answer has nothing to show: the empty state stands in for the content. */
  isEmpty?: boolean;
  emptyTitle?: string;
  emptyDescription?: ReactNode;
  /** Called only once the query has answered, so the data is there. */
  children: (data: TData) => ReactNode;
}

/**
 * The states every screen that reads something goes through: loading, failed (with the problem
 * and a way to try again), empty, and the content itself.
 */
export function QueryState<TData>({ query, loadingLabel, isEmpty = false, emptyTitle = 'Nothing here yet', emptyDescription, children }: QueryStateProps<TData>) {
  if (query.isPending) return <LoadingState label={loadingLabel} />;
  if (query.isError) return <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty) return <Empty title={emptyTitle} description={emptyDescription} />;
  return <>{children(query.data as TData)}</>;
}
