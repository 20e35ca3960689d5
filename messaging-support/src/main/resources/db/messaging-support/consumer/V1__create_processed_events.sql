-- The idempotent consumer: ids of the events already handled, written in the same
-- transaction as their effect; an event that had no effect may say why.
create table processed_events (
    event_id        uuid         primary key,
    event_type      varchar(64)  not null,
    processed_at    timestamptz  not null,
    ignored_because varchar(200)
);

-- The purge deletes the oldest records in small batches; without this index each batch
-- would scan the whole table.
create index processed_events_processed_at on processed_events (processed_at);
