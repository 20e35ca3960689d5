-- The payment outcome of a booking, and why it was rejected.
alter table bookings
    add column payment_id       uuid,
    add column rejection_reason varchar(500),
    add check ((status = 'REJECTED') = (rejection_reason is not null));

-- A resource holds at most one live booking per night. Enforced here rather than by a
-- check before the insert, so that concurrent requests for one slot cannot both win;
-- btree_gist lets the exclusion compare resource_id with '='.
create extension if not exists btree_gist;

alter table bookings
    add constraint bookings_no_overlap
    exclude using gist (resource_id with =, daterange(start_date, end_date) with &&)
    where (status in ('PENDING', 'CONFIRMED'));

-- Responses to POST /bookings by Idempotency-Key, so that a client's retry replays the
-- first answer instead of booking twice.
create table idempotency_keys (
    idempotency_key varchar(128) primary key,
    request_hash    varchar(64)  not null,
    response        text,
    created_at      timestamptz  not null
);

create index idempotency_keys_created on idempotency_keys (created_at);

-- Ids of the payment events already handled, written in the same transaction as their
-- effect; an event that found the booking in another state is recorded with the reason.
create table processed_events (
    event_id        uuid         primary key,
    event_type      varchar(64)  not null,
    processed_at    timestamptz  not null,
    ignored_because varchar(200)
);
