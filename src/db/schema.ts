// Drizzle views of the tables created by migrations/*.sql (the SQL files are the source of truth).
import { integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const jobs = sqliteTable("jobs", {
  seq: integer("seq").primaryKey(),
  id: text("id").notNull().unique(),
  postedOn: text("posted_on").notNull(),
  status: integer("status").notNull(),
  jobType: integer("job_type").notNull(),
  contractorTier: integer("contractor_tier").notNull(),
  categorySlug: text("category_slug").notNull(),
  categoryGroupSlug: text("category_group_slug").notNull(),
  engagement: text("engagement").notNull(),
  isPrivate: integer("is_private").notNull(),
  fixedAmount: real("fixed_amount"),
  hourlyMin: real("hourly_min"),
  hourlyMax: real("hourly_max"),
  paymentVerified: integer("payment_verified").notNull(),
  country: text("country"),
  totalSpent: real("total_spent").notNull(),
  jobsWithHires: integer("jobs_with_hires").notNull(),
  totalApplicants: integer("total_applicants").notNull(),
  skillTerms: text("skill_terms").notNull(),
  tagTerms: text("tag_terms").notNull(),
  searchSkills: text("search_skills").notNull(),
  searchTags: text("search_tags").notNull(),
  title: text("title").notNull(),
  description: text("description").notNull(),
  doc: text("doc").notNull(),
  firstSeen: text("first_seen").notNull(),
  lastSeen: text("last_seen").notNull(),
  updatedAt: text("updated_at").notNull(),
});

export const apiKeys = sqliteTable("api_keys", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  tier: text("tier").notNull(),
  keyHash: text("key_hash").notNull().unique(),
  keyPrefix: text("key_prefix").notNull(),
  active: integer("active", { mode: "boolean" }).notNull(),
  createdAt: text("created_at").notNull(),
  revokedAt: text("revoked_at"),
});

export type ApiKeyRow = typeof apiKeys.$inferSelect;
