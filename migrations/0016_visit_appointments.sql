-- A planned visit may be booked for a time within its window, in a room, with the staff member
-- who will see the participant. The instants are UTC; the site's zone turns them into local
-- times. A booking is all of start, end and staff member, or none of them (the room is optional).
ALTER TABLE participant_visits
  ADD COLUMN appointment_starts_at timestamptz,
  ADD COLUMN appointment_ends_at timestamptz,
  ADD COLUMN appointment_room text,
  ADD COLUMN appointment_staff_person_id uuid REFERENCES people (id),
  ADD CONSTRAINT participant_visits_appointment_check CHECK (
    (appointment_starts_at IS NULL AND appointment_ends_at IS NULL AND appointment_staff_person_id IS NULL AND appointment_room IS NULL)
    OR (appointment_starts_at IS NOT NULL AND appointment_ends_at > appointment_starts_at AND appointment_staff_person_id IS NOT NULL)
  );

-- Double-booking checks look up a staff member's bookings, and a site's bookings, by time.
CREATE INDEX participant_visits_staff_appointment_idx ON participant_visits (appointment_staff_person_id, appointment_starts_at)
  WHERE appointment_starts_at IS NOT NULL;
CREATE INDEX participant_visits_appointment_idx ON participant_visits (appointment_starts_at)
  WHERE appointment_starts_at IS NOT NULL;
