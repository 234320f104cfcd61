import { Badge, Group, Text, Tooltip } from '@mantine/core';
import type { Ticket } from './careData';

export function stars(rating: number): string {
  return `${'★'.repeat(rating)}${'☆'.repeat(5 - rating)}`;
}

/** The customer's rating of a completed ticket, given in My Account. */
export function TicketFeedback({ feedback }: { feedback: Ticket['feedback'] }) {
  if (!feedback) return null;
  return (
    <Tooltip label={feedback.comment || 'No comment'} multiline maw={320}>
      <Group gap={4} data-testid="ticket-feedback">
        <Badge size="lg" variant="light" color={feedback.rating >= 4 ? 'green' : feedback.rating >= 3 ? 'yellow' : 'red'} aria-label={`Rated ${feedback.rating} of 5`}>
          {stars(feedback.rating)}
        </Badge>
        {feedback.comment && (
          <Text size="sm" c="dimmed" maw={240} truncate data-testid="ticket-feedback-comment">
            “{feedback.comment}”
          </Text>
        )}
      </Group>
    </Tooltip>
  );
}
