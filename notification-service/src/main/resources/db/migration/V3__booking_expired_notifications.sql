-- A booking that expired without a payment outcome gets an e-mail of its own.
alter table notifications drop constraint notifications_type_check;

alter table notifications add constraint notifications_type_check
    check (type in ('BOOKING_RECEIVED', 'BOOKING_CONFIRMED', 'BOOKING_REJECTED', 'BOOKING_CANCELLED',
                    'REFUND_ISSUED', 'BOOKING_EXPIRED'));
