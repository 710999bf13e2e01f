// The advertising module's jobs, registered once per process before jobs start.
import type { Platform } from "../../platform/platform.ts";
import { advertisingDailyJob, advertisingSyncJob } from "./sync.ts";

export function registerAdvertising(platform: Platform) {
  platform.jobs.register(advertisingSyncJob(platform));
  platform.jobs.register(advertisingDailyJob(platform));
}
