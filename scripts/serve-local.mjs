#!/usr/bin/env node
// The Worker on this machine like `wrangler dev --test-scheduled`, but with the DevTools inspector
// off, for long local runs (`npm start`, the benchmarks). With the inspector on, wrangler's
// inspector proxy receives four Network.* events for every D1 query and, when no DevTools window is
// attached, keeps them all: about 50 KB per API call, until that workerd process runs out of heap
// (it did after ~50,000 API calls in a soak). `npm run dev` keeps the inspector for debugging.
//
//   node scripts/serve-local.mjs [--port 8787] [--ip 127.0.0.1] [--persist-to DIR] [--config wrangler.toml]
//                                [--var NAME:value]...
//
// Prints `Ready on <url>` once the Worker answers, then `Worker on <url>`: the Worker's own workerd,
// without wrangler's dev proxy in front (the soak benchmark loads that one). Stops on SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import { unstable_DevEnv } from "wrangler";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8787" },
    ip: { type: "string", default: "127.0.0.1" },
    "persist-to": { type: "string" },
    config: { type: "string", default: "wrangler.toml" },
    var: { type: "string", multiple: true, default: [] },
  },
});

const bindings = {};
for (const v of values.var) {
  const at = v.indexOf(":");
  if (at < 1) throw new Error(`--var expects NAME:value, got ${JSON.stringify(v)}`);
  bindings[v.slice(0, at)] = { type: "plain_text", value: v.slice(at + 1) };
}

// wrangler's startWorker, on a DevEnv whose event bus we listen to: the runtime announces the
// Worker's own address in its reloadComplete event, which the public API does not expose.
const devEnv = new unstable_DevEnv();
const workerUrl = new Promise((resolve) => {
  const dispatch = devEnv.dispatch.bind(devEnv);
  devEnv.dispatch = (event) => {
    if (event.type === "reloadComplete" && event.proxyData?.userWorkerUrl) {
      const { protocol, hostname, port } = event.proxyData.userWorkerUrl;
      resolve(`${protocol}//${hostname}:${port}`);
    }
    return dispatch(event);
  };
});

// Stop cleanly even while starting: tearing the DevEnv down stops both workerd processes.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await devEnv.teardown();
    process.exit(0);
  });
}

const worker = await devEnv.startWorker({
  config: values.config,
  bindings,
  dev: {
    remote: false,
    inspector: false,
    testScheduled: true,
    watch: false,
    server: { hostname: values.ip, port: Number(values.port) },
    ...(values["persist-to"] ? { persist: values["persist-to"] } : {}),
  },
});
// The proxy's address is known before the Worker itself is up: wait for both.
const direct = await workerUrl;
const url = (await worker.url).origin;
console.log(`Ready on ${url}`);
console.log(`Worker on ${direct}`);
