import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export type SortOrder = 'asc' | 'desc';

export interface ListParams<F extends string> {
  sort: string;
  order: SortOrder;
  q: string;
  filters: Record<F, string>;
}

/**
 * Sort, order, search and filters live in the URL, so a list can be bookmarked, shared and
 * comes back as it was after opening a record. `prefix` keeps two lists on one page apart.
 */
export function useListParams<F extends string>(defaultSort: string, filterNames: readonly F[], prefix = '') {
  const [searchParams, setSearchParams] = useSearchParams();
  const params = useMemo<ListParams<F>>(() => {
    const filters = {} as Record<F, string>;
    for (const name of filterNames) filters[name] = searchParams.get(`${prefix}${name}`) ?? '';
    return {
      sort: searchParams.get(`${prefix}sort`) ?? defaultSort,
      order: searchParams.get(`${prefix}order`) === 'desc' ? 'desc' : 'asc',
      q: searchParams.get(`${prefix}q`) ?? '',
      filters,
    };
  }, [searchParams, defaultSort, filterNames, prefix]);

  const update = useCallback(
    (changes: Record<string, string>) => {
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [name, value] of Object.entries(changes)) {
            if (value) next.set(`${prefix}${name}`, value);
            else next.delete(`${prefix}${name}`);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setSearchParams, prefix],
  );

  const setSort = useCallback(
    (sort: string) => {
      // A second click on the same column flips the order, like every spreadsheet.
      const order = params.sort === sort && params.order === 'asc' ? 'desc' : 'asc';
      update({ sort, order: order === 'asc' ? '' : 'desc' });
    },
    [params.sort, params.order, update],
  );

  const setFilter = useCallback((name: F | 'q', value: string) => update({ [name]: value }), [update]);

  return { params, setSort, setFilter };
}
