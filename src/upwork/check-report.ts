// The self-check's result as text (npm run upwork:check prints it). No Worker imports: the CLI runs it in Node.
export type CheckStatus = "present" | "missing" | "changed" | "ok" | "failed";

export interface CheckRow {
  item: string;
  status: CheckStatus;
  detail: string | null;
}

export interface CheckResult {
  ok: boolean;
  rows: CheckRow[];
}

/** The check as a plain-text table, problems first, and a one-line verdict (npm run upwork:check prints it). */
export function checkTable(result: CheckResult): string {
  const bad = (r: CheckRow) => r.status !== "present" && r.status !== "ok";
  const rows = [...result.rows.filter(bad), ...result.rows.filter((r) => !bad(r))];
  const width = Math.max(4, ...rows.map((r) => r.item.length));
  const lines = [`${"item".padEnd(width)}  status   detail`, `${"-".repeat(width)}  -------  ------`];
  for (const r of rows) lines.push(`${r.item.padEnd(width)}  ${r.status.padEnd(7)}  ${r.detail ?? ""}`.trimEnd());
  const count = (status: CheckStatus) => result.rows.filter((r) => r.status === status).length;
  const tally = (["present", "ok", "missing", "changed", "failed"] as const).map((s) => `${count(s)} ${s}`).join(", ");
  lines.push("", `${result.ok ? "OK" : "NOT OK"}: ${tally}`);
  return `${lines.join("\n")}\n`;
}
