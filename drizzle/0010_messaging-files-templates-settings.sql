CREATE TABLE "message_files" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_files_pkey" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "avito_user_id" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "unanswered_minutes" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "listing_id" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "template" jsonb;--> statement-breakpoint
ALTER TABLE "message_files" ADD CONSTRAINT "message_files_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_files" ADD CONSTRAINT "message_files_conversation_fk" FOREIGN KEY ("workspace_id","conversation_id") REFERENCES "public"."conversations"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contacts_avito_user_id_idx" ON "contacts" USING btree ("workspace_id","avito_user_id") WHERE "contacts"."avito_user_id" is not null;