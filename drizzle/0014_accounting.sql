CREATE TYPE "public"."accounting_entity" AS ENUM('company', 'contact', 'deal', 'product');--> statement-breakpoint
CREATE TYPE "public"."accounting_platform" AS ENUM('moysklad', 'one_c');--> statement-breakpoint
CREATE TYPE "public"."accounting_run_status" AS ENUM('running', 'succeeded', 'failed');--> statement-breakpoint
CREATE TABLE "accounting_integrations" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"platform" "accounting_platform" NOT NULL,
	"credentials" text NOT NULL,
	"account" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"remote" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"webhook_secret" text,
	"cursor" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" "integration_status" DEFAULT 'active' NOT NULL,
	"last_sync_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounting_integrations_pkey" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "accounting_integrations_platform_key" UNIQUE("workspace_id","platform")
);
--> statement-breakpoint
CREATE TABLE "accounting_links" (
	"workspace_id" text NOT NULL,
	"integration_id" text NOT NULL,
	"entity" "accounting_entity" NOT NULL,
	"external_id" text NOT NULL,
	"record_id" text NOT NULL,
	"external_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "accounting_links_pkey" PRIMARY KEY("workspace_id","integration_id","entity","external_id"),
	CONSTRAINT "accounting_links_record_key" UNIQUE("workspace_id","integration_id","entity","record_id")
);
--> statement-breakpoint
CREATE TABLE "accounting_runs" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"integration_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" "accounting_run_status" DEFAULT 'running' NOT NULL,
	"progress" jsonb,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"messages" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"session_id" text,
	"filename" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "accounting_runs_pkey" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "accounting_webhook_requests" (
	"workspace_id" text NOT NULL,
	"integration_id" text NOT NULL,
	"request_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounting_webhook_requests_pkey" PRIMARY KEY("workspace_id","integration_id","request_id")
);
--> statement-breakpoint
CREATE TABLE "deal_items" (
	"workspace_id" text NOT NULL,
	"deal_id" text NOT NULL,
	"id" text NOT NULL,
	"product_id" text,
	"name" text NOT NULL,
	"quantity" double precision NOT NULL,
	"price_minor" bigint NOT NULL,
	"discount" double precision DEFAULT 0 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "deal_items_pkey" PRIMARY KEY("workspace_id","deal_id","id")
);
--> statement-breakpoint
CREATE TABLE "one_c_files" (
	"workspace_id" text NOT NULL,
	"integration_id" text NOT NULL,
	"session_id" text NOT NULL,
	"filename" text NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "one_c_files_pkey" PRIMARY KEY("workspace_id","integration_id","session_id","filename","seq")
);
--> statement-breakpoint
CREATE TABLE "one_c_sessions" (
	"workspace_id" text NOT NULL,
	"integration_id" text NOT NULL,
	"id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"queried" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "one_c_sessions_pkey" PRIMARY KEY("workspace_id","integration_id","id")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"article" text,
	"unit" text,
	"price_minor" bigint,
	"currency" text DEFAULT 'RUB' NOT NULL,
	"stock" double precision,
	"archived" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_pkey" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "accounting_integrations" ADD CONSTRAINT "accounting_integrations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_links" ADD CONSTRAINT "accounting_links_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_links" ADD CONSTRAINT "accounting_links_integration_fk" FOREIGN KEY ("workspace_id","integration_id") REFERENCES "public"."accounting_integrations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_runs" ADD CONSTRAINT "accounting_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_runs" ADD CONSTRAINT "accounting_runs_integration_fk" FOREIGN KEY ("workspace_id","integration_id") REFERENCES "public"."accounting_integrations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_webhook_requests" ADD CONSTRAINT "accounting_webhook_requests_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounting_webhook_requests" ADD CONSTRAINT "accounting_webhook_requests_integration_fk" FOREIGN KEY ("workspace_id","integration_id") REFERENCES "public"."accounting_integrations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_items" ADD CONSTRAINT "deal_items_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_items" ADD CONSTRAINT "deal_items_deal_fk" FOREIGN KEY ("workspace_id","deal_id") REFERENCES "public"."deals"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_items" ADD CONSTRAINT "deal_items_product_fk" FOREIGN KEY ("workspace_id","product_id") REFERENCES "public"."products"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_c_files" ADD CONSTRAINT "one_c_files_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_c_files" ADD CONSTRAINT "one_c_files_integration_fk" FOREIGN KEY ("workspace_id","integration_id") REFERENCES "public"."accounting_integrations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_c_sessions" ADD CONSTRAINT "one_c_sessions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_c_sessions" ADD CONSTRAINT "one_c_sessions_integration_fk" FOREIGN KEY ("workspace_id","integration_id") REFERENCES "public"."accounting_integrations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounting_integrations_id_idx" ON "accounting_integrations" USING btree ("id");--> statement-breakpoint
CREATE INDEX "accounting_links_record_idx" ON "accounting_links" USING btree ("workspace_id","entity","record_id");--> statement-breakpoint
CREATE INDEX "accounting_runs_log_idx" ON "accounting_runs" USING btree ("workspace_id","integration_id","started_at");--> statement-breakpoint
CREATE INDEX "one_c_sessions_id_idx" ON "one_c_sessions" USING btree ("id");--> statement-breakpoint
CREATE INDEX "products_name_idx" ON "products" USING btree ("workspace_id",lower("name"));