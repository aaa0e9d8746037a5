import { Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useNavigate } from 'react-router';
import { formatCalendarDate } from '../../lib/dates';
import classes from './calendar.module.css';
import type { CalendarItem } from './calendar-api';

export type ChipTone = 'overdue' | 'upcoming' | 'scheduled' | 'completed' | 'missed' | 'cancelled';

export const chipTone = (item: CalendarItem): ChipTone => {
  if (item.status === 'scheduled') return item.overdue ? 'overdue' : item.upcoming ? 'upcoming' : 'scheduled';
  return item.status;
};

export const toneLabels: Record<ChipTone, string> = {
  overdue: 'Overdue',
  upcoming: 'Upcoming (7 days)',
  scheduled: 'Scheduled',
  completed: 'Completed',
  missed: 'Missed',
  cancelled: 'Cancelled',
};

/** The day a visit sits on: when it happened if it did, else its target day. */
export const dayOf = (item: CalendarItem) => item.actualDate ?? item.targetDate;

function windowText(item: CalendarItem): string {
  if (!item.windowStart || !item.windowEnd) return 'no window';
  if (item.windowStart === item.windowEnd) return formatCalendarDate(item.windowStart);
  const sameYear = item.windowStart.slice(0, 4) === item.windowEnd.slice(0, 4);
  const start = formatCalendarDate(item.windowStart);
  return `${sameYear ? start.replace(/ \d{4}$/, '') : start} – ${formatCalendarDate(item.windowEnd)}`;
}

/** One visit: subject number, visit code and window, coloured by status; a click opens the participant. */
export function VisitChip({ item, detailed = false }: { item: CalendarItem; detailed?: boolean }) {
  const navigate = useNavigate();
  const tone = chipTone(item);
  const label = `${item.subjectNumber} · ${item.code}`;
  return (
    <Tooltip
      multiline
      w={260}
      withinPortal
      openDelay={300}
      label={
        <>
          <Text size="xs" fw={700}>
            {item.subjectNumber} · {item.studyShortName} · Site {item.siteNumber}
          </Text>
          <Text size="xs">
            {item.code} {item.name}
          </Text>
          <Text size="xs">Target {formatCalendarDate(item.targetDate)}</Text>
          <Text size="xs">Window {windowText(item)}</Text>
          {item.actualDate && <Text size="xs">Done {formatCalendarDate(item.actualDate)}</Text>}
          <Text size="xs">{toneLabels[tone]}</Text>
        </>
      }
    >
      <UnstyledButton
        className={classes.chip}
        data-tone={tone}
        onClick={() => navigate(`/participants/${item.participantId}`)}
        aria-label={`${label}, ${item.name}, ${toneLabels[tone]}, window ${windowText(item)}`}
      >
        <span className={classes.chipTitle}>
          <strong>{item.subjectNumber}</strong> {item.code}
        </span>
        {detailed ? (
          <span className={classes.chipDetail}>
            {item.name} · {item.studyShortName} · window {windowText(item)}
          </span>
        ) : (
          <span className={classes.chipDetail}>{windowText(item)}</span>
        )}
      </UnstyledButton>
    </Tooltip>
  );
}
