import type { App } from "../../http/context";
import { registerListFreelancers } from "./list";
import { registerSearchFreelancers } from "./search";

/** GET /freelancers (our envelope, with filters) and GET /search_freelancers (the hosted API's shape). */
export function registerFreelancerRoutes(app: App): void {
  registerListFreelancers(app);
  registerSearchFreelancers(app);
}
