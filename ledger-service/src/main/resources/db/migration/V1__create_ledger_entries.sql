-- One row per side of a posting. Rows are only ever inserted: a correction is a new posting.
create table ledger_entries (
    id         uuid          primary key,
    event_id   uuid          not null,
    booking_id uuid          not null,
    account    varchar(64)   not null check (account ~ '^[a-z]+(-[a-z]+)*$'),
    side       varchar(6)    not null check (side in ('DEBIT', 'CREDIT')),
    amount     numeric(12, 2) not null check (amount > 0),
    currency   char(3)       not null check (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz   not null,
    version    bigint        not null,
    -- Second idempotency guard: an event can post to an account's side only once, even if
    -- its processed_events row were lost.
    constraint ledger_entries_event_account_side unique (event_id, account, side)
);

create index ledger_entries_booking on ledger_entries (booking_id);

-- Events already applied, written in the same transaction as their postings so that a
-- redelivered message is skipped.
create table processed_events (
    event_id     uuid        primary key,
    event_type   varchar(64) not null,
    processed_at timestamptz not null
);
