// Queue messages carry ids only; everything else is read from D1 when the message is handled.
import { z } from "zod";
import type { Dispatch } from "../db/webhooks";

export const DeliveryMessage = z.strictObject({
  delivery_id: z.string().regex(/^dlv_[A-Za-z0-9_-]{8,64}$/),
  dispatch: z.string().regex(/^[0-9a-f]{16}$/),
});

const SEND_BATCH = 100; // Queues' sendBatch limit

export async function enqueueDeliveries(queue: Queue, dispatches: Dispatch[]): Promise<void> {
  for (let i = 0; i < dispatches.length; i += SEND_BATCH) {
    const chunk = dispatches.slice(i, i + SEND_BATCH);
    await queue.sendBatch(chunk.map((d) => ({ body: { delivery_id: d.delivery_id, dispatch: d.dispatch }, contentType: "json" as const })));
  }
}
