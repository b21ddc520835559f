// Which URLs a webhook may target. Pure: no DNS, no Worker globals. Checked when a subscription is
// created or changed AND before every send (the setting can change, and rows can be old).
// Names that resolve to private addresses (DNS rebinding) are out of reach without resolving; on
// Cloudflare, fetch() cannot reach private networks anyway, so this guard covers what the URL shows.

export type TargetCheck = { ok: true; url: URL } | { ok: false; reason: string };

const MAX_URL_LENGTH = 2048;

/** Names that never belong to a public receiver (exact, or as a suffix after a dot). */
const BLOCKED_SUFFIXES = [
  "localhost",
  "local",
  "localdomain",
  "internal",
  "intranet",
  "lan",
  "home",
  "corp",
  "private",
  "home.arpa",
  "invalid",
  "onion",
  // public names whose DNS answers with the address written in them, e.g. 127.0.0.1.nip.io
  "nip.io",
  "sslip.io",
  "xip.io",
  "localtest.me",
  "lvh.me",
  "vcap.me",
];
const METADATA_NAMES = ["metadata.google.internal", "metadata", "instance-data", "metadata.azure.com"];

export function checkTarget(raw: string, allowPrivate: boolean): TargetCheck {
  if (raw.length > MAX_URL_LENGTH) return no(`at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return no("not a valid absolute URL");
  }
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) {
    return no(allowPrivate ? "must be an http or https URL" : "must be an https URL");
  }
  if (url.username || url.password) return no("must not contain credentials");
  if (url.port === "0") return no("port 0 is not allowed");

  // The WHATWG parser already turned decimal/octal/hex IPv4 forms (2130706433, 0177.1, 0x7f.1) into
  // dotted quads and compressed IPv6, so what is left to classify is canonical.
  const host = url.hostname.toLowerCase().replace(/\.+$/, "");
  if (host === "") return no("has no host");

  if (host.startsWith("[")) {
    const words = parseIPv6(host.slice(1, -1));
    if (!words) return no("has an invalid IPv6 address");
    const kind = classifyIPv6(words);
    return decide(url, kind, allowPrivate);
  }
  const v4 = parseIPv4(host);
  if (v4 !== null) return decide(url, classifyIPv4(v4), allowPrivate);

  if (METADATA_NAMES.includes(host)) return no("cloud metadata hosts are not allowed");
  const blocked = BLOCKED_SUFFIXES.find((s) => host === s || host.endsWith(`.${s}`));
  if (blocked !== undefined) {
    if (allowPrivate) return { ok: true, url };
    return no(blocked === "localhost" ? "localhost is not allowed" : "internal host names are not allowed");
  }
  if (!host.includes(".")) {
    return allowPrivate ? { ok: true, url } : no("must be a public host name (single-label names are internal)");
  }
  return { ok: true, url };
}

type Kind = "public" | "loopback" | "private" | "metadata" | "reserved";

function decide(url: URL, kind: Kind, allowPrivate: boolean): TargetCheck {
  if (kind === "public") return { ok: true, url };
  if (kind === "metadata") return no("cloud metadata addresses are not allowed");
  if (allowPrivate && (kind === "loopback" || kind === "private")) return { ok: true, url };
  const what = { loopback: "loopback", private: "private or link-local", reserved: "reserved or non-unicast" }[kind];
  return no(`${what} addresses are not allowed`);
}

function no(reason: string): TargetCheck {
  return { ok: false, reason };
}

/** Dotted quad → 32-bit number, or null. */
function parseIPv4(host: string): number | null {
  const m = host.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

const cidr4 = (a: number, b: number, c: number, d: number, bits: number) => ({
  base: ((a << 24) | (b << 16) | (c << 8) | d) >>> 0,
  mask: bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0,
});
const V4_RANGES: [ReturnType<typeof cidr4>, Kind][] = [
  [cidr4(169, 254, 169, 254, 32), "metadata"],
  [cidr4(100, 100, 100, 200, 32), "metadata"], // Alibaba Cloud
  [cidr4(127, 0, 0, 0, 8), "loopback"],
  [cidr4(10, 0, 0, 0, 8), "private"],
  [cidr4(172, 16, 0, 0, 12), "private"],
  [cidr4(192, 168, 0, 0, 16), "private"],
  [cidr4(100, 64, 0, 0, 10), "private"], // CGNAT
  [cidr4(169, 254, 0, 0, 16), "private"], // link-local
  [cidr4(0, 0, 0, 0, 8), "reserved"],
  [cidr4(192, 0, 0, 0, 24), "reserved"],
  [cidr4(192, 0, 2, 0, 24), "reserved"],
  [cidr4(198, 18, 0, 0, 15), "reserved"],
  [cidr4(198, 51, 100, 0, 24), "reserved"],
  [cidr4(203, 0, 113, 0, 24), "reserved"],
  [cidr4(224, 0, 0, 0, 4), "reserved"], // multicast
  [cidr4(240, 0, 0, 0, 4), "reserved"], // incl. broadcast
];

function classifyIPv4(ip: number): Kind {
  for (const [r, kind] of V4_RANGES) if ((ip & r.mask) >>> 0 === r.base) return kind;
  return "public";
}

/** IPv6 text (no brackets) → eight 16-bit words, or null. Accepts an embedded dotted IPv4 tail. */
function parseIPv6(text: string): number[] | null {
  let s = text.toLowerCase();
  if (s.includes("%")) return null; // zone ids never belong in a URL target
  const tail = s.match(/(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/);
  if (tail) {
    const v4 = parseIPv4(tail[1]!);
    if (v4 === null) return null;
    s = `${s.slice(0, -tail[1]!.length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === "" ? [] : part.split(":"));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

function classifyIPv6(w: number[]): Kind {
  const embedded = () => ((w[6]! << 16) | w[7]!) >>> 0;
  const zeros = (n: number) => w.slice(0, n).every((x) => x === 0);
  if (zeros(8)) return "reserved"; // ::
  if (zeros(7) && w[7] === 1) return "loopback"; // ::1
  if (zeros(5) && w[5] === 0xffff) return classifyMapped(embedded()); // ::ffff:a.b.c.d
  if (zeros(6)) return classifyMapped(embedded()); // ::a.b.c.d (deprecated IPv4-compatible)
  if (w[0] === 0x64 && w[1] === 0xff9b && w.slice(2, 6).every((x) => x === 0)) return classifyMapped(embedded()); // NAT64
  if (w[0] === 0xfd00 && w[1] === 0x0ec2 && w.slice(2, 7).every((x) => x === 0) && w[7] === 0x254) return "metadata"; // AWS IMDS over IPv6
  if ((w[0]! & 0xfe00) === 0xfc00) return "private"; // ULA fc00::/7
  if ((w[0]! & 0xffc0) === 0xfe80) return "private"; // link-local fe80::/10
  if ((w[0]! & 0xffc0) === 0xfec0) return "private"; // site-local (deprecated)
  if (w[0] === 0x2002) return classifyMapped(((w[1]! << 16) | w[2]!) >>> 0); // 6to4 carries an IPv4
  if (w[0] === 0x2001 && w[1] === 0x0db8) return "reserved"; // documentation
  if (w[0] === 0x2001 && w[1] === 0) return "reserved"; // Teredo
  if ((w[0]! & 0xe000) !== 0x2000) return "reserved"; // only global unicast 2000::/3 is public
  return "public";
}

/** An IPv4 address carried inside IPv6: never a legitimate way to name a public receiver, and a classic bypass. */
function classifyMapped(v4: number): Kind {
  const kind = classifyIPv4(v4);
  return kind === "public" ? "reserved" : kind;
}
