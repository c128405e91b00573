-- Initiator emails are compared trimmed and lower-cased; existing requests get the same form.
UPDATE "approval_requests" SET "initiated_by" = lower(btrim("initiated_by")) WHERE "initiated_by" IS NOT NULL;
--> statement-breakpoint
UPDATE "approval_requests" SET "initiators" = ARRAY["initiated_by"] WHERE "initiated_by" IS NOT NULL;
