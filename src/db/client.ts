import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";

export type Db = DrizzleD1Database;

export function createDb(d1: D1Database): Db {
  return drizzle(d1);
}

/** Timestamps as the API shows them: ISO 8601 UTC, seconds, `Z`. */
export function isoSeconds(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
