-- Why each message failed, one row per message, updated at every failed receive, for an
-- operator reading the dead-letter queue. Kept small: rows older than the retention and
-- beyond the newest messaging.dead-letters.max-failures are purged. Idempotent, like the
-- module's other scripts.
create table if not exists message_failures (
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

create index if not exists message_failures_last_failed_at on message_failures (last_failed_at);
create index if not exists message_failures_event_id on message_failures (event_id);
