-- Why each message failed, one row per message, updated at every failed receive, for an
-- operator reading the dead-letter queue. Kept small: rows older than the retention and
-- beyond the newest messaging.dead-letters.max-failures are purged.
create table message_failures (
    message_id      varchar(128)  primary key,
    queue           varchar(80)   not null,
    event_id        varchar(64),
    event_type      varchar(64),
    receive_count   integer       not null,
    failures        integer       not null,
    exception       varchar(200)  not null,
    reason          varchar(2000) not null,
    first_failed_at timestamptz   not null,
    last_failed_at  timestamptz   not null
);

create index message_failures_last_failed_at on message_failures (last_failed_at);
create index message_failures_event_id on message_failures (event_id);

-- The audit of what operators did with the dead-letter queue: every redrive and discard,
-- who asked, when, for which messages, from and to which queue, and how it ended.
create table dead_letter_actions (
    id          bigserial     primary key,
    acted_at    timestamptz   not null,
    actor       varchar(100)  not null,
    action      varchar(16)   not null,
    message_ids text          not null,
    from_queue  varchar(80)   not null,
    to_queue    varchar(80),
    moved       integer       not null,
    not_moved   integer       not null,
    outcome     varchar(500)  not null
);

create index dead_letter_actions_acted_at on dead_letter_actions (acted_at);
