// bench:push baseline: POST the same body `n` times to `target` in a plain fetch loop
// (`concurrency` loops side by side), and report how long it took.
export default {
  async fetch(req) {
    const u = new URL(req.url);
    const target = u.searchParams.get("target");
    const n = Number(u.searchParams.get("n") ?? 100);
    const concurrency = Number(u.searchParams.get("concurrency") ?? 1);
    if (!target) return new Response("target?", { status: 400 });
    const body = await req.text();
    let next = 0;
    let ok = 0;
    const started = Date.now();
    const loop = async () => {
      while (next < n) {
        next++;
        const res = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
        await res.arrayBuffer();
        if (res.ok) ok++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, loop));
    return Response.json({ n, ok, ms: Date.now() - started });
  },
};
