-- The outbox and processed events as services created them in their own migrations
-- before messaging-support existed (booking-api's V1, ledger-service's V1).
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

create table processed_events (
    event_id     uuid        primary key,
    event_type   varchar(64) not null,
    processed_at timestamptz not null
);
