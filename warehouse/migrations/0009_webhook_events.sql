-- Events 4ALLPORTAL sent to the webhook receiver, imported by the next run.

CREATE TABLE webhook_events (
    delivery_id VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL,
    module VARCHAR,
    object_id VARCHAR,
    object_type VARCHAR,
    mod_time VARCHAR,
    received_at TIMESTAMPTZ NOT NULL,
    run_id VARCHAR NOT NULL
);
COMMENT ON TABLE webhook_events IS 'Verified webhook deliveries from 4ALLPORTAL (moduleobject_create, _modify, _delete).';
COMMENT ON COLUMN webhook_events.delivery_id IS 'Delivery id; a repeated delivery is stored once.';
COMMENT ON COLUMN webhook_events.event_type IS 'moduleobject_create, moduleobject_modify or moduleobject_delete.';
COMMENT ON COLUMN webhook_events.module IS 'Module of the object.';
COMMENT ON COLUMN webhook_events.object_id IS 'Object id.';
COMMENT ON COLUMN webhook_events.object_type IS 'Object type.';
COMMENT ON COLUMN webhook_events.mod_time IS 'The object mod_time the event reported.';
COMMENT ON COLUMN webhook_events.received_at IS 'When the receiver accepted it.';
COMMENT ON COLUMN webhook_events.run_id IS 'Run that imported it.';
