-- Hand-added: trigram indexes need pg_trgm (PGlite loads it in src/platform/db/client.ts; PostgreSQL ships it in contrib).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "customer_search_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "search_name" text GENERATED ALWAYS AS (lower(first_name || ' ' || last_name)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "search_document" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', first_name || ' ' || last_name || ' ' || coalesce(company_name, '') || ' ' || coalesce(job_title, ''))) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_addresses" ADD COLUMN "postal_code_key" text GENERATED ALWAYS AS (upper(regexp_replace(postal_code, '[^0-9A-Za-z]', '', 'g'))) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_phones" ADD COLUMN "e164" text;--> statement-breakpoint
CREATE INDEX "customer_search_words_trgm_idx" ON "customer_search_words" USING gist ("word" gist_trgm_ops);--> statement-breakpoint
CREATE INDEX "events_record_time_idx" ON "events" USING btree ("record_type","record_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "accounts_number_trgm_idx" ON "accounts" USING gin (lower("number") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "companies_name_trgm_idx" ON "companies" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contact_emails_email_trgm_idx" ON "contact_emails" USING gin (lower("email") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_search_name_trgm_idx" ON "contacts" USING gin ("search_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_search_document_idx" ON "contacts" USING gin ("search_document");--> statement-breakpoint
CREATE INDEX "customer_addresses_postal_code_trgm_idx" ON "customer_addresses" USING gin ("postal_code_key" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customer_phones_digits_trgm_idx" ON "customer_phones" USING gin ("digits" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customer_phones_e164_idx" ON "customer_phones" USING btree ("e164");--> statement-breakpoint
-- Hand-added: numbers typed with a country code already are E.164 (the app fills the rest as they are written).
UPDATE "customer_phones" SET "e164" = '+' || "digits" WHERE btrim("number") LIKE '+%' AND length("digits") BETWEEN 8 AND 15;--> statement-breakpoint
-- Hand-added: the vocabulary of the existing contacts (the app adds words as contacts are written).
INSERT INTO "customer_search_words" ("word") SELECT DISTINCT unnest(tsvector_to_array("search_document")) FROM "contacts" ON CONFLICT DO NOTHING;
