// Maps zod issues to the API's messages (docs/api.md#validation): `Invalid <name> parameter: <detail>`.
import type { z } from "zod";
import { ApiError, invalidParameter } from "./envelope";

function validationError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  if (!issue) return new ApiError(400, "Invalid request");
  if (issue.code === "unrecognized_keys") {
    const name = String(issue.keys[0] ?? "");
    return invalidParameter(name.slice(0, 60), "unknown parameter");
  }
  const name = [...issue.path].reverse().find((p) => typeof p === "string");
  if (name === undefined) return new ApiError(400, `Invalid request body: ${issue.message}`);
  return invalidParameter(name, detail(issue));
}

function detail(issue: z.core.$ZodIssue): string {
  // Issues carry no `input` unless parsing asks for it (reportInput), so a wrong type is told from a
  // missing value by zod's message ("…, received undefined"), not by `input`.
  if (issue.code === "invalid_type" && / received undefined$/.test(issue.message)) return "required";
  return issue.message;
}

/** The zod-openapi defaultHook: every validation failure becomes the same 400 envelope. */
export function defaultHook(result: { success: boolean; error?: z.ZodError }): void {
  if (!result.success && result.error) throw validationError(result.error);
}
