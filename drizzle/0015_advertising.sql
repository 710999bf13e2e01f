CREATE TYPE "public"."advertising_platform" AS ENUM('yandex_direct', 'avito');--> statement-breakpoint
CREATE TYPE "public"."lead_form_target" AS ENUM('deal', 'unsorted');--> statement-breakpoint
CREATE TABLE "ad_campaigns" (
	"workspace_id" text NOT NULL,
	"integration_id" text NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"utm_campaign" text,
	"source_id" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ad_campaigns_pkey" PRIMARY KEY("workspace_id","integration_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "ad_spend" (
	"workspace_id" text NOT NULL,
	"integration_id" text NOT NULL,
	"external_id" text NOT NULL,
	"day" date NOT NULL,
	"cost_minor" bigint DEFAULT 0 NOT NULL,
	"impressions" integer DEFAULT 0 NOT NULL,
	"clicks" integer DEFAULT 0 NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	"contacts" integer DEFAULT 0 NOT NULL,
	"favorites" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ad_spend_pkey" PRIMARY KEY("workspace_id","integration_id","external_id","day")
);
--> statement-breakpoint
CREATE TABLE "advertising_integrations" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"platform" "advertising_platform" NOT NULL,
	"credentials" text NOT NULL,
	"account" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"synced_through" date,
	"status" "integration_status" DEFAULT 'active' NOT NULL,
	"last_sync_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "advertising_integrations_pkey" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "advertising_integrations_platform_key" UNIQUE("workspace_id","platform")
);
--> statement-breakpoint
CREATE TABLE "advertising_runs" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"integration_id" text NOT NULL,
	"status" "accounting_run_status" DEFAULT 'running' NOT NULL,
	"date_from" date,
	"date_to" date,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "advertising_runs_pkey" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "lead_forms" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"token" text NOT NULL,
	"name" text NOT NULL,
	"allowed_origins" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"target" "lead_form_target" DEFAULT 'unsorted' NOT NULL,
	"pipeline_id" text,
	"source_id" text,
	"assignee_id" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lead_forms_pkey" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "lead_forms_token_key" UNIQUE("token")
);
--> statement-breakpoint
ALTER TABLE "ad_campaigns" ADD CONSTRAINT "ad_campaigns_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_campaigns" ADD CONSTRAINT "ad_campaigns_integration_fk" FOREIGN KEY ("workspace_id","integration_id") REFERENCES "public"."advertising_integrations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_campaigns" ADD CONSTRAINT "ad_campaigns_source_fk" FOREIGN KEY ("workspace_id","source_id") REFERENCES "public"."lead_sources"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_spend" ADD CONSTRAINT "ad_spend_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_spend" ADD CONSTRAINT "ad_spend_integration_fk" FOREIGN KEY ("workspace_id","integration_id") REFERENCES "public"."advertising_integrations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advertising_integrations" ADD CONSTRAINT "advertising_integrations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advertising_runs" ADD CONSTRAINT "advertising_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advertising_runs" ADD CONSTRAINT "advertising_runs_integration_fk" FOREIGN KEY ("workspace_id","integration_id") REFERENCES "public"."advertising_integrations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_forms" ADD CONSTRAINT "lead_forms_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_forms" ADD CONSTRAINT "lead_forms_pipeline_fk" FOREIGN KEY ("workspace_id","pipeline_id") REFERENCES "public"."pipelines"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_forms" ADD CONSTRAINT "lead_forms_source_fk" FOREIGN KEY ("workspace_id","source_id") REFERENCES "public"."lead_sources"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ad_spend_day_idx" ON "ad_spend" USING btree ("workspace_id","day");--> statement-breakpoint
CREATE INDEX "advertising_runs_log_idx" ON "advertising_runs" USING btree ("workspace_id","integration_id","started_at");