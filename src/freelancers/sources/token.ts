// Bridge to the deployment's one OAuth2 token store (owned by the jobs ingestion, src/ingest/).
// The freelancer source only asks for a valid access token; it never stores or refreshes one.
import { SourceError } from "./types";

export async function upworkAccessToken(_env: Env): Promise<string> {
  throw new SourceError("FREELANCER_SOURCE=upwork needs the Upwork OAuth2 token store of the jobs ingestion, which this build does not have yet");
}
