import type { IncomingMessage, ServerResponse } from "node:http";

/** A fake remote service, served inside the one loopback test server under `/<name>/...`. */
export type FakeHandler = (req: IncomingMessage, res: ServerResponse, path: string, body: string) => void | Promise<void>;
