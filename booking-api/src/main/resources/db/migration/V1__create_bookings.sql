create table bookings (
    id             uuid primary key,
    customer_id    varchar(64)   not null,
    customer_email varchar(254)  not null,
    resource_id    varchar(64)   not null,
    start_date     date          not null,
    end_date       date          not null,
    amount         numeric(9, 2) not null check (amount > 0),
    currency       varchar(3)    not null check (currency ~ '^[A-Z]{3}$'),
    status         varchar(16)   not null check (status in ('PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED')),
    created_at     timestamptz   not null,
    version        bigint        not null,
    check (end_date > start_date)
);

create index bookings_customer on bookings (customer_id, created_at desc, id);

-- Events waiting to be published, written in the same transaction as the change they describe.
create table outbox_events (
    id            bigint generated always as identity primary key,
    event_id      uuid        not null unique,
    event_type    varchar(64) not null,
    event_version int         not null,
    aggregate_id  uuid        not null,
    payload       text        not null,
    created_at    timestamptz not null,
    published_at  timestamptz,
    attempts      int         not null default 0,
    last_error    text
);

create index outbox_events_pending on outbox_events (id) where published_at is null;
