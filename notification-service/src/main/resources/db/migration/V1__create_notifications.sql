-- One row per notification sent; the row is the record of the e-mail.
create table notifications (
    id         uuid         primary key,
    booking_id uuid         not null,
    type       varchar(32)  not null check (type in ('BOOKING_RECEIVED', 'BOOKING_CONFIRMED', 'BOOKING_REJECTED',
                                                     'BOOKING_CANCELLED', 'REFUND_ISSUED', 'BOOKING_EXPIRED')),
    channel    varchar(16)  not null check (channel in ('EMAIL')),
    recipient  varchar(254) not null,
    subject    varchar(200) not null,
    body       text         not null,
    event_id   uuid         not null,
    created_at timestamptz  not null,
    version    bigint       not null,
    -- Each kind of notification goes out at most once per booking, whatever event triggers it.
    constraint notifications_once_per_booking unique (booking_id, type)
);
