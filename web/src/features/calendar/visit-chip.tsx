import { Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useNavigate } from 'react-router';
import { formatDay, timeRange, utcText, zoneName } from '../../lib/dates';
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

/** The day a visit sits on: when it happened if it did, else its booked day at the site, else its target day. */
export const dayOf = (item: CalendarItem) => item.actualDate ?? item.appointment?.localStart.slice(0, 10) ?? item.targetDate;

/** '09:30–10:15 · Exam room 2 · Dr. Okafor': when, where and with whom a booked visit is, at the site. */
export function bookingText(item: CalendarItem): string | null {
  const booked = item.appointment;
  if (!booked) return null;
  return [timeRange(booked.localStart, booked.localEnd), booked.room, booked.staffName].filter(Boolean).join(' · ');
}

function windowText(item: CalendarItem): string {
  if (!item.windowStart || !item.windowEnd) return 'no window';
  if (item.windowStart === item.windowEnd) return formatDay(item.windowStart);
  return `${formatDay(item.windowStart)} – ${formatDay(item.windowEnd)}`;
}

/** One visit: subject number, visit code and window, coloured by status; a click opens the participant. */
export function VisitChip({ item, detailed = false }: { item: CalendarItem; detailed?: boolean }) {
  const navigate = useNavigate();
  const tone = chipTone(item);
  const label = `${item.subjectNumber} · ${item.code}`;
  const booking = bookingText(item);
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
          <Text size="xs">Target {formatDay(item.targetDate)}</Text>
          <Text size="xs">Window {windowText(item)}</Text>
          {item.appointment && (
            <Text size="xs">
              Booked {formatDay(item.appointment.localStart.slice(0, 10))} {bookingText(item)} ({zoneName(item.timeZone)}; from{' '}
              {utcText(item.appointment.startsAt)})
            </Text>
          )}
          {item.actualDate && <Text size="xs">Done {formatDay(item.actualDate)}</Text>}
          <Text size="xs">{toneLabels[tone]}</Text>
        </>
      }
    >
      <UnstyledButton
        className={classes.chip}
        data-tone={tone}
        onClick={() => navigate(`/participants/${item.participantId}`)}
        aria-label={`${label}, ${item.name}, ${toneLabels[tone]}, ${booking ? `booked ${booking} (${item.timeZone}), ` : ''}window ${windowText(item)}`}
      >
        <span className={classes.chipTitle}>
          {item.appointment && <span className={classes.chipTime}>{item.appointment.localStart.slice(11, 16)} </span>}
          <strong>{item.subjectNumber}</strong> {item.code}
        </span>
        {booking && <span className={classes.chipBooking}>{booking}</span>}
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
