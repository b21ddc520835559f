import type { App } from "../../http/context";

/** Placeholder: the freelancer issue registers /freelancers and /search_freelancers here. */
export function registerFreelancerRoutes(_app: App): void {}
