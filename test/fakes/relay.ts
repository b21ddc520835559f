import type { FakeHandler } from "./types";

/** Placeholder fake; its issue fills it in. */
export const handle: FakeHandler = (_req, res) => {
  res.writeHead(404).end();
};
