// vitest globalSetup (runs in Node): one HTTP server on 127.0.0.1 hosting every fake remote service
// (Upwork GraphQL + token endpoint, relay, webhook receivers). Tests inside workerd reach it at
// FAKE_BASE_URL; tests script its behaviour through its own control routes.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";
import { fakes } from "../fakes/registry";

declare module "vitest" {
  export interface ProvidedContext {
    fakeBaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const [, name = "", ...rest] = url.pathname.split("/");
      const handler = fakes[name];
      try {
        if (!handler) res.writeHead(404).end();
        else await handler(req, res, `/${rest.join("/")}${url.search}`, Buffer.concat(chunks).toString("utf8"));
      } catch (err) {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(err));
      }
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  project.provide("fakeBaseUrl", `http://127.0.0.1:${port}`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
