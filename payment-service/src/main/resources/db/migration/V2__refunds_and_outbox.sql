-- A captured payment is refunded when its booking is cancelled.
alter table payments
    add column refunded_at timestamptz,
    drop constraint payments_status_check,
    add constraint payments_status_check check (status in ('CAPTURED', 'DECLINED', 'REFUNDED')),
    add constraint payments_refunded_when check ((status = 'REFUNDED') = (refunded_at is not null));

-- Payment events waiting to be published, written in the same transaction as the change
-- they describe.
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
