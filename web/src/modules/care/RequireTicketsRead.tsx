import type { ReactNode } from 'react';
import { NoAccess } from '../../ui/States';
import { useCanReadTickets } from './careData';

/** The care screens open for users who read tickets or work them (work implies read on the server). */
export function RequireTicketsRead({ children }: { children: ReactNode }) {
  return useCanReadTickets() ? <>{children}</> : <NoAccess />;
}
