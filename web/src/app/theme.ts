import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  components: {
    // Tables of a data-heavy tool read better without zebra stripes but with clear row lines.
    Table: { defaultProps: { withRowBorders: true } },
  },
});
