ALTER TABLE "messaging_integrations" ADD COLUMN "polling_node" text;--> statement-breakpoint
ALTER TABLE "messaging_integrations" ADD COLUMN "polling_lease_until" timestamp with time zone;