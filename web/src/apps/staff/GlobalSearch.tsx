import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Anchor, Group, Kbd, Loader, Paper, Popover, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api, call } from '../../api/client';
import { MatchReason } from '../../ui/Highlighted';

/** Typing in a text field or editor: `/` belongs to it then, not to the search box. */
function typingSomewhere(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  if (element instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes(element.type);
  return element.tagName === 'TEXTAREA' || element.tagName === 'SELECT' || element.isContentEditable;
}

/**
 * The one search box in the top bar: `/` focuses it, results arrive grouped by kind as you type,
 * arrow keys move through them, Enter opens one, Esc closes. Each result says why it matched.
 */
export function GlobalSearch() {
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [debounced] = useDebouncedValue(text.trim(), 200);
  const results = useQuery({
    queryKey: ['search', debounced],
    queryFn: () => call(api.GET('/api/v1/search', { params: { query: { q: debounced, limit: 5 } } })),
    enabled: debounced.length > 0,
    placeholderData: (previous) => previous,
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '/' && !event.ctrlKey && !event.metaKey && !typingSomewhere(event.target)) {
        event.preventDefault();
        input.current?.focus();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const groups = debounced ? (results.data?.groups ?? []) : [];
  const flat = groups.flatMap((group) => group.items);
  const go = (path: string) => {
    setOpen(false);
    setText('');
    input.current?.blur();
    void navigate({ to: path });
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      setOpen(false);
      input.current?.blur();
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => Math.min(index + 1, flat.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter' && flat[active]) {
      event.preventDefault();
      go(flat[active]!.path);
    }
  };

  let index = -1;
  return (
    <Popover opened={open && debounced.length > 0} position="bottom-start" width={520} shadow="md" trapFocus={false} returnFocus={false}>
      <Popover.Target>
        <TextInput
          ref={input}
          w={{ base: 160, sm: 320 }}
          size="sm"
          placeholder="Search customers, tickets…"
          aria-label="Search"
          rightSection={results.isFetching ? <Loader size="xs" /> : <Kbd size="xs">/</Kbd>}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setActive(0);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={onKeyDown}
          data-testid="global-search"
        />
      </Popover.Target>
      <Popover.Dropdown p="xs" data-testid="global-search-results">
        {groups.length === 0 ? (
          <Text size="sm" c="dimmed" p="xs">
            {results.isFetching ? 'Searching…' : results.isError ? 'Search failed; try again.' : `Nothing matches “${debounced}”.`}
          </Text>
        ) : (
          <Stack gap="xs">
            {groups.map((group) => (
              <div key={group.kind} data-testid={`search-group-${group.kind}`}>
                <Group justify="space-between" px={6}>
                  <Text size="xs" fw={600} c="dimmed" tt="uppercase">
                    {group.label}
                  </Text>
                  <Anchor size="xs" onMouseDown={(event) => event.preventDefault()} onClick={() => go(group.seeAllPath)} data-testid={`search-see-all-${group.kind}`}>
                    See all
                  </Anchor>
                </Group>
                {group.items.map((item) => {
                  index += 1;
                  const mine = index;
                  return (
                    <UnstyledButton
                      key={item.id}
                      w="100%"
                      onMouseDown={(event) => event.preventDefault()}
                      onClick={() => go(item.path)}
                      onMouseEnter={() => setActive(mine)}
                      data-testid="search-result"
                      data-active={mine === active || undefined}
                    >
                      <Paper px={6} py={4} radius="sm" bg={mine === active ? 'var(--mantine-color-default-hover)' : undefined}>
                        <Text size="sm" fw={500} truncate>
                          {item.title}
                        </Text>
                        <Text size="xs" c="dimmed" truncate>
                          {item.matches[0] ? <MatchReason match={item.matches[0]} /> : item.subtitle}
                        </Text>
                      </Paper>
                    </UnstyledButton>
                  );
                })}
              </div>
            ))}
          </Stack>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
