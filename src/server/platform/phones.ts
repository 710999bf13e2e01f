export { toE164 } from "../../common/phones.ts";
