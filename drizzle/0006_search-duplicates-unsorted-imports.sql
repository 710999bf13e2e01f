CREATE TYPE "public"."record_key_kind" AS ENUM('phone', 'email', 'inn', 'name_company');--> statement-breakpoint
CREATE TYPE "public"."unsorted_status" AS ENUM('pending', 'accepted', 'declined', 'linked');--> statement-breakpoint
CREATE TYPE "public"."duplicate_policy" AS ENUM('skip', 'update', 'create');--> statement-breakpoint
CREATE TYPE "public"."import_entity" AS ENUM('contact', 'company', 'deal');--> statement-breakpoint
CREATE TYPE "public"."import_status" AS ENUM('uploaded', 'running', 'done', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "record_keys" (
	"workspace_id" text NOT NULL,
	"record_type" "record_type" NOT NULL,
	"kind" "record_key_kind" NOT NULL,
	"value" text NOT NULL,
	"record_id" text NOT NULL,
	CONSTRAINT "record_keys_pkey" PRIMARY KEY("workspace_id","record_type","kind","value","record_id")
);
--> statement-breakpoint
CREATE TABLE "unsorted_leads" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"channel" "source_kind" NOT NULL,
	"source_id" text,
	"title" text NOT NULL,
	"contact" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" "unsorted_status" DEFAULT 'pending' NOT NULL,
	"decline_reason" text,
	"contact_id" text,
	"deal_id" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unsorted_leads_pkey" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "import_errors" (
	"workspace_id" text NOT NULL,
	"import_id" text NOT NULL,
	"row_number" integer NOT NULL,
	"message" text NOT NULL,
	"row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "import_errors_pkey" PRIMARY KEY("workspace_id","import_id","row_number")
);
--> statement-breakpoint
CREATE TABLE "import_mappings" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"entity" "import_entity" NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_mappings_pkey" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"entity" "import_entity" NOT NULL,
	"status" "import_status" DEFAULT 'uploaded' NOT NULL,
	"file_name" text NOT NULL,
	"file_path" text NOT NULL,
	"file_size" bigint NOT NULL,
	"format" text NOT NULL,
	"encoding" text,
	"delimiter" text,
	"headers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"duplicate_policy" "duplicate_policy" DEFAULT 'skip' NOT NULL,
	"total_rows" integer,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_count" integer DEFAULT 0 NOT NULL,
	"updated_count" integer DEFAULT 0 NOT NULL,
	"skipped_count" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "imports_pkey" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(coalesce("companies"."name", '') || ' ' || coalesce("companies"."legal_name", '') || ' ' || coalesce("companies"."inn", '') || ' ' || coalesce("companies"."ogrn", '') || ' ' || coalesce("companies"."website", '') || ' ' || regexp_replace(jsonb_path_query_array("companies"."phones", '$[*].number'::jsonpath)::text, '[^0-9 ,]', '', 'g') || ' ' || jsonb_path_query_array("companies"."emails", '$[*].email'::jsonpath)::text)) STORED;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce("companies"."name", '') || ' ' || coalesce("companies"."legal_name", '')) || to_tsvector('russian'::regconfig, coalesce("companies"."name", '') || ' ' || coalesce("companies"."legal_name", ''))) STORED;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(coalesce("contacts"."last_name", '') || ' ' || coalesce("contacts"."first_name", '') || ' ' || coalesce("contacts"."middle_name", '') || ' ' || coalesce("contacts"."telegram_username", '') || ' ' || regexp_replace(jsonb_path_query_array("contacts"."phones", '$[*].number'::jsonpath)::text, '[^0-9 ,]', '', 'g') || ' ' || jsonb_path_query_array("contacts"."emails", '$[*].email'::jsonpath)::text)) STORED;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce("contacts"."last_name", '') || ' ' || coalesce("contacts"."first_name", '') || ' ' || coalesce("contacts"."middle_name", '')) || to_tsvector('russian'::regconfig, coalesce("contacts"."last_name", '') || ' ' || coalesce("contacts"."first_name", '') || ' ' || coalesce("contacts"."middle_name", '') || ' ' || coalesce("contacts"."position", ''))) STORED;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower("deals"."title")) STORED;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "deals"."title") || to_tsvector('russian'::regconfig, "deals"."title")) STORED;--> statement-breakpoint
ALTER TABLE "record_keys" ADD CONSTRAINT "record_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unsorted_leads" ADD CONSTRAINT "unsorted_leads_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unsorted_leads" ADD CONSTRAINT "unsorted_leads_source_fk" FOREIGN KEY ("workspace_id","source_id") REFERENCES "public"."lead_sources"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unsorted_leads" ADD CONSTRAINT "unsorted_leads_contact_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unsorted_leads" ADD CONSTRAINT "unsorted_leads_deal_fk" FOREIGN KEY ("workspace_id","deal_id") REFERENCES "public"."deals"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_errors" ADD CONSTRAINT "import_errors_import_fk" FOREIGN KEY ("workspace_id","import_id") REFERENCES "public"."imports"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "record_keys_record_idx" ON "record_keys" USING btree ("workspace_id","record_type","record_id");--> statement-breakpoint
CREATE INDEX "unsorted_leads_pending_idx" ON "unsorted_leads" USING btree ("workspace_id","created_at") WHERE "unsorted_leads"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "imports_created_idx" ON "imports" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "companies_search_text_idx" ON "companies" USING gin ("workspace_id","search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "companies_search_vector_idx" ON "companies" USING gin ("workspace_id","search_vector");--> statement-breakpoint
CREATE INDEX "contacts_search_text_idx" ON "contacts" USING gin ("workspace_id","search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_search_vector_idx" ON "contacts" USING gin ("workspace_id","search_vector");--> statement-breakpoint
CREATE INDEX "deals_search_text_idx" ON "deals" USING gin ("workspace_id","search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "deals_search_vector_idx" ON "deals" USING gin ("workspace_id","search_vector");