import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { MantineProvider, createTheme } from '@mantine/core';
import { queryClient } from './queryClient';
import { router } from './router';

const theme = createTheme({ primaryColor: 'indigo', defaultRadius: 'md' });


export function StaffApp() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
