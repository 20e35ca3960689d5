-- A booking of a resource for a range of nights, with its payment's outcome: confirmed,
-- rejected (and why), cancelled, or expired when no outcome came in time. decided_at is
-- when the outcome confirmed or rejected it, so that a client (and the load generator)
-- can tell how long the saga took from the service's own clock.
create table bookings (
    id               uuid          primary key,
    customer_id      varchar(64)   not null,
    customer_email   varchar(254)  not null,
    resource_id      varchar(64)   not null,
    start_date       date          not null,
    end_date         date          not null,
    amount           numeric(9, 2) not null check (amount > 0),
    currency         varchar(3)    not null check (currency ~ '^[A-Z]{3}$'),
    status           varchar(16)   not null
        check (status in ('PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED', 'EXPIRED')),
    created_at       timestamptz   not null,
    version          bigint        not null,
    payment_id       uuid,
    rejection_reason varchar(500),
    decided_at       timestamptz,
    check (end_date > start_date),
    check ((status = 'REJECTED') = (rejection_reason is not null))
);

create index bookings_customer on bookings (customer_id, created_at desc, id);

-- The expiry job's query: the oldest pending bookings first.
create index bookings_pending on bookings (created_at) where status = 'PENDING';

-- A resource holds at most one live booking per night. Enforced here rather than by a
-- check before the insert, so that concurrent requests for one slot cannot both win;
-- btree_gist lets the exclusion compare resource_id with '='. EXPIRED is not in the
-- predicate, so an expired booking frees its nights.
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
