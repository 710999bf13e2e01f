// The accounting module's jobs and outbox subscriber, registered once per process before jobs start.
import type { Platform } from "../../platform/platform.ts";
import { moyskladExportJob, subscribeMoySkladExport } from "./moysklad/export.ts";
import { moyskladSyncJob } from "./moysklad/sync.ts";
import { moyskladWebhookJob } from "./moysklad/webhook.ts";
import { oneCImportJob } from "./one-c/import.ts";

export function registerAccounting(platform: Platform) {
  platform.jobs.register(moyskladSyncJob(platform));
  platform.jobs.register(moyskladWebhookJob(platform));
  platform.jobs.register(moyskladExportJob(platform));
  platform.jobs.register(oneCImportJob(platform));
  subscribeMoySkladExport(platform);
}
