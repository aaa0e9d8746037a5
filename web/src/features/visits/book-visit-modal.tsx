import { Alert, Button, Group, List, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { ApiError } from '../../app/api-client';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { formatDay, siteToday, timeRange, zoneName } from '../../lib/dates';
import { shortDay } from '../calendar/calendar-dates';
import { useSiteStaff } from '../people/person-api';
import { isCurrentRole } from '../people/person-types';
import type { ParticipantVisit } from './visit-api';
import { invalidateVisits } from './visit-api';
import { bookVisit, cancelVisitBooking, useVisitForBooking } from './visit-booking-api';

interface BookVisitModalProps {
  /** The visit to book; null keeps the dialog closed. */
  visitId: string | null;
  siteId: string;
  title: string;
  onClose: () => void;
}

/** Books a visit for a time on a day of its window, in a room, with a staff member; or moves or cancels its booking. */
export function BookVisitModal({ visitId, siteId, title, onClose }: BookVisitModalProps) {
  const visit = useVisitForBooking(visitId);
  return (
    <Modal opened={visitId !== null} onClose={onClose} title={<Text fw={600}>{title}</Text>} size="lg">
      {visit.isError && <ProblemAlert error={visit.error} />}
      {visit.data && visitId && (
        <BookVisitForm key={visit.data.etag} visit={visit.data.record} etag={visit.data.etag} siteId={siteId} onClose={onClose} />
      )}
    </Modal>
  );
}

interface BookingValues extends Record<string, unknown> {
  day: string;
  time: string;
  durationMinutes: string;
  room: string;
  staffPersonId: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Quarter hours from 07:00 to 19:45: a list, so no browser's locale turns it into 7:00 PM or 19.00. */
const times = Array.from({ length: 52 }, (_, index) => `${pad(7 + Math.floor(index / 4))}:${pad((index % 4) * 15)}`);
const durations = [15, 30, 45, 60, 90, 120, 180, 240].map((minutes) => ({
  value: String(minutes),
  label: minutes < 60 ? `${minutes} min` : `${minutes / 60} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`.replace('.5 h', ' h 30 min'),
}));

function daysOfWindow(from: string, to: string): string[] {
  const days: string[] = [];
  for (let time = Date.parse(`${from}T00:00:00Z`); time <= Date.parse(`${to}T00:00:00Z`); time += 86_400_000)
    days.push(new Date(time).toISOString().slice(0, 10));
  return days;
}

const minutesBetween = (start: string, end: string) => Math.round((Date.parse(`${end}:00Z`) - Date.parse(`${start}:00Z`)) / 60_000);

function BookVisitForm({ visit, etag, siteId, onClose }: { visit: ParticipantVisit; etag: string; siteId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const staff = useSiteStaff(siteId);
  const timeZone = visit.siteTimeZone;
  const today = siteToday(timeZone);
  const first = visit.windowStart ?? visit.targetDate ?? today;
  const last = visit.windowEnd ?? visit.targetDate ?? today;
  // Days of the window from the site's today on: a booking is a plan.
  const days = daysOfWindow(first < today ? today : first, last);
  const booked = visit.appointment;
  const form = useForm<BookingValues>({
    initialValues: {
      day: booked?.localStart.slice(0, 10) ?? (visit.targetDate && days.includes(visit.targetDate) ? visit.targetDate : (days[0] ?? '')),
      time: booked?.localStart.slice(11, 16) ?? '09:00',
      durationMinutes: booked ? String(minutesBetween(booked.localStart, booked.localEnd)) : '60',
      room: booked?.room ?? '',
      staffPersonId: booked?.staffPersonId ?? '',
    },
    validate: {
      day: (value) => (value ? null : 'Choose a day of the window.'),
      time: (value) => (value ? null : 'Choose a time.'),
      staffPersonId: (value) => (value ? null : 'Who will see the participant?'),
    },
  });
  // Set by "Book anyway" for the one submission that follows the double-booking warning.
  const allowConflicts = useRef(false);
  const submit = useFormMutation(
    form,
    (values) => {
      const anyway = allowConflicts.current;
      allowConflicts.current = false;
      return bookVisit(visit.id, etag, {
        startsAt: `${values.day}T${values.time}`,
        durationMinutes: Number(values.durationMinutes),
        room: values.room.trim() || null,
        staffPersonId: values.staffPersonId,
        allowConflicts: anyway,
      });
    },
    (booking) => {
      invalidateVisits(queryClient);
      const appointment = booking.visit.appointment;
      notifications.show({
        color: booking.warnings.length || booking.conflicts.length ? 'yellow' : 'green',
        title: 'Visit booked',
        message: [
          appointment
            ? `${formatDay(appointment.localStart.slice(0, 10))} ${timeRange(appointment.localStart, appointment.localEnd)} (${timeZone}) with ${appointment.staffName}`
            : '',
          ...booking.conflicts.map((conflict) => `Double booking kept: ${conflict.label}.`),
          ...booking.warnings,
        ]
          .filter(Boolean)
          .join(' '),
        autoClose: booking.warnings.length ? 10_000 : 4_000,
      });
      onClose();
    },
  );
  const doubleBooked = submit.error instanceof ApiError && submit.error.status === 409 && (submit.error.problem.errors ?? []).length > 0;
  const cancel = async () => {
    await cancelVisitBooking(visit.id, etag);
    invalidateVisits(queryClient);
    notifications.show({ color: 'green', title: 'Booking cancelled', message: `${visit.code} stays planned in its window.` });
    onClose();
  };
  const people = [
    ...new Map((staff.data ?? []).filter((member) => isCurrentRole(member, today)).map((member) => [member.personId, member])).values(),
  ];
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        {doubleBooked ? (
          <Alert color="orange" icon={<IconAlertTriangle />} title="Already booked at that time" role="alert">
            <List size="sm">
              {(submit.error as ApiError).problem.errors?.map((error) => (
                <List.Item key={`${error.pointer}${error.detail}`}>{error.detail}</List.Item>
              ))}
            </List>
            <Button
              mt="sm"
              size="xs"
              color="orange"
              onClick={() => {
                allowConflicts.current = true;
                submit.onSubmit();
              }}
              loading={submit.isPending}
            >
              Book anyway
            </Button>
          </Alert>
        ) : (
          <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        )}
        <Text size="sm">
          <strong>
            {visit.code} {visit.name}
          </strong>{' '}
          · window {formatDay(first)} – {formatDay(last)}
        </Text>
        <Text size="sm" c="dimmed">
          Times are the site's: {zoneName(timeZone)}.
        </Text>
        {days.length === 0 ? (
          <Alert color="red" variant="light">
            The window has closed: this visit can no longer be booked.
          </Alert>
        ) : (
          <Group align="flex-start" grow preventGrowOverflow={false}>
            <Select
              label="Day"
              required
              allowDeselect={false}
              data={days.map((day) => ({ value: day, label: shortDay(day) }))}
              {...form.getInputProps('day')}
            />
            <Select label="Time" required searchable allowDeselect={false} data={times} w={120} {...form.getInputProps('time')} />
            <Select label="Duration" allowDeselect={false} data={durations} w={130} {...form.getInputProps('durationMinutes')} />
          </Group>
        )}
        <TextInput label="Room" placeholder="e.g. Exam room 2" maxLength={100} {...form.getInputProps('room')} />
        <Select
          label="Staff member"
          description="The person who will see the participant: on the site's staff"
          required
          searchable
          placeholder={staff.isPending ? 'Loading the site staff…' : 'Choose a staff member'}
          data={people.map((member) => ({ value: member.personId, label: member.personName }))}
          {...form.getInputProps('staffPersonId')}
        />
        <Group justify="space-between">
          {booked ? (
            <Button variant="subtle" color="red" onClick={cancel}>
              Cancel booking
            </Button>
          ) : (
            <span />
          )}
          <Group>
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button
              type="submit"
              loading={submit.isPending}
              disabled={days.length === 0}
              onClick={() => {
                allowConflicts.current = false;
              }}
            >
              {booked ? 'Move booking' : 'Book'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
