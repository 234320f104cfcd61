import { useQuery } from '@tanstack/react-query';
import { api, ApiError, call, setCsrfToken, type CurrentUser } from '../../api/client';

export const sessionKey = ['session'] as const;

/** Loads the signed-in user; `null` when nobody is signed in (401). */
export async function fetchSession(): Promise<CurrentUser | null> {
  try {
    const me = await call(api.GET('/api/v1/me'));
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useSessionQuery() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 60_000, retry: false });
}

// While signing out, screens still mounted for one render keep the last session they saw.
let lastSession: CurrentUser | null = null;

/** The signed-in user inside the app shell (where a session is guaranteed). */
export function useSession(): CurrentUser {
  const query = useSessionQuery();
  if (query.data) lastSession = query.data;
  if (!lastSession) throw new Error('useSession used outside a signed-in screen');
  return query.data ?? lastSession;
}

/** Whether the user holds a right; admins hold every right. */
export function hasRight(session: CurrentUser | null | undefined, right: string): boolean {
  if (!session) return false;
  return session.user.isAdmin || session.rights.includes(right);
}

export function useCan(right: string): boolean {
  return hasRight(useSession(), right);
}
