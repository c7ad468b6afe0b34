// Outgoing notices to a company's own systems: offline messages to its webhook.
export { OfflineWebhookSender } from "./offline-webhook-sender.js";
