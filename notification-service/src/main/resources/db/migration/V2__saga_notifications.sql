-- The saga's outcomes get their own e-mails; each still goes out at most once per booking
-- through notifications_once_per_booking.
alter table notifications drop constraint notifications_type_check;

alter table notifications add constraint notifications_type_check
    check (type in ('BOOKING_RECEIVED', 'BOOKING_CONFIRMED', 'BOOKING_REJECTED', 'BOOKING_CANCELLED',
                    'REFUND_ISSUED'));
