import { ActionIcon, Alert, Badge, Button, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { RemoteSelect } from '../../components/remote-select';
import { today as todayForUser } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import { searchSites } from '../sites/site-api';
import { BookVisitModal } from '../visits/book-visit-modal';
import classes from './calendar.module.css';
import { type CalendarItem, type CalendarScope, useCalendar } from './calendar-api';
import { type CalendarView, stepAnchor, viewRange, viewTitle } from './calendar-dates';
import { CalendarFeeds } from './calendar-feeds';
import { DayList, MonthGrid, WeekColumns } from './calendar-views';
import { type ChipTone, chipTone, toneLabels } from './visit-chip';

const views: CalendarView[] = ['day', 'week', 'month'];
const isDay = (value: string | null): value is string => Boolean(value && /^\d{4}-\d{2}-\d{2}$/.test(value));

/** The site calendar opens on the site chosen last time, in this browser. */
const lastSiteKey = 'trialdesk.calendar.lastSite';
const lastSiteNameKey = 'trialdesk.calendar.lastSiteName';
const stored = (key: string) => {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
};
const store = (key: string, value: string | null) => {
  try {
    if (value) window.localStorage.setItem(key, value);
    else window.localStorage.removeItem(key);
  } catch {
    // Private browsing may refuse storage: the URL still holds the site.
  }
};

/** Visits with their windows by day, week or month: the user's own participants, or a whole site's. */
export function CalendarPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const requestedView = searchParams.get('view');
  const view: CalendarView = views.includes(requestedView as CalendarView) ? (requestedView as CalendarView) : 'month';
  const today = todayForUser();
  const anchor = isDay(searchParams.get('date')) ? (searchParams.get('date') as string) : today;
  const mode = searchParams.get('mode') === 'site' ? 'site' : 'mine';
  const siteId = searchParams.get('site') ?? (mode === 'site' ? stored(lastSiteKey) : null);
  // The remembered site's name, so the box shows it even when it is not among the first search results.
  const siteName = siteId && siteId === stored(lastSiteKey) ? stored(lastSiteNameKey) : null;
  const canBook = useCan('participant.write');
  const [booking, setBooking] = useState<CalendarItem | null>(null);
  useEffect(() => {
    if (!siteId || siteId === stored(lastSiteKey)) return;
    store(lastSiteKey, siteId);
    store(lastSiteNameKey, null);
  }, [siteId]);
  const scope: CalendarScope | null = mode === 'mine' ? { kind: 'mine' } : siteId ? { kind: 'site', siteId } : null;
  const { from, to } = viewRange(view, anchor);
  const calendar = useCalendar(scope, from, to);
  const items = calendar.data?.items ?? [];
  // Today as the sites see it (the API judges overdue against each site's day); the browser's day until then.
  const siteToday = items[0]?.siteToday ?? today;

  const set = (changes: Record<string, string | null>) =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );

  const counts = items.reduce<Partial<Record<ChipTone, number>>>((acc, item) => {
    const tone = chipTone(item);
    acc[tone] = (acc[tone] ?? 0) + 1;
    return acc;
  }, {});

  return (
    <>
      <PageHeader
        title="Calendar"
        subtitle="Visits by target day with their windows; booked ones at their time in the site's zone. Subject numbers only; click a visit to open the participant."
      />
      <Stack>
        <Paper withBorder radius="md" p="md">
          <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
            <Group align="flex-end" wrap="wrap">
              <SegmentedControl
                aria-label="Whose calendar"
                value={mode}
                onChange={(value) => set({ mode: value === 'site' ? 'site' : null })}
                data={[
                  { value: 'mine', label: 'My calendar' },
                  { value: 'site', label: 'Site calendar' },
                ]}
              />
              {mode === 'site' && (
                <RemoteSelect
                  label="Site"
                  placeholder="Choose a site"
                  queryKey={['sites', 'search']}
                  search={searchSites}
                  value={siteId}
                  selectedLabel={siteName}
                  onChange={(value, option) => {
                    store(lastSiteKey, value);
                    store(lastSiteNameKey, option?.label ?? null);
                    set({ site: value });
                  }}
                />
              )}
            </Group>
            <SegmentedControl
              aria-label="View"
              value={view}
              onChange={(value) => set({ view: value === 'month' ? null : value })}
              data={[
                { value: 'day', label: 'Day' },
                { value: 'week', label: 'Week' },
                { value: 'month', label: 'Month' },
              ]}
            />
          </Group>
          <Group justify="space-between" mb="sm" wrap="wrap">
            <Group gap="xs">
              <ActionIcon variant="default" aria-label="Previous" onClick={() => set({ date: stepAnchor(view, anchor, -1) })}>
                <IconChevronLeft size={16} />
              </ActionIcon>
              <Button size="xs" variant="default" onClick={() => set({ date: null })}>
                Today
              </Button>
              <ActionIcon variant="default" aria-label="Next" onClick={() => set({ date: stepAnchor(view, anchor, 1) })}>
                <IconChevronRight size={16} />
              </ActionIcon>
              <Title order={3} size="h4" ml="xs">
                {viewTitle(view, anchor)}
              </Title>
            </Group>
            <Group gap="sm" wrap="wrap">
              {(Object.keys(toneLabels) as ChipTone[]).map((tone) => (
                <Text key={tone} size="xs" c="dimmed">
                  <span className={classes.legendSwatch} data-tone={tone} aria-hidden />
                  {toneLabels[tone]}
                  {counts[tone] ? (
                    <Badge size="xs" variant="light" color={tone === 'overdue' ? 'red' : 'gray'} ml={4} radius="sm">
                      {counts[tone]}
                    </Badge>
                  ) : null}
                </Text>
              ))}
            </Group>
          </Group>
          {calendar.isError && <ProblemAlert error={calendar.error} />}
          {calendar.data?.truncated && (
            <Alert color="yellow" variant="light" mb="sm">
              This range holds more visits than one answer carries; switch to the week view to see them all.
            </Alert>
          )}
          {mode === 'site' && !siteId ? (
            <Text c="dimmed" py="xl" ta="center">
              Choose a site to see its calendar.
            </Text>
          ) : (
            <div aria-busy={calendar.isFetching || undefined} style={{ opacity: calendar.isFetching ? 0.7 : 1 }}>
              {view === 'month' && (
                <MonthGrid
                  from={from}
                  to={to}
                  month={anchor.slice(0, 7)}
                  today={siteToday}
                  items={items}
                  onBook={canBook ? setBooking : undefined}
                />
              )}
              {view === 'week' && <WeekColumns from={from} today={siteToday} items={items} onBook={canBook ? setBooking : undefined} />}
              {view === 'day' && <DayList day={anchor} items={items} onBook={canBook ? setBooking : undefined} />}
            </div>
          )}
          {calendar.isSuccess && items.length === 0 && (
            <Text c="dimmed" size="sm" ta="center" mt="sm">
              {mode === 'mine' ? 'No visits of your participants in this period.' : 'No visits at this site in this period.'}
            </Text>
          )}
        </Paper>
        <CalendarFeeds />
      </Stack>
      <BookVisitModal
        visitId={booking?.visitId ?? null}
        siteId={booking?.siteId ?? ''}
        title={booking ? `Book ${booking.code} · ${booking.subjectNumber}` : ''}
        onClose={() => setBooking(null)}
      />
    </>
  );
}
