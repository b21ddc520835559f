// Placeholder: the webhook push issue replaces this with the delivery consumer.
export async function handleQueueBatch(batch: MessageBatch<unknown>, _env: Env): Promise<void> {
  for (const message of batch.messages) message.ack();
}
