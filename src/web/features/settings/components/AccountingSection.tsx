// Accounting systems: MoySklad (we call its API) and 1C (it calls our exchange URL). Everyone sees how
// they are doing; `integrations.manage` connects, changes and disconnects them.
import type { Access } from "../logic/sections.ts";
import { MoySkladPanel } from "./MoySkladPanel.tsx";
import { OneCPanel } from "./OneCPanel.tsx";
import { SectionFrame } from "./SectionFrame.tsx";

export function AccountingSection({ access }: { access: Access }) {
  const editable = access === "edit";
  return (
    <SectionFrame section="accounting" access={access}>
      <MoySkladPanel editable={editable} />
      <OneCPanel editable={editable} />
    </SectionFrame>
  );
}
