import { Link } from '@tanstack/react-router';
import { Anchor, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { adminNavigation, navItemVisible, workNavigation } from './navigation';
import { useSession } from './session';

export function HomePage() {
  const session = useSession();
  const items = [...workNavigation, ...adminNavigation].filter((item) => navItemVisible(session, item));
  return (
    <Stack>
      <Title order={2} data-testid="welcome">
        Welcome, {session.user.name || session.user.email}
      </Title>
      <Text c="dimmed" size="sm">
        Pick a place to start.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        {items.map((item) => (
          <Card key={item.to} withBorder padding="md">
            <Anchor component={Link} to={item.to} fw={600}>
              {item.label}
            </Anchor>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
