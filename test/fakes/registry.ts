// Every fake remote service the tests talk to, by the first path segment it is served under.
import type { FakeHandler } from "./types";
import { handle as upwork } from "./upwork";
import { handle as relay } from "./relay";
import { handle as receiver } from "./receiver";
import { handle as freelancers } from "./freelancers";

export const fakes: Record<string, FakeHandler> = { upwork, relay, receiver, freelancers };
