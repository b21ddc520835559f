// Every fake remote service the tests talk to, by the first path segment it is served under.

import { handle as freelancers } from "./freelancers";
import { handle as parsers } from "./parsers";
import { handle as receiver } from "./receiver";
import { handle as relay } from "./relay";
import { handle as telegram } from "./telegram";
import type { FakeHandler } from "./types";
import { handle as upwork } from "./upwork";

export const fakes: Record<string, FakeHandler> = { upwork, relay, receiver, freelancers, parsers, telegram };
