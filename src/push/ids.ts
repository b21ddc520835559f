// Ids of deliveries (`dlv_…`) and events (`msg_…`, the webhook-id header): random, URL-safe.
import { randomToken } from "../auth/keys";

export const newDeliveryId = () => `dlv_${randomToken(12)}`;
export const newEventId = () => `msg_${randomToken(16)}`;
