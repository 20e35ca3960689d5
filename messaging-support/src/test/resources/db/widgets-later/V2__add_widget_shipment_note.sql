-- A migration the test application adds after the plumbing's tables exist.
alter table widget_shipments add column note varchar(200);
