CREATE TABLE "contact_duplicate_dismissals" (
	"contact_id" uuid NOT NULL,
	"other_contact_id" uuid NOT NULL,
	"dismissed_by" text NOT NULL,
	"dismissed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_duplicate_dismissals_contact_id_other_contact_id_pk" PRIMARY KEY("contact_id","other_contact_id"),
	CONSTRAINT "contact_duplicate_dismissals_ordered" CHECK ("contact_duplicate_dismissals"."contact_id" < "contact_duplicate_dismissals"."other_contact_id")
);
--> statement-breakpoint
CREATE TABLE "contact_merges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"winner_id" uuid NOT NULL,
	"loser_id" uuid NOT NULL,
	"picks" jsonb NOT NULL,
	"winner_before" jsonb NOT NULL,
	"loser_before" jsonb NOT NULL,
	"winner_after" jsonb NOT NULL,
	"moved" jsonb NOT NULL,
	"merged_at" timestamp with time zone NOT NULL,
	"merged_by" text NOT NULL,
	"undo_until" timestamp with time zone NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by" text
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "merged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contact_duplicate_dismissals" ADD CONSTRAINT "contact_duplicate_dismissals_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_duplicate_dismissals" ADD CONSTRAINT "contact_duplicate_dismissals_other_contact_id_contacts_id_fk" FOREIGN KEY ("other_contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_merges" ADD CONSTRAINT "contact_merges_winner_id_contacts_id_fk" FOREIGN KEY ("winner_id") REFERENCES "public"."contacts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_merges" ADD CONSTRAINT "contact_merges_loser_id_contacts_id_fk" FOREIGN KEY ("loser_id") REFERENCES "public"."contacts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_merges_winner_idx" ON "contact_merges" USING btree ("winner_id","merged_at");--> statement-breakpoint
CREATE INDEX "contact_merges_loser_idx" ON "contact_merges" USING btree ("loser_id","merged_at");--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_merged_into_id_contacts_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."contacts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_emails_email_key_idx" ON "contact_emails" USING btree ((replace(split_part(split_part(lower("email"), '@', 1), '+', 1), '.', '') || '@' || CASE split_part(lower("email"), '@', 2) WHEN 'googlemail.com' THEN 'gmail.com' ELSE split_part(lower("email"), '@', 2) END));--> statement-breakpoint
CREATE INDEX "contacts_email_key_idx" ON "contacts" USING btree ((replace(split_part(split_part(lower("email"), '@', 1), '+', 1), '.', '') || '@' || CASE split_part(lower("email"), '@', 2) WHEN 'googlemail.com' THEN 'gmail.com' ELSE split_part(lower("email"), '@', 2) END));--> statement-breakpoint
CREATE INDEX "contacts_company_name_key_idx" ON "contacts" USING btree (lower(trim("company_name"))) WHERE "contacts"."company_id" IS NULL AND "contacts"."company_name" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "contacts_company_last_prefix_idx" ON "contacts" USING btree ("company_id",lower(left("last_name", 2))) WHERE "contacts"."company_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "contacts_company_first_prefix_idx" ON "contacts" USING btree ("company_id",lower(left("first_name", 2))) WHERE "contacts"."company_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "contacts_merged_into_idx" ON "contacts" USING btree ("merged_into_id") WHERE "contacts"."merged_into_id" IS NOT NULL;