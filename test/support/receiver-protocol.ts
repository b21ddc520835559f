// The fake webhook receiver's control protocol, shared by the Node side (test/fakes/receiver.ts)
// and the tests in workerd (test/support/push.ts). No runtime imports: both TypeScript projects include it.

/** One scripted answer: status, headers, body; delay_ms waits first; reset drops the connection instead. */
export interface Step {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  delay_ms?: number;
  reset?: boolean;
}

export interface Received {
  at: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  answer: number | "reset";
}
