-- When the payment's outcome confirmed or rejected the booking, so that a client (and the
-- load generator) can tell how long the saga took from the service's own clock.
alter table bookings add column decided_at timestamptz;
