-- Schema 16: registrations from the self-service page have a source of their own, 扫码登记.
--
-- Desks before this wrote them as `mobile` with the self-registered flag on the signed
-- `registered` event; replay now reads such an event as `self_service`. The events stay as
-- they were signed: only the current rows are brought to what their replay says.
UPDATE cases SET source = 'self_service' WHERE self_registered = 1 AND source <> 'self_service';
