-- The audit of what operators did with the dead-letter queue: every redrive and discard,
-- who asked, when, for which messages, from and to which queue, and how it ended.
create table if not exists dead_letter_actions (
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

create index if not exists dead_letter_actions_acted_at on dead_letter_actions (acted_at);
