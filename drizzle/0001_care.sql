CREATE SEQUENCE "public"."ticket_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"first_name" text DEFAULT '' NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"email" text,
	"phone" text,
	"company_name" text,
	"source" text DEFAULT 'staff' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cancellation_reasons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "priority_levels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"rank" integer NOT NULL,
	"label" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "priority_matrix" (
	"impact_id" uuid NOT NULL,
	"urgency_id" uuid NOT NULL,
	"priority_id" uuid NOT NULL,
	CONSTRAINT "priority_matrix_impact_id_urgency_id_pk" PRIMARY KEY("impact_id","urgency_id")
);
--> statement-breakpoint
CREATE TABLE "ticket_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL,
	"classification" text,
	"requires_acceptance" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_statuses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"state" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_type_cancellation_reasons" (
	"type_id" uuid NOT NULL,
	"reason_id" uuid NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	CONSTRAINT "ticket_type_cancellation_reasons_type_id_reason_id_pk" PRIMARY KEY("type_id","reason_id")
);
--> statement-breakpoint
CREATE TABLE "ticket_type_categories" (
	"type_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	CONSTRAINT "ticket_type_categories_type_id_category_id_pk" PRIMARY KEY("type_id","category_id")
);
--> statement-breakpoint
CREATE TABLE "ticket_type_creator_units" (
	"type_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "ticket_type_creator_units_type_id_unit_id_pk" PRIMARY KEY("type_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "ticket_type_statuses" (
	"type_id" uuid NOT NULL,
	"status_id" uuid NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	CONSTRAINT "ticket_type_statuses_type_id_status_id_pk" PRIMARY KEY("type_id","status_id")
);
--> statement-breakpoint
CREATE TABLE "ticket_type_transitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type_id" uuid NOT NULL,
	"from_status_id" uuid NOT NULL,
	"to_status_id" uuid NOT NULL,
	"user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"code" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"complete_within_amount" integer,
	"complete_within_unit" text,
	"recalculate_on_respond" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_counters" (
	"status_id" uuid NOT NULL,
	"department_key" uuid NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"waiting_on_staff" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "ticket_counters_status_id_department_key_pk" PRIMARY KEY("status_id","department_key")
);
--> statement-breakpoint
CREATE TABLE "ticket_linked_records" (
	"ticket_id" uuid NOT NULL,
	"record_type" text NOT NULL,
	"record_id" text NOT NULL,
	"open" boolean DEFAULT true NOT NULL,
	CONSTRAINT "ticket_linked_records_ticket_id_record_type_record_id_pk" PRIMARY KEY("ticket_id","record_type","record_id")
);
--> statement-breakpoint
CREATE TABLE "ticket_links" (
	"ticket_id" uuid NOT NULL,
	"related_ticket_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_links_ticket_id_related_ticket_id_pk" PRIMARY KEY("ticket_id","related_ticket_id")
);
--> statement-breakpoint
CREATE TABLE "ticket_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"visibility" text NOT NULL,
	"author_type" text NOT NULL,
	"author_user_id" uuid,
	"author_name" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigint DEFAULT nextval('ticket_number_seq') NOT NULL,
	"type_id" uuid NOT NULL,
	"status_id" uuid NOT NULL,
	"state" text NOT NULL,
	"category_id" uuid,
	"impact_id" uuid,
	"urgency_id" uuid,
	"priority_id" uuid,
	"department_id" uuid,
	"assignee_id" uuid,
	"contact_id" uuid,
	"contact_name" text DEFAULT '' NOT NULL,
	"contact_email" text,
	"contact_phone" text,
	"subject" text NOT NULL,
	"channel" text NOT NULL,
	"opened_by" text NOT NULL,
	"opened_by_user_id" uuid,
	"created_from_type" text,
	"created_from_id" text,
	"solution_category_id" uuid,
	"acceptance" text DEFAULT 'not_required' NOT NULL,
	"cancellation_reason_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"expected_completion_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"overdue_flagged_at" timestamp with time zone,
	"last_action_by" text NOT NULL,
	"last_action_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "priority_matrix" ADD CONSTRAINT "priority_matrix_impact_id_priority_levels_id_fk" FOREIGN KEY ("impact_id") REFERENCES "public"."priority_levels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priority_matrix" ADD CONSTRAINT "priority_matrix_urgency_id_priority_levels_id_fk" FOREIGN KEY ("urgency_id") REFERENCES "public"."priority_levels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priority_matrix" ADD CONSTRAINT "priority_matrix_priority_id_priority_levels_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priority_levels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_categories" ADD CONSTRAINT "ticket_categories_parent_id_ticket_categories_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."ticket_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_type_cancellation_reasons" ADD CONSTRAINT "ticket_type_cancellation_reasons_type_id_ticket_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."ticket_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_type_cancellation_reasons" ADD CONSTRAINT "ticket_type_cancellation_reasons_reason_id_cancellation_reasons_id_fk" FOREIGN KEY ("reason_id") REFERENCES "public"."cancellation_reasons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_type_categories" ADD CONSTRAINT "ticket_type_categories_type_id_ticket_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."ticket_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_type_categories" ADD CONSTRAINT "ticket_type_categories_category_id_ticket_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."ticket_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_type_creator_units" ADD CONSTRAINT "ticket_type_creator_units_type_id_ticket_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."ticket_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_type_creator_units" ADD CONSTRAINT "ticket_type_creator_units_unit_id_business_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."business_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_type_statuses" ADD CONSTRAINT "ticket_type_statuses_type_id_ticket_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."ticket_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_type_statuses" ADD CONSTRAINT "ticket_type_statuses_status_id_ticket_statuses_id_fk" FOREIGN KEY ("status_id") REFERENCES "public"."ticket_statuses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_type_transitions" ADD CONSTRAINT "ticket_type_transitions_type_id_ticket_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."ticket_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_type_transitions" ADD CONSTRAINT "ticket_type_transitions_from_status_id_ticket_statuses_id_fk" FOREIGN KEY ("from_status_id") REFERENCES "public"."ticket_statuses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_type_transitions" ADD CONSTRAINT "ticket_type_transitions_to_status_id_ticket_statuses_id_fk" FOREIGN KEY ("to_status_id") REFERENCES "public"."ticket_statuses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_counters" ADD CONSTRAINT "ticket_counters_status_id_ticket_statuses_id_fk" FOREIGN KEY ("status_id") REFERENCES "public"."ticket_statuses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_linked_records" ADD CONSTRAINT "ticket_linked_records_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_related_ticket_id_tickets_id_fk" FOREIGN KEY ("related_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_messages" ADD CONSTRAINT "ticket_messages_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_messages" ADD CONSTRAINT "ticket_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_type_id_ticket_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."ticket_types"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_status_id_ticket_statuses_id_fk" FOREIGN KEY ("status_id") REFERENCES "public"."ticket_statuses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_category_id_ticket_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."ticket_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_impact_id_priority_levels_id_fk" FOREIGN KEY ("impact_id") REFERENCES "public"."priority_levels"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_urgency_id_priority_levels_id_fk" FOREIGN KEY ("urgency_id") REFERENCES "public"."priority_levels"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_priority_id_priority_levels_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."priority_levels"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_department_id_business_units_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."business_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_opened_by_user_id_users_id_fk" FOREIGN KEY ("opened_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_solution_category_id_ticket_categories_id_fk" FOREIGN KEY ("solution_category_id") REFERENCES "public"."ticket_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_cancellation_reason_id_cancellation_reasons_id_fk" FOREIGN KEY ("cancellation_reason_id") REFERENCES "public"."cancellation_reasons"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contacts_email_idx" ON "contacts" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "cancellation_reasons_name_idx" ON "cancellation_reasons" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "priority_levels_kind_rank_idx" ON "priority_levels" USING btree ("kind","rank");--> statement-breakpoint
CREATE INDEX "ticket_categories_kind_idx" ON "ticket_categories" USING btree ("kind","parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_statuses_name_idx" ON "ticket_statuses" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "ticket_type_transitions_type_idx" ON "ticket_type_transitions" USING btree ("type_id","from_status_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_types_name_idx" ON "ticket_types" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_types_code_idx" ON "ticket_types" USING btree (lower("code"));--> statement-breakpoint
CREATE INDEX "ticket_messages_ticket_idx" ON "ticket_messages" USING btree ("ticket_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_number_idx" ON "tickets" USING btree ("number");--> statement-breakpoint
CREATE INDEX "tickets_queue_idx" ON "tickets" USING btree ("status_id","last_action_at","id");--> statement-breakpoint
CREATE INDEX "tickets_department_queue_idx" ON "tickets" USING btree ("department_id","status_id","last_action_at","id");--> statement-breakpoint
CREATE INDEX "tickets_assignee_idx" ON "tickets" USING btree ("assignee_id","state");--> statement-breakpoint
CREATE INDEX "tickets_contact_idx" ON "tickets" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "tickets_due_idx" ON "tickets" USING btree ("expected_completion_at") WHERE "tickets"."state" NOT IN ('completed', 'cancelled') AND "tickets"."overdue_flagged_at" IS NULL;