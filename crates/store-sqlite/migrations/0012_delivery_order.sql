-- Callbacks of one order to one subscription go out in event order: a
-- delivery is leased only when no earlier delivery of the same
-- (subscription, order) is still pending (being sent, or waiting for a
-- retry). The order id was only inside the JSON event; it gets a column,
-- filled from the event for the deliveries already queued, and an index
-- over the pending ones that the check reads.

ALTER TABLE deliveries ADD COLUMN order_id TEXT NOT NULL DEFAULT '';
UPDATE deliveries SET order_id = COALESCE(json_extract(event, '$.order_id'), '');
CREATE INDEX deliveries_pending_by_order ON deliveries (subscription_id, order_id, id) WHERE state = 'pending';
