CREATE TYPE "public"."integration_status" AS ENUM('active', 'error', 'disconnected');--> statement-breakpoint
CREATE TYPE "public"."message_direction" AS ENUM('inbound', 'outbound');--> statement-breakpoint
CREATE TYPE "public"."message_status" AS ENUM('received', 'queued', 'sent', 'delivered', 'read', 'failed');--> statement-breakpoint
CREATE TYPE "public"."messaging_platform" AS ENUM('telegram', 'whatsapp', 'avito');--> statement-breakpoint
CREATE TYPE "public"."update_delivery" AS ENUM('webhook', 'polling');--> statement-breakpoint
CREATE TABLE "conversations" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"integration_id" text NOT NULL,
	"external_chat_id" text NOT NULL,
	"title" text NOT NULL,
	"contact_id" text,
	"deal_id" text,
	"assignee_id" text,
	"unread_count" integer DEFAULT 0 NOT NULL,
	"last_message_at" timestamp with time zone,
	"last_inbound_at" timestamp with time zone,
	"last_outbound_at" timestamp with time zone,
	"first_inbound_at" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_pkey" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "conversations_chat_key" UNIQUE("workspace_id","integration_id","external_chat_id")
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"integration_id" text NOT NULL,
	"direction" "message_direction" NOT NULL,
	"external_id" text,
	"text" text,
	"media" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" "message_status" NOT NULL,
	"error" text,
	"author_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	CONSTRAINT "messages_pkey" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "messages_external_key" UNIQUE("workspace_id","integration_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "messaging_integrations" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"platform" "messaging_platform" NOT NULL,
	"name" text NOT NULL,
	"credentials" text NOT NULL,
	"account" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"webhook_secret" text NOT NULL,
	"delivery" "update_delivery" DEFAULT 'webhook' NOT NULL,
	"polling_offset" bigint,
	"status" "integration_status" DEFAULT 'active' NOT NULL,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"auto_create_contact" boolean DEFAULT true NOT NULL,
	"auto_create_deal" boolean DEFAULT false NOT NULL,
	"unsorted_for_new_chats" boolean DEFAULT true NOT NULL,
	"default_source_id" text,
	"default_pipeline_id" text,
	"default_assignee_id" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messaging_integrations_pkey" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_integration_fk" FOREIGN KEY ("workspace_id","integration_id") REFERENCES "public"."messaging_integrations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_contact_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_deal_fk" FOREIGN KEY ("workspace_id","deal_id") REFERENCES "public"."deals"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_fk" FOREIGN KEY ("workspace_id","conversation_id") REFERENCES "public"."conversations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_integrations" ADD CONSTRAINT "messaging_integrations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_integrations" ADD CONSTRAINT "messaging_integrations_source_fk" FOREIGN KEY ("workspace_id","default_source_id") REFERENCES "public"."lead_sources"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_integrations" ADD CONSTRAINT "messaging_integrations_pipeline_fk" FOREIGN KEY ("workspace_id","default_pipeline_id") REFERENCES "public"."pipelines"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_inbox_idx" ON "conversations" USING btree ("workspace_id","last_message_at","id");--> statement-breakpoint
CREATE INDEX "conversations_contact_idx" ON "conversations" USING btree ("workspace_id","contact_id");--> statement-breakpoint
CREATE INDEX "conversations_deal_idx" ON "conversations" USING btree ("workspace_id","deal_id");--> statement-breakpoint
CREATE INDEX "messages_thread_idx" ON "messages" USING btree ("workspace_id","conversation_id","created_at","id");--> statement-breakpoint
CREATE INDEX "messages_queued_idx" ON "messages" USING btree ("workspace_id","created_at") WHERE "messages"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "messaging_integrations_platform_idx" ON "messaging_integrations" USING btree ("workspace_id","platform");