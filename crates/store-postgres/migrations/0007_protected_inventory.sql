-- Protected inventory: an operator may mark imported blocks protected
-- (`tnhub import`'s `protected` column). Their numbers are offered only to
-- searches with protected=ONLY or MIXED. Existing blocks are unprotected.

ALTER TABLE inventory_blocks ADD COLUMN protected BOOLEAN NOT NULL DEFAULT FALSE;
