-- Freelancer counts found slow with `npm run bench:freelancers` (50,000 profiles): every /freelancers
-- page also counts its matches, and `top_rated` (badge) had no index. `top_rated=true&min_job_success=90`
-- walked freelancers_jss and read the table row of each of ~11,000 profiles to test the badge (8 ms
-- in SQLite alone); `top_rated=false` scanned the whole table (3.6 ms). With (badge, job_success)
-- both counts read this index alone: 0.3 ms and 1.3 ms.
CREATE INDEX freelancers_badge ON freelancers (badge, job_success);
