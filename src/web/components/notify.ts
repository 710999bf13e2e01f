import { notifications } from "@mantine/notifications";
import type { TFunction } from "i18next";
import { errorText } from "../lib/errors.ts";

export const notifyError = (err: unknown, t: TFunction) =>
  notifications.show({ color: "red", message: errorText(err, t) });

export const notifyDone = (message: string) => notifications.show({ color: "teal", message });
