CREATE TABLE "inbound_mails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"message_id" text,
	"raw_attachment_id" uuid,
	"ticket_message_id" uuid,
	"contact_id" uuid,
	"from_address" text NOT NULL,
	"from_name" text DEFAULT '' NOT NULL,
	"envelope_from" text,
	"recipients" text[] NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"thread_signal" text NOT NULL,
	"automated" text,
	"bounced_message_id" text,
	"html" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sent_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quarantined_mails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reason" text NOT NULL,
	"detail" text NOT NULL,
	"size" bigint NOT NULL,
	"envelope_from" text,
	"recipients" text[] NOT NULL,
	"from_address" text,
	"subject" text,
	"raw_attachment_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ticket_counters" DROP CONSTRAINT "ticket_counters_status_id_department_key_pk";--> statement-breakpoint
ALTER TABLE "ticket_counters" ADD COLUMN "stripe" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_counters" ADD CONSTRAINT "ticket_counters_status_id_department_key_stripe_pk" PRIMARY KEY("status_id","department_key","stripe");--> statement-breakpoint
ALTER TABLE "inbound_mails" ADD CONSTRAINT "inbound_mails_raw_attachment_id_attachments_id_fk" FOREIGN KEY ("raw_attachment_id") REFERENCES "public"."attachments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_mails" ADD CONSTRAINT "inbound_mails_ticket_message_id_ticket_messages_id_fk" FOREIGN KEY ("ticket_message_id") REFERENCES "public"."ticket_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_mails" ADD CONSTRAINT "inbound_mails_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantined_mails" ADD CONSTRAINT "quarantined_mails_raw_attachment_id_attachments_id_fk" FOREIGN KEY ("raw_attachment_id") REFERENCES "public"."attachments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_mails_dedupe_idx" ON "inbound_mails" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "inbound_mails_message_id_idx" ON "inbound_mails" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "inbound_mails_ticket_message_idx" ON "inbound_mails" USING btree ("ticket_message_id");--> statement-breakpoint
CREATE INDEX "inbound_mails_raw_idx" ON "inbound_mails" USING btree ("raw_attachment_id");--> statement-breakpoint
CREATE INDEX "quarantined_mails_received_idx" ON "quarantined_mails" USING btree ("received_at","id");--> statement-breakpoint
CREATE INDEX "quarantined_mails_raw_idx" ON "quarantined_mails" USING btree ("raw_attachment_id");