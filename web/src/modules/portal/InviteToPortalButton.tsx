import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Popover, Stack, Text } from '@mantine/core';
import { api, call } from '../../api/client';
import { hasRight, useSession } from '../../apps/staff/session';
import { ProblemAlert } from '../../ui/ProblemAlert';

/** Staff invite a contact to My Account: the portal invitation mail with a set-password link. */
export function InviteToPortalButton({ contactId, email }: { contactId: string; email: string | null }) {
  const allowed = hasRight(useSession(), 'customers.contacts.manage');
  const [opened, setOpened] = useState(false);
  const invite = useMutation({ mutationFn: () => call(api.POST('/api/v1/contacts/{contactId}/portal-invitation', { params: { path: { contactId } } })) });
  if (!allowed || !email) return null;
  return (
    <Popover opened={opened} onChange={setOpened} width={300} withArrow>
      <Popover.Target>
        <Button variant="default" onClick={() => setOpened((open) => !open)} data-testid="contact-invite-portal">
          Invite to My Account
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          {invite.isSuccess ? (
            <Text size="sm" data-testid="portal-invitation-sent">
              Invitation sent to {invite.data.email}.
            </Text>
          ) : (
            <>
              <Text size="sm">Email {email} a link to set a password and follow their requests in My Account?</Text>
              <Button size="xs" loading={invite.isPending} onClick={() => invite.mutate()}>
                Send invitation
              </Button>
            </>
          )}
          {invite.error && <ProblemAlert error={invite.error} />}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
