import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiGet, type Page, withQuery } from '../app/api-client';

export const pageSize = 50;

/** A server-sorted, server-filtered list read page by page with the API's opaque cursor. */
export function usePagedList<T>(queryKey: readonly unknown[], path: string, params: Record<string, string | undefined>, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: [...queryKey, params],
    queryFn: ({ pageParam, signal }) => apiGet<Page<T>>(withQuery(path, { ...params, limit: pageSize, cursor: pageParam }), signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    enabled,
    // Keep the rows on screen while a new sort or filter loads, instead of flashing an empty table.
    placeholderData: keepPreviousData,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, items };
}

/** The props a DataTable takes from a paged list: its rows, loading states and "load more". */
export function pagedRows<T>(list: ReturnType<typeof usePagedList<T>>) {
  return {
    rows: list.items,
    isLoading: list.isPending,
    isFetching: list.isFetching,
    hasMore: list.hasNextPage,
    isLoadingMore: list.isFetchingNextPage,
    onLoadMore: () => list.fetchNextPage(),
  };
}
