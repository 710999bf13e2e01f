// Sends a lead's change from a dialog: says it is done, refreshes the inbox and closes the dialog; a
// failure is shown and the dialog stays open.
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { refreshUnsorted } from "./unsorted.ts";

export function useLeadChange(onClose: () => void) {
  const { t } = useTranslation("unsorted");
  const client = useQueryClient();
  return async (send: () => Promise<unknown>, done: string) => {
    try {
      await send();
      notifyDone(done);
      await refreshUnsorted(client);
      onClose();
    } catch (err) {
      notifyError(err, t);
    }
  };
}
