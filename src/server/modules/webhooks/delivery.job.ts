import { z } from "zod";
import { defineJob, type JobDefinition } from "../../platform/jobs.ts";
import type { Platform } from "../../platform/platform.ts";
import { attemptDelivery } from "./delivery.ts";

const payload = z.object({ workspaceId: z.string(), deliveryId: z.string() });

/**
 * One attempt of a webhook delivery. Receivers' failures are not job failures: the attempt records
 * them and enqueues the next one itself (startAfter). A job fails only when the database does, and its
 * retry finds the delivery either recorded already or due again once its lease ran out.
 */
export function webhookDeliveryJob(platform: Platform): JobDefinition<z.infer<typeof payload>> {
  return defineJob({
    name: "webhooks.deliver",
    schema: payload,
    // Longer than an attempt's lease (timeout + 15 s), so a retry finds the delivery due again.
    retry: { limit: 10, delaySeconds: 30 },
    expireInSeconds: 120,
    // Attempts of one batch run side by side: a hanging receiver (up to its timeout) does not hold
    // up the deliveries to everyone else.
    batchSize: 20,
    handler: (target, { log }) => attemptDelivery(platform, target, log),
    batchHandler: async (targets, { log }) => {
      const results = await Promise.allSettled(targets.map((t) => attemptDelivery(platform, t, log)));
      const failed = results.find((r) => r.status === "rejected");
      if (failed) throw failed.reason;
    },
  });
}
