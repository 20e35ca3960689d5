-- One payment per booking: captured, or declined with the reason.
create table payments (
    id         uuid          primary key,
    booking_id uuid          not null,
    status     varchar(16)   not null check (status in ('CAPTURED', 'DECLINED')),
    amount     numeric(9, 2) not null check (amount > 0),
    currency   varchar(3)    not null check (currency ~ '^[A-Z]{3}$'),
    reason     varchar(200),
    event_id   uuid          not null,
    created_at timestamptz   not null,
    version    bigint        not null,
    constraint payments_one_per_booking unique (booking_id),
    check ((status = 'DECLINED') = (reason is not null))
);

-- Ids of the events already handled, written in the same transaction as their effect.
create table processed_events (
    event_id     uuid        primary key,
    event_type   varchar(64) not null,
    processed_at timestamptz not null
);
