import { Link } from '@tanstack/react-router';
import { Anchor } from '@mantine/core';

/** Links to customer records, styled like the rest of the app's links. */

interface RecordLinkProps {
  id: string;
  children: React.ReactNode;
  testId?: string;
}

export function ContactLink({ id, children, testId }: RecordLinkProps) {
  return <Anchor size="sm" data-testid={testId} renderRoot={(props) => <Link {...props} to="/customers/$id" params={{ id }} />}>{children}</Anchor>;
}

export function CompanyLink({ id, children, testId }: RecordLinkProps) {
  return <Anchor size="sm" data-testid={testId} renderRoot={(props) => <Link {...props} to="/customers/companies/$id" params={{ id }} />}>{children}</Anchor>;
}

export function AccountLink({ id, children, testId }: RecordLinkProps) {
  return <Anchor size="sm" data-testid={testId} renderRoot={(props) => <Link {...props} to="/customers/accounts/$id" params={{ id }} />}>{children}</Anchor>;
}
