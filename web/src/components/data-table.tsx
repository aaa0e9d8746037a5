import { Button, Center, Group, Loader, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowsSort, IconArrowUp } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { SortOrder } from '../lib/use-list-params';
import classes from './data-table.module.css';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** The API's sort key for this column, when the server can sort by it. */
  sortKey?: string;
  width?: number | string;
}

interface DataTableProps<T> {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  sort?: string;
  order?: SortOrder;
  onSort?: (sortKey: string) => void;
  isLoading?: boolean;
  isFetching?: boolean;
  hasMore?: boolean;
  isLoadingMore?: boolean;
  onLoadMore?: () => void;
  emptyText?: string;
}

/** A plain <table> (native table semantics) whose sorting and paging happen on the server. */
export function DataTable<T>(props: DataTableProps<T>) {
  const { caption, columns, rows, rowKey, isLoading, hasMore, isLoadingMore, onLoadMore, emptyText = 'Nothing here yet.' } = props;
  return (
    <div>
      <Table.ScrollContainer minWidth={640}>
        <Table highlightOnHover verticalSpacing="sm" className={classes.table} aria-busy={props.isFetching || undefined}>
          <caption className={classes.caption}>{caption}</caption>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <HeaderCell key={column.key} column={column} sort={props.sort} order={props.order} onSort={props.onSort} />
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={rowKey(row)}>
                {columns.map((column) => (
                  <Table.Td key={column.key}>{column.render(row)}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {isLoading && (
        <Center py="lg">
          <Loader size="sm" aria-label="Loading" />
        </Center>
      )}
      {!isLoading && rows.length === 0 && (
        <Text c="dimmed" ta="center" py="lg">
          {emptyText}
        </Text>
      )}
      {hasMore && (
        <Group justify="center" mt="md">
          <Button variant="default" onClick={onLoadMore} loading={isLoadingMore}>
            Load more
          </Button>
        </Group>
      )}
    </div>
  );
}

interface HeaderCellProps<T> {
  column: Column<T>;
  sort?: string;
  order?: SortOrder;
  onSort?: (sortKey: string) => void;
}

function HeaderCell<T>({ column, sort, order, onSort }: HeaderCellProps<T>) {
  const { sortKey } = column;
  if (!sortKey || !onSort) {
    return (
      <Table.Th scope="col" style={{ width: column.width }}>
        {column.header}
      </Table.Th>
    );
  }
  const active = sort === sortKey;
  const ariaSort = active ? (order === 'desc' ? 'descending' : 'ascending') : 'none';
  const Icon = active ? (order === 'desc' ? IconArrowDown : IconArrowUp) : IconArrowsSort;
  return (
    <Table.Th scope="col" aria-sort={ariaSort} style={{ width: column.width }}>
      <UnstyledButton onClick={() => onSort(sortKey)} className={classes.sortButton} data-active={active || undefined}>
        <span>{column.header}</span>
        <Icon size={14} aria-hidden />
        {/* Screen readers hear what a click does, not just an arrow. */}
        <span className={classes.visuallyHidden}>{active ? `, sorted ${ariaSort}; click to reverse` : ', click to sort'}</span>
      </UnstyledButton>
    </Table.Th>
  );
}
