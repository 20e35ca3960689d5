-- The transactional outbox: events waiting to be published, written in the same
-- transaction as the change they describe.
create table outbox_events (
    id            bigint generated always as identity primary key,
    event_id      uuid         not null unique,
    event_type    varchar(64)  not null,
    event_version int          not null,
    aggregate_id  uuid         not null,
    payload       text         not null,
    created_at    timestamptz  not null,
    published_at  timestamptz,
    attempts      int          not null default 0,
    last_error    text,
    -- The key of the events kept in order with one another (in fifo mode the SNS
    -- message group).
    message_group varchar(128) not null,
    -- How often SNS refused the row itself (not an outage), and when the relay set it
    -- aside after too many refusals: a set-aside row is no longer claimed until an
    -- operator retries it, and in fifo mode it still holds the later rows of its group.
    refusals      int          not null default 0,
    set_aside_at  timestamptz,
    -- The W3C trace context (traceparent, and tracestate if any) of the transaction that
    -- wrote the row, so that its publish continues that trace even after a relay restart.
    trace_parent  varchar(64),
    trace_state   varchar(512)
);

-- The relay claims the oldest pending rows.
create index outbox_events_pending on outbox_events (id) where published_at is null;

-- The purge deletes published rows older than the retention.
create index outbox_events_published on outbox_events (published_at) where published_at is not null;

-- In fifo mode the relay claims only the oldest pending row of each group.
create index outbox_events_pending_group on outbox_events (message_group, id) where published_at is null;

create index outbox_events_set_aside on outbox_events (id) where published_at is null and set_aside_at is not null;

-- The audit of what operators did with set-aside rows: every retry and discard, who asked,
-- when, for which events, and how it ended.
create table outbox_actions (
    id         bigserial    primary key,
    acted_at   timestamptz  not null,
    actor      varchar(100) not null,
    action     varchar(16)  not null,
    event_ids  text         not null,
    affected   integer      not null,
    outcome    varchar(500) not null
);

create index outbox_actions_acted_at on outbox_actions (acted_at);
