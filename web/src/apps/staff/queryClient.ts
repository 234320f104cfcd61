import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/client';

const sessionKeyName = 'session';

/** A 401 from any request means the session ended: forget it, and the route guard shows the login page. */
function onError(error: unknown, key?: readonly unknown[]): void {
  if (error instanceof ApiError && error.status === 401 && key?.[0] !== sessionKeyName && queryClient.getQueryData([sessionKeyName])) {
    queryClient.setQueryData([sessionKeyName], null);
  }
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onError(error, query.queryKey) }),
  mutationCache: new MutationCache({ onError: (error, _variables, _context, mutation) => onError(error, mutation.options.mutationKey ?? ['mutation']) }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Client errors will not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});
