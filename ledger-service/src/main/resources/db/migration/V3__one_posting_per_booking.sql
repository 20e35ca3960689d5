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

-- Postings made before this migration: the rule follows from the accounts the event
-- debited and credited. A booking posted twice keeps its first posting as the one that
-- counts.
insert into booking_postings (booking_id, rule, event_id)
select distinct on (debit.booking_id, rule) debit.booking_id,
       case
           when debit.account = 'accounts-receivable' then 'BOOKING_CREATED'
           when debit.account = 'cash' then 'PAYMENT_CAPTURED'
           when credit.account = 'accounts-receivable' then 'PAYMENT_DECLINED'
           else 'PAYMENT_REFUNDED'
       end as rule,
       debit.event_id
from ledger_entries debit
join ledger_entries credit on credit.event_id = debit.event_id and credit.side = 'CREDIT'
where debit.side = 'DEBIT'
order by debit.booking_id, rule, debit.created_at, debit.event_id;
