-- One payment per booking: captured, declined with the reason, or refunded when its
-- booking is cancelled.
create table payments (
    id          uuid          primary key,
    booking_id  uuid          not null,
    status      varchar(16)   not null,
    amount      numeric(9, 2) not null check (amount > 0),
    currency    varchar(3)    not null check (currency ~ '^[A-Z]{3}$'),
    reason      varchar(200),
    event_id    uuid          not null,
    created_at  timestamptz   not null,
    version     bigint        not null,
    refunded_at timestamptz,
    constraint payments_one_per_booking unique (booking_id),
    constraint payments_status_check check (status in ('CAPTURED', 'DECLINED', 'REFUNDED')),
    check ((status = 'DECLINED') = (reason is not null)),
    constraint payments_refunded_when check ((status = 'REFUNDED') = (refunded_at is not null))
);
