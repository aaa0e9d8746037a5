import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { answer, api } from '../app/api-client';
import type { Answer, ApiPath, ListItem } from '../app/api-types';

export const pageSize = 50;

/** The paths whose GET answers a page of rows and the cursor of the next. */
export type ListPath = {
  [P in ApiPath]: Answer<P> extends { items: unknown[]; nextCursor: string | null } ? P : never;
}[ApiPath];

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ListRequest {
  /** The path's parameters, e.g. `{ studyId }` for `/api/studies/{studyId}/sites`. */
  path?: Record<string, string>;
  /** Sort, order, search and filters: as the URL holds them, so strings; an empty one is left out. */
  query?: Record<string, string | number | undefined>;
}

/** One page of a list, from the cursor of the previous page (none for the first). */
export async function fetchPage<P extends ListPath>(
  path: P,
  request: ListRequest,
  cursor: string | undefined,
  signal: AbortSignal,
  limit = pageSize,
) {
  // The filters come from the URL and the server validates them, so they are sent untyped.
  const params = { path: request.path, query: { ...request.query, limit, cursor } } as never;
  return (await answer(api.GET(path as '/api/studies', { params, signal }))) as unknown as Page<ListItem<P>>;
}

/** Every page of a list: for pickers over lists that number in the hundreds at most. */
export async function fetchAllPages<P extends ListPath>(path: P, request: ListRequest, signal: AbortSignal) {
  const items: ListItem<P>[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(path, request, cursor, signal, 200);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** A server-sorted, server-filtered list read page by page with the API's opaque cursor. */
export function usePagedList<P extends ListPath>(queryKey: readonly unknown[], path: P, request: ListRequest = {}, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: [...queryKey, request.path, request.query],
    queryFn: ({ pageParam, signal }) => fetchPage(path, request, pageParam, signal),
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
export function pagedRows<T>(
  list: { items: T[] } & Pick<
    ReturnType<typeof useInfiniteQuery>,
    'isPending' | 'isFetching' | 'hasNextPage' | 'isFetchingNextPage' | 'fetchNextPage'
  >,
) {
  return {
    rows: list.items,
    isLoading: list.isPending,
    isFetching: list.isFetching,
    hasMore: list.hasNextPage,
    isLoadingMore: list.isFetchingNextPage,
    onLoadMore: () => list.fetchNextPage(),
  };
}
