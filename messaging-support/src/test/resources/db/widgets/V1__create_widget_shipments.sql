-- The test application's own effect: one row per shipment applied, in the order applied.
-- No key on the event: a shipment applied twice shows as two rows.
create table widget_shipments (
    id bigserial primary key,
    event_id uuid not null,
    widget_id uuid not null,
    weight numeric(12, 2) not null check (weight >= 0)
);
