-- Payments add the cash account. The accounts are now a closed list, like the service's
-- Account enum, so that a posting to a misspelt account fails here instead of opening a
-- new account that no rule ever balances.
alter table ledger_entries drop constraint ledger_entries_account_check;

alter table ledger_entries add constraint ledger_entries_account_check
    check (account in ('accounts-receivable', 'cash', 'deferred-revenue'));
