-- One row per side of a posting. Rows are only ever inserted: a correction is a new posting.
-- The accounts are a closed list, like the service's Account enum, so that a posting to a
-- misspelt account fails here instead of opening a new account that no rule ever balances.
create table ledger_entries (
    id         uuid           primary key,
    event_id   uuid           not null,
    booking_id uuid           not null,
    account    varchar(64)    not null check (account in ('accounts-receivable', 'cash', 'deferred-revenue')),
    side       varchar(6)     not null check (side in ('DEBIT', 'CREDIT')),
    amount     numeric(12, 2) not null check (amount > 0),
    currency   char(3)        not null check (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz    not null,
    version    bigint         not null,
    -- Second idempotency guard: an event can post to an account's side only once, even if
    -- its processed_events row were lost.
    constraint ledger_entries_event_account_side unique (event_id, account, side)
);

create index ledger_entries_booking on ledger_entries (booking_id);

-- The natural key of a posting: a booking's receivable, cash, reversal and refund are each
-- posted at most once, whatever event id a producer replays them under. The row is written
-- in the same transaction as the posting's entries.
create table booking_postings (
    booking_id uuid        not null,
    rule       varchar(32) not null check (rule in ('BOOKING_CREATED', 'PAYMENT_CAPTURED', 'PAYMENT_DECLINED',
                                                    'PAYMENT_REFUNDED')),
    event_id   uuid        not null,
    primary key (booking_id, rule)
);
