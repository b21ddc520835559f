// drizzle's view of D1, for the queries written with its builder (the others are plain D1 statements).
// Every data-access function takes the D1 binding itself: one database handle everywhere.
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";

const views = new WeakMap<D1Database, DrizzleD1Database>();

export function orm(d1: D1Database): DrizzleD1Database {
  let view = views.get(d1);
  if (!view) {
    view = drizzle(d1);
    views.set(d1, view);
  }
  return view;
}
