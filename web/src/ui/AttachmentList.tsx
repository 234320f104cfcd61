import { Anchor, Group, Text } from '@mantine/core';
import { formatBytes } from './format';
import { PaperclipIcon } from './icons';

export interface AttachmentLink {
  id: string;
  filename: string;
  size: number;
}

/** A record's attachments as download links (the server sends them as attachments, never inline). */
export function AttachmentList({ attachments }: { attachments: readonly AttachmentLink[] }) {
  if (attachments.length === 0) return null;
  return (
    <Group gap="md" mt={6} data-testid="message-attachments">
      {attachments.map((attachment) => (
        <Anchor key={attachment.id} href={`/api/v1/attachments/${attachment.id}`} download={attachment.filename} size="sm" data-testid="attachment-link">
          <Group gap={4} wrap="nowrap" component="span">
            <PaperclipIcon size={14} />
            <span>{attachment.filename}</span>
            <Text span size="xs" c="dimmed">
              {formatBytes(attachment.size)}
            </Text>
          </Group>
        </Anchor>
      ))}
    </Group>
  );
}
