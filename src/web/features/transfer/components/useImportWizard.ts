// The import wizard's state and moves: upload → mapping → preview → running → result.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyDone, notifyError } from "../../../components/notify.ts";
import { ApiError } from "../../../lib/api.ts";
import { errorText } from "../../../lib/errors.ts";
import { useLiveEvents } from "../../../lib/live.ts";
import {
  type ConfigureAnswer,
  cancelImport,
  configureImport,
  type DuplicatePolicy,
  importKeys,
  refreshImports,
  startImport,
  type UploadAnswer,
  uploadImport,
  useImport,
} from "../api/imports.ts";
import { cleanMapping, type ImportEntity, isFinished, type Mapping, mappingProblems } from "../fields.ts";
import { checkFile, type UploadProblem, uploadProblem } from "../uploadErrors.ts";

export const STEPS = ["upload", "mapping", "preview", "run", "result"] as const;
export type Step = 0 | 1 | 2 | 3 | 4;

export function useImportWizard() {
  const { t } = useTranslation("transfer");
  const client = useQueryClient();
  const [step, setStep] = useState<Step>(0);
  const [entity, setEntity] = useState<ImportEntity>("contact");
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<UploadAnswer | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [policy, setPolicy] = useState<DuplicatePolicy>("skip");
  const [saveAs, setSaveAs] = useState("");
  const [configured, setConfigured] = useState<ConfigureAnswer | null>(null);
  const [runningId, setRunningId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [showProblems, setShowProblems] = useState(false);
  const progress = useImport(runningId);

  useLiveEvents(["import."], () => void client.invalidateQueries({ queryKey: importKeys.all }));

  // The result step as soon as the running import ends (by the poll or a live event).
  useEffect(() => {
    if (step === 3 && progress.data && isFinished(progress.data.status)) {
      setStep(4);
      void refreshImports(client);
    }
  }, [step, progress.data, client]);

  const problemText = (p: UploadProblem) =>
    p.key === "mixedEncodings"
      ? t("upload.errors.mixedEncodings", { utf8Line: p.utf8Line, otherLine: p.otherLine })
      : t(`upload.errors.${p.key}`);
  const problems = upload ? mappingProblems(upload.entity, mapping) : [];

  // Each move shows the next step at once (its content loading, its button waiting), and steps back
  // with the reason when the server refuses.
  async function sendFile() {
    if (!file) {
      setError(t("upload.errors.noFile"));
      return;
    }
    const local = checkFile(file);
    if (local) {
      setError(problemText(local));
      return;
    }
    setBusy(true);
    setError(null);
    setUpload(null);
    setConfigured(null);
    setStep(1);
    try {
      const answer = await uploadImport(entity, file);
      setUpload(answer);
      setMapping(cleanMapping(answer.entity, answer.headers, answer.guessedMapping));
      setPolicy("skip");
      setSaveAs("");
      setShowProblems(false);
      void refreshImports(client);
    } catch (err) {
      const known = uploadProblem(err);
      setError(known ? problemText(known) : errorText(err, t));
      setStep(0);
    } finally {
      setBusy(false);
    }
  }

  async function sendMapping() {
    if (!upload) return;
    setShowProblems(true);
    if (problems.length > 0) return;
    setBusy(true);
    setError(null);
    setConfigured(null);
    setStep(2);
    try {
      const name = saveAs.trim();
      const answer = await configureImport(upload.id, {
        mapping,
        duplicatePolicy: policy,
        ...(name ? { saveMappingAs: name } : {}),
      });
      setConfigured(answer);
      if (name) {
        notifyDone(t("mapping.savedDone", { name }));
        setSaveAs("");
        void client.invalidateQueries({ queryKey: importKeys.mappings(upload.entity) });
      }
    } catch (err) {
      // A refused mapping comes back as 422 with the server's own explanation, the most precise there is.
      setError(
        err instanceof ApiError && err.status === 422
          ? `${errorText(err, t)} ${err.message}`
          : errorText(err, t),
      );
      setStep(1);
    } finally {
      setBusy(false);
    }
  }

  async function start() {
    if (!configured) return;
    setBusy(true);
    setStep(3);
    try {
      const started = await startImport(configured.id);
      client.setQueryData(importKeys.one(started.id), started);
      setRunningId(started.id);
      void refreshImports(client);
    } catch (err) {
      notifyError(err, t);
      setStep(2);
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    if (!runningId) return;
    setBusy(true);
    try {
      await cancelImport(runningId);
      notifyDone(t("progress.cancelled"));
    } catch (err) {
      notifyError(err, t);
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: importKeys.all });
    }
  }

  function reset() {
    setStep(0);
    setFile(null);
    setUpload(null);
    setMapping({});
    setConfigured(null);
    setRunningId(null);
    setError(null);
    setSaveAs("");
  }

  function back() {
    setError(null);
    if (step === 1 || step === 2) setStep((step - 1) as Step);
  }

  return {
    step,
    entity,
    setEntity: (e: ImportEntity) => {
      setEntity(e);
      setError(null);
    },
    file,
    setFile: (f: File | null) => {
      setFile(f);
      const local = f ? checkFile(f) : null;
      setError(local ? problemText(local) : null);
    },
    upload,
    mapping,
    setMapping,
    policy,
    setPolicy,
    saveAs,
    setSaveAs,
    problems: showProblems ? problems : [],
    configured,
    /** The running import; until the start is confirmed, the configured one shown as starting. */
    progress:
      (runningId ? progress.data : null) ??
      (step >= 3 && configured ? { ...configured, status: "running" as const } : null),
    /** The started import's id (null until the server confirmed the start). */
    runningId,
    busy,
    error,
    sendFile,
    sendMapping,
    start,
    cancel,
    reset,
    back,
  };
}
