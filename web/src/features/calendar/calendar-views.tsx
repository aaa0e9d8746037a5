import { ActionIcon, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconClock } from '@tabler/icons-react';
import classes from './calendar.module.css';
import type { CalendarItem } from './calendar-api';
import { addDays, daysBetween, shortDay, weekdayNames } from './calendar-dates';
import { dayOf, VisitChip } from './visit-chip';

/** Booked visits first, by their time at the site; then the rest in the API's (subject-number) order. */
const byTime = (a: CalendarItem, b: CalendarItem) => (a.appointment?.localStart ?? '~').localeCompare(b.appointment?.localStart ?? '~');

/** Visits grouped by the day they sit on: booked ones by time, then the others in subject-number order. */
export function byDay(items: CalendarItem[]): Map<string, CalendarItem[]> {
  const days = new Map<string, CalendarItem[]>();
  for (const item of items) {
    const day = dayOf(item);
    if (!day) continue;
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  for (const [day, visits] of days) days.set(day, [...visits].sort(byTime));
  return days;
}

const daysOf = (from: string, to: string) => Array.from({ length: daysBetween(from, to) + 1 }, (_, index) => addDays(from, index));

/** A month as a table of weeks (Monday first); days of the neighbouring months are greyed. */
export function MonthGrid({
  from,
  to,
  month,
  today,
  items,
  onBook,
}: {
  from: string;
  to: string;
  month: string;
  today: string;
  items: CalendarItem[];
  onBook?: (item: CalendarItem) => void;
}) {
  const days = byDay(items);
  const maxChips = 4;
  const all = daysOf(from, to);
  const weeks = Array.from({ length: Math.ceil(all.length / 7) }, (_, index) => all.slice(index * 7, index * 7 + 7));
  return (
    <table className={classes.month} aria-label="Month">
      <thead>
        <tr>
          {weekdayNames.map((name) => (
            <th key={name} className={classes.weekday} scope="col">
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]}>
            {week.map((day) => {
              const visits = days.get(day) ?? [];
              return (
                <td
                  key={day}
                  className={classes.cell}
                  aria-label={`${shortDay(day)}: ${visits.length} visit(s)`}
                  data-outside={day.slice(0, 7) !== month || undefined}
                  data-today={day === today || undefined}
                >
                  <div className={classes.cellBody}>
                    <span className={classes.dayNumber}>{Number(day.slice(8, 10))}</span>
                    {visits.slice(0, maxChips).map((item) => (
                      <BookableChip key={item.visitId} item={item} onBook={onBook} />
                    ))}
                    {visits.length > maxChips && (
                      <Text size="xs" c="dimmed" pl={4}>
                        +{visits.length - maxChips} more
                      </Text>
                    )}
                  </div>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Seven columns, one per day, every visit listed. */
export function WeekColumns({
  from,
  today,
  items,
  onBook,
}: {
  from: string;
  today: string;
  items: CalendarItem[];
  onBook?: (item: CalendarItem) => void;
}) {
  const days = byDay(items);
  return (
    <div style={{ overflowX: 'auto' }}>
      <div className={classes.week}>
        {daysOf(from, addDays(from, 6)).map((day) => (
          <section key={day} className={classes.column} data-today={day === today || undefined} aria-label={shortDay(day)}>
            <div className={classes.columnHead}>{shortDay(day)}</div>
            <div className={classes.columnBody}>
              {(days.get(day) ?? []).map((item) => (
                <BookableChip key={item.visitId} item={item} onBook={onBook} />
              ))}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}

const bookLabel = (item: CalendarItem) => `${item.appointment ? 'Change booking' : 'Book'} ${item.subjectNumber} ${item.code}`;

/**
 * A visit of the week or month grid with a small clock that books it (the day list's action), when
 * the caller may and the visit is still to be done: the chip itself opens the participant.
 */
function BookableChip({ item, onBook }: { item: CalendarItem; onBook?: ((item: CalendarItem) => void) | undefined }) {
  if (!onBook || item.status !== 'scheduled') return <VisitChip item={item} />;
  return (
    <div className={classes.bookable}>
      <VisitChip item={item} />
      <Tooltip label={item.appointment ? 'Change booking' : 'Book a time'} withinPortal openDelay={300}>
        <ActionIcon size="sm" variant="subtle" onClick={() => onBook(item)} aria-label={bookLabel(item)}>
          <IconClock size={14} aria-hidden />
        </ActionIcon>
      </Tooltip>
    </div>
  );
}

/** A visit of the day list, with the action that books it when the caller may. */
function DayRow({ item, onBook }: { item: CalendarItem; onBook?: (item: CalendarItem) => void }) {
  return (
    <Group gap="xs" wrap="nowrap" align="stretch">
      <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
        <VisitChip item={item} detailed />
      </div>
      {onBook && item.status === 'scheduled' && (
        <Button
          size="xs"
          variant="light"
          leftSection={<IconClock size={14} aria-hidden />}
          onClick={() => onBook(item)}
          aria-label={bookLabel(item)}
        >
          {item.appointment ? 'Change booking' : 'Book'}
        </Button>
      )}
    </Group>
  );
}

/** One day: every visit of the day with its name and window, and the open windows that span it. */
export function DayList({ day, items, onBook }: { day: string; items: CalendarItem[]; onBook?: (item: CalendarItem) => void }) {
  const onDay = byDay(items).get(day) ?? [];
  const spanning = items.filter(
    (item) =>
      item.status === 'scheduled' &&
      dayOf(item) !== day &&
      item.windowStart &&
      item.windowEnd &&
      item.windowStart <= day &&
      day <= item.windowEnd,
  );
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Text fw={600} size="sm">
          Visits targeted or done this day
        </Text>
        {onDay.length === 0 && (
          <Text size="sm" c="dimmed">
            None.
          </Text>
        )}
        {onDay.map((item) => (
          <DayRow key={item.visitId} item={item} onBook={onBook} />
        ))}
      </Stack>
      {spanning.length > 0 && (
        <Stack gap={4}>
          <Text fw={600} size="sm">
            Windows open this day
          </Text>
          {spanning.map((item) => (
            <DayRow key={item.visitId} item={item} onBook={onBook} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
