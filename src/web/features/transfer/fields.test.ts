import { describe, expect, it } from "vitest";
import { ApiError } from "../../lib/api.ts";
import { applySaved, cleanMapping, mappingProblems, takenFields } from "./fields.ts";
import { checkFile, MAX_FILE_BYTES, uploadProblem } from "./uploadErrors.ts";

describe("mapping helpers", () => {
  const headers = ["Имя", "Телефон", "Моб. телефон", "E-mail", "Город"];

  it("drop columns mapped to nothing, to unknown fields or missing from the file", () => {
    expect(
      cleanMapping("contact", headers, { Имя: "firstName", Город: "", "E-mail": "inn", Нет: "lastName" }),
    ).toEqual({ Имя: "firstName" });
  });

  it("find nothing mapped, required fields missing and fields mapped twice (phones may repeat)", () => {
    expect(mappingProblems("contact", {})).toEqual([{ kind: "empty" }]);
    expect(mappingProblems("contact", { Телефон: "phone", "Моб. телефон": "phone" })).toEqual([]);
    expect(mappingProblems("deal", { Сумма: "amount" })).toEqual([{ kind: "required", field: "title" }]);
    expect(mappingProblems("contact", { Имя: "firstName", Город: "firstName" })).toEqual([
      { kind: "twice", field: "firstName" },
    ]);
  });

  it("know which fields other columns took", () => {
    const taken = takenFields({ Имя: "firstName", Телефон: "phone", "E-mail": "email" }, "Имя");
    expect([...taken]).toEqual([]);
    expect([...takenFields({ Имя: "firstName", Город: "lastName" }, "Город")]).toEqual(["firstName"]);
  });

  it("apply a saved mapping by column name, ignoring case and spaces, keeping the other columns", () => {
    const current = { Имя: "firstName", Город: "companyName", Телефон: "phone" };
    const saved = { "e-mail": "email", "  ГОРОД ": "position", Фамилия: "lastName", Телефон: "firstName" };
    expect(applySaved("contact", headers, current, saved)).toEqual({
      // Телефон took firstName from the saved mapping, so Имя lets it go.
      Телефон: "firstName",
      "E-mail": "email",
      Город: "position",
    });
  });
});

describe("upload problems", () => {
  it("are found in the chosen file before sending", () => {
    expect(checkFile({ name: "clients.CSV", size: 10 })).toBeNull();
    expect(checkFile({ name: "clients.xlsx", size: 10 })).toBeNull();
    expect(checkFile({ name: "clients.xls", size: 10 })).toEqual({ key: "wrongType" });
    expect(checkFile({ name: "big.csv", size: MAX_FILE_BYTES + 1 })).toEqual({ key: "tooLarge" });
    expect(checkFile({ name: "none.csv", size: 0 })).toEqual({ key: "empty" });
  });

  it("are read from the API's answers", () => {
    const mixed = new ApiError(
      422,
      "validation_failed",
      "The file mixes encodings: line 2 is UTF-8 and line 5 is not. Save it again in one encoding (UTF-8 or windows-1251)",
    );
    expect(uploadProblem(mixed)).toEqual({ key: "mixedEncodings", utf8Line: 2, otherLine: 5 });
    expect(
      uploadProblem(new ApiError(422, "validation_failed", "The file is not a CSV or XLSX file")),
    ).toEqual({
      key: "notTabular",
    });
    expect(uploadProblem(new ApiError(413, "payload_too_large", "The file is larger than 100 MB"))).toEqual({
      key: "tooLarge",
    });
    expect(uploadProblem(new ApiError(422, "validation_failed", "The file is empty"))).toEqual({
      key: "empty",
    });
    expect(
      uploadProblem(new ApiError(422, "validation_failed", "The file has a header row but no data rows")),
    ).toEqual({ key: "noRows" });
    expect(uploadProblem(new ApiError(403, "forbidden", "no"))).toBeNull();
    expect(uploadProblem(new Error("x"))).toBeNull();
  });
});
