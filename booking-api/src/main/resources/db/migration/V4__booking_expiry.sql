-- A pending booking whose payment outcome does not come in time expires. EXPIRED is not
-- in bookings_no_overlap's predicate (PENDING, CONFIRMED), so an expired booking frees
-- its nights.
alter table bookings
    drop constraint bookings_status_check,
    add constraint bookings_status_check
        check (status in ('PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED', 'EXPIRED'));

-- The expiry job's query: the oldest pending bookings first.
create index bookings_pending on bookings (created_at) where status = 'PENDING';
